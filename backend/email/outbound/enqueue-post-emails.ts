// Who is emailed about a new PM post (behaviour.md §3.1, §6 A10–A14): every notified
// participant who is staged (always: no "seen recently", no level), or a real person whose
// email_messages_level is 0 (always) or 1 (only while away), never the author, never
// someone who muted the PM, never the people the receiver says already have this post
// in their mailbox (they were on the incoming email's To/Cc, §3.5). In a group message whose
// group sends from its own mailbox, the participants get one email from that mailbox instead
// (§4.2, group-smtp-plan.ts). Runs inside the transaction that wrote the post, so a
// rolled-back post enqueues nothing.
import type { Db } from '../../db/database';
import type { Post, Topic, User } from '../../db/schema';
import { enqueueJobs, type EnqueueOptions } from '../../jobs/queue';
import { TOPIC_NOTIFICATION_LEVELS } from '../../notifications/notification-types';
import { POST_TYPES } from '../../posts/post-writer';
import type { SiteSettings } from '../../settings/site-settings';
import { runCached } from '../../util/cached-query';
import { planGroupSmtpEmail } from './group-smtp-plan';

export const USER_EMAIL_JOB = 'user_email';

/** Discourse's email type of PM notification emails. */
export const PM_EMAIL_TYPE = 'user_private_message';

/** Payload of a user_email job about a post. */
export interface PostEmailPayload {
  kind: 'post';
  emailType: string;
  postId: number;
  userId: number;
}

/** email_messages_level (Discourse's UserOption.email_level_types). */
export const EMAIL_LEVEL = { always: 0, only_when_away: 1, never: 2 } as const;

export async function enqueuePostEmails(
  db: Db,
  settings: SiteSettings,
  input: { topic: Topic; post: Post; author: User; notifiedUserIds: number[]; excludeUserIds?: number[] },
): Promise<void> {
  const { post, topic, author } = input;
  // Small actions ("added x") and moderator notes are not mail; whispers go to staff and are checked at send time.
  if (post.post_type !== POST_TYPES.regular && post.post_type !== POST_TYPES.whisper) return;
  const excluded = new Set([author.id, ...(input.excludeUserIds ?? [])]);
  const notified = [...new Set(input.notifiedUserIds)].filter((id) => !excluded.has(id));
  const covered = await planGroupSmtpEmail(db, settings, { topic, post, author, notifiedUserIds: notified });
  const ids = covered ? notified.filter((id) => !covered.has(id)) : notified;
  await enqueueUserPostEmails(db, settings, { topic, post, userIds: ids });
}

/** Whether someone wants email about a new post in a PM, before "seen recently" is known. */
export type PmEmailWish = 'always' | 'when_away' | 'never';

/** The rows pmEmailWish reads, for these people in this topic (0: a PM not written yet). */
export async function loadPmEmailRows(db: Db, topicId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  // Compiled once per list length (most posts email one to a few people).
  return runCached(
    db,
    `enqueuePostEmails:users:${userIds.length}`,
    (q, topicId: number, ...userIds: number[]) =>
      q
        .selectFrom('users')
        .leftJoin('user_options', 'user_options.user_id', 'users.id')
        .leftJoin('topic_users', (j) =>
          j.onRef('topic_users.user_id', '=', 'users.id').on('topic_users.topic_id', '=', topicId),
        )
        .select([
          'users.id',
          'users.staged',
          'users.last_seen_at',
          'user_options.email_messages_level',
          'topic_users.notification_level',
        ])
        .where('users.id', 'in', userIds),
    topicId,
    ...userIds,
  );
}

/** Staged people always (no "seen recently", no level); nobody who muted the PM; else their email_messages_level. */
export function pmEmailWish(u: {
  staged: number;
  email_messages_level: number | null;
  notification_level: number | null;
}): PmEmailWish {
  if (u.notification_level === TOPIC_NOTIFICATION_LEVELS.muted) return 'never';
  if (u.staged) return 'always';
  const level = u.email_messages_level ?? EMAIL_LEVEL.always;
  return level === EMAIL_LEVEL.never
    ? 'never'
    : level === EMAIL_LEVEL.only_when_away
      ? 'when_away'
      : 'always';
}

/**
 * One user_email job per person who wants PM mail about this post (their email level, not
 * muted), after personal_email_time_window_seconds. `userIds` are already notified people,
 * neither the author nor anyone who has the post in their mailbox.
 */
export async function enqueueUserPostEmails(
  db: Db,
  settings: SiteSettings,
  input: { topic: Topic; post: Post; userIds: number[] },
): Promise<void> {
  const { post, topic } = input;
  const rows = await loadPmEmailRows(db, topic.id, input.userIds);
  if (rows.length === 0) return;
  const now = Date.now();
  const windowMs = settings.int('email_time_window_mins') * 60_000;
  const runAt = new Date(now + settings.int('personal_email_time_window_seconds') * 1000);
  const jobs: EnqueueOptions[] = [];
  for (const u of rows) {
    const wish = pmEmailWish(u);
    if (wish === 'never') continue;
    const seen = u.last_seen_at ? now - new Date(u.last_seen_at).getTime() < windowMs : false;
    if (wish === 'when_away' && seen) continue;
    const payload: PostEmailPayload = {
      kind: 'post',
      emailType: PM_EMAIL_TYPE,
      postId: post.id,
      userId: u.id,
    };
    jobs.push({
      type: USER_EMAIL_JOB,
      payload: { ...payload },
      runAt,
      uniqueKey: `user_email:${post.id}:${u.id}`,
    });
  }
  // One multi-row INSERT for every email of this post.
  await enqueueJobs(db, jobs);
}
