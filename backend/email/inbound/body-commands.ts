// Replies that are commands, not posts (behaviour.md §1.3 "React by email", §3.3 step 11,
// §6 B 25–27): a body that is only a like token likes the post; "mute", "track" or "watch"
// (bodies of at most 40 characters, as Discourse) set the sender's level for the topic; a
// subject or body of exactly "unsubscribe" sends an unsubscribe confirmation.
import type { Db } from '../../db/database';
import type { Post, Topic, User } from '../../db/schema';
import { insertNotification, postNotificationData } from '../../notifications/notify-post';
import { NOTIFICATION_TYPES, TOPIC_NOTIFICATION_LEVELS } from '../../notifications/notification-types';
import type { ForumContext } from '../../services/context';
import { DomainError } from '../../../shared/domain/errors';
import { nowIso } from '../../util/clock';
import { enqueueSystemEmail } from '../outbound/system-email';
import { emailSiteTitle } from '../outbound/site-identity';
import { unsubscribeUrl } from '../outbound/unsubscribe-links';
import { inboundDb } from './types';

export const LIKE_ACTION_TYPE = 2;

// "+1", "<3", the heart (with or without the emoji variation selector) and the word "like".
const LIKES = new Set(['+1', '<3', '❤', '❤️', '♥', 'like', ':+1:', ':heart:']);
const LEVELS: Record<string, number> = {
  mute: TOPIC_NOTIFICATION_LEVELS.muted,
  track: TOPIC_NOTIFICATION_LEVELS.tracking,
  watch: TOPIC_NOTIFICATION_LEVELS.watching,
};

export type BodyCommand = { kind: 'like' } | { kind: 'level'; level: number; word: string };

export function bodyCommand(body: string): BodyCommand | undefined {
  const word = body.trim().toLowerCase();
  if (LIKES.has(word)) return { kind: 'like' };
  // Discourse looks for a level word only in short bodies, so a long reply is never a command.
  if (body.length > 40) return undefined;
  const level = LEVELS[word];
  return level === undefined ? undefined : { kind: 'level', level, word };
}

export function isUnsubscribeRequest(subject: string, body: string): boolean {
  return subject.trim().toLowerCase() === 'unsubscribe' || body.trim().toLowerCase() === 'unsubscribe';
}

/** A like from the sender; liking one's own or a deleted post is an invalid action. */
export async function likePost(db: Db, user: User, post: Post, topic: Topic): Promise<void> {
  if (post.deleted_at !== null || post.user_id === user.id)
    throw new DomainError('email_invalid_post_action');
  const now = nowIso();
  const inserted = await inboundDb(db)
    .insertInto('post_actions')
    .values({
      post_id: post.id,
      user_id: user.id,
      post_action_type_id: LIKE_ACTION_TYPE,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .onConflict((oc) => oc.columns(['post_id', 'user_id', 'post_action_type_id']).doNothing())
    .executeTakeFirst();
  // Liking twice changes nothing (a second "+1" email is not an error).
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await db
    .updateTable('topics')
    .set((eb) => ({ like_count: eb('like_count', '+', 1) }))
    .where('id', '=', topic.id)
    .execute();
  await insertNotification(db, {
    userId: post.user_id,
    type: NOTIFICATION_TYPES.liked,
    topicId: topic.id,
    postNumber: post.post_number,
    data: postNotificationData(topic, post, user),
  });
}

export async function setTopicLevel(db: Db, userId: number, topicId: number, level: number): Promise<void> {
  await db
    .insertInto('topic_users')
    .values({
      user_id: userId,
      topic_id: topicId,
      notification_level: level,
      // Discourse's TopicUser.notification_reasons.user_changed
      notifications_reason_id: 9,
      posted: 0,
      last_read_post_number: null,
      first_visited_at: null,
      last_visited_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'topic_id'])
        .doUpdateSet({ notification_level: level, notifications_reason_id: 9 }),
    )
    .execute();
}

/**
 * The confirmation for "unsubscribe" (Discourse's unsubscribe_mailing_list email): a one-click
 * link for the conversation the email answered, when known, and the preferences page.
 * `unsubscribeUrl` needs the signing key to exist already: receive-email creates it before the
 * processing transaction when the email looks like an unsubscribe request.
 */
export async function sendUnsubscribeConfirmation(
  db: Db,
  ctx: ForumContext,
  user: User,
  to: string,
  topicId: number | undefined,
  incomingEmailId: number,
): Promise<void> {
  const site = emailSiteTitle(ctx.settings);
  const base = ctx.baseUrl.replace(/\/+$/, '');
  const lines = [`We received a request to stop emails from ${site} to ${to}.`, ''];
  if (topicId !== undefined && ctx.settings.str('email_unsubscribe_secret')) {
    lines.push(
      'To stop emails about this conversation, open:',
      await unsubscribeUrl(ctx.settings, base, user.id, topicId),
      '',
    );
  }
  if (!user.staged) lines.push(`To choose which emails you get, visit ${base}/my/preferences/emails`, '');
  lines.push("If you didn't ask for this, ignore this email: nothing changes until you follow a link.");
  await enqueueSystemEmail(db, {
    emailType: 'unsubscribe_mailing_list',
    to,
    userId: user.id,
    subject: `Unsubscribe from ${site}`,
    text: lines.join('\n'),
    incomingEmailId,
  });
}
