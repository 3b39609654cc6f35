// Who hears about a new PM post (behaviour.md §3.1, §4.1): staged participants always
// (unless they muted the PM), real participants per their topic level, group members per
// their group level. The author never notifies themself.
import type { Db } from '../db/database';
import type { NotificationsTable, Post, Topic, User } from '../db/schema';
import { nowIso } from '../util/clock';
import { NOTIFICATION_TYPES, TOPIC_NOTIFICATION_LEVELS } from './notification-types';
import { runCached, runCachedRows } from '../util/cached-query';
import { deferrableWrite } from '../db/deferred-writes';
import type { Insertable } from 'kysely';
import { recordLiveEvents } from '../live/record-event';

export async function insertNotification(
  db: Db,
  n: {
    userId: number;
    type: number;
    topicId: number | null;
    postNumber: number | null;
    data: Record<string, unknown>;
    highPriority?: boolean;
  },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('notifications')
    .values({
      notification_type: n.type,
      user_id: n.userId,
      topic_id: n.topicId,
      post_number: n.postNumber,
      data: JSON.stringify(n.data),
      read: 0,
      high_priority: n.highPriority ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordLiveEvents(db, [
    { type: 'notification', userId: n.userId, topicId: n.topicId, postNumber: n.postNumber },
  ]);
}

export function postNotificationData(topic: Topic, post: Post, author: User): Record<string, unknown> {
  return {
    topic_title: topic.title,
    original_post_id: post.id,
    original_post_type: post.post_type,
    original_username: author.username,
    revision_number: null,
    display_username: author.username,
  };
}

/**
 * Who hears about a new post by `authorId` in this PM (§3.1, §4.1): participants by their topic
 * level (staged ones always unless muted), members of its groups by their topic or group level,
 * and the author of the post replied to. Shared by posting and by the composer's email preview.
 */
export async function privateMessageAudience(
  db: Db,
  topicId: number,
  authorId: number,
  opts: { repliedToUserId?: number | undefined; groupMembers?: boolean } = {},
): Promise<Set<number>> {
  const recipients = new Set<number>();
  const tau = await runCached(
    db,
    'notifyPost:users',
    (q, topicId: number) =>
      q
        .selectFrom('topic_allowed_users')
        .innerJoin('users', 'users.id', 'topic_allowed_users.user_id')
        .leftJoin('topic_users', (j) =>
          j.onRef('topic_users.user_id', '=', 'users.id').on('topic_users.topic_id', '=', topicId),
        )
        .select(['users.id', 'users.staged', 'topic_users.notification_level'])
        .where('topic_allowed_users.topic_id', '=', topicId),
    topicId,
  );
  const repliedTo = opts.repliedToUserId;
  for (const u of tau) {
    if (u.id === authorId) continue;
    const level = u.notification_level ?? TOPIC_NOTIFICATION_LEVELS.watching;
    if (level === TOPIC_NOTIFICATION_LEVELS.muted) continue;
    if (u.staged || level >= TOPIC_NOTIFICATION_LEVELS.watching || repliedTo === u.id) recipients.add(u.id);
  }
  const groupMembers =
    opts.groupMembers === false
      ? []
      : await runCached(
          db,
          'notifyPost:groupMembers',
          (q, topicId: number) =>
            q
              .selectFrom('topic_allowed_groups')
              .innerJoin('group_users', 'group_users.group_id', 'topic_allowed_groups.group_id')
              .leftJoin('topic_users', (j) =>
                j
                  .onRef('topic_users.user_id', '=', 'group_users.user_id')
                  .on('topic_users.topic_id', '=', topicId),
              )
              .select([
                'group_users.user_id',
                'group_users.notification_level as group_level',
                'topic_users.notification_level as topic_level',
              ])
              .where('topic_allowed_groups.topic_id', '=', topicId),
          topicId,
        );
  for (const m of groupMembers) {
    if (m.user_id === authorId) continue;
    const level = m.topic_level ?? m.group_level;
    if (level >= TOPIC_NOTIFICATION_LEVELS.watching || repliedTo === m.user_id) recipients.add(m.user_id);
  }
  return recipients;
}

type NotificationRow = Insertable<NotificationsTable>;

async function insertNotificationRows(db: Db, rows: readonly NotificationRow[]): Promise<void> {
  await runCachedRows(db, 'notifyPost:insert', rows, (q, ...values) =>
    q.insertInto('notifications').values(values),
  );
}

/**
 * In a deferring transaction (db/deferred-writes.ts) the rows wait for its commit, in order:
 * nothing inside an email batch reads notifications, and a rolled-back email's are discarded.
 */
const notificationInserts = deferrableWrite<NotificationRow>(insertNotificationRows);

export async function notifyNewPrivateMessagePost(
  db: Db,
  topic: Topic,
  post: Post,
  author: User,
  /**
   * The author of the post replied to, when the caller already knows it (writePost looked it
   * up); otherwise it is read here.
   */
  known?: { repliedToUserId?: number | undefined; groupMembers?: boolean },
): Promise<number[]> {
  const repliedTo = !post.reply_to_post_number
    ? undefined
    : known?.repliedToUserId !== undefined
      ? { user_id: known.repliedToUserId }
      : await db
          .selectFrom('posts')
          .select('user_id')
          .where('topic_id', '=', topic.id)
          .where('post_number', '=', post.reply_to_post_number)
          .executeTakeFirst();
  const recipients = await privateMessageAudience(db, topic.id, author.id, {
    repliedToUserId: repliedTo?.user_id,
    ...(known?.groupMembers === undefined ? {} : { groupMembers: known.groupMembers }),
  });
  if (recipients.size === 0) return [];
  // One multi-row INSERT for everyone (the same rows insertNotification would write one by one).
  const data = JSON.stringify(postNotificationData(topic, post, author));
  const now = nowIso();
  const rows = [...recipients].map((userId) => ({
    notification_type: NOTIFICATION_TYPES.private_message,
    user_id: userId,
    topic_id: topic.id,
    post_number: post.post_number,
    data,
    read: 0,
    high_priority: 1,
    created_at: now,
    updated_at: now,
  }));
  await notificationInserts.write(db, rows);
  await recordLiveEvents(
    db,
    [...recipients].map((userId) => ({
      type: 'notification' as const,
      userId,
      topicId: topic.id,
      postId: post.id,
      postNumber: post.post_number,
    })),
  );
  return [...recipients];
}
