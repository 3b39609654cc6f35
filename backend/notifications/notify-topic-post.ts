// Who hears about a new post in a topic of a category (Discourse's PostAlerter for regular
// topics, behaviour.md §1.3, §6 G 79): when the topic starts, the levels people set on its
// category and its tags are copied onto it (topic-tracking-levels.ts) and people watching the
// first posts of the category or a tag hear of it; on every post, the author of the post replied
// to is told "replied" and everyone watching the topic "posted". Nobody hears of their own post,
// a muted topic stays silent, a person who may not see the topic is never told, and staged
// people are not told of posts in a mailing-list mirror.
import type { Db } from '../db/database';
import type { Post, Topic, User } from '../db/schema';
import { findCategoryById } from '../categories/categories-repository';
import { canSeeTopic } from '../policy/guardian';
import { findUserById } from '../users/users-repository';
import { nowIso } from '../util/clock';
import { NOTIFICATION_TYPES, TOPIC_NOTIFICATION_LEVELS } from './notification-types';
import { applyTrackingLevels } from './topic-tracking-levels';
import { postNotificationData } from './notify-post';

/** Discourse's email type for each notification, as the user_email job names it. */
export const TOPIC_EMAIL_TYPES = {
  [NOTIFICATION_TYPES.replied]: 'user_replied',
  [NOTIFICATION_TYPES.posted]: 'user_posted',
  [NOTIFICATION_TYPES.watching_first_post]: 'user_watching_first_post',
} as Record<number, string>;

export interface TopicNotice {
  userId: number;
  /** NOTIFICATION_TYPES.replied, posted or watching_first_post. */
  type: number;
}

export async function notifyNewTopicPost(
  db: Db,
  topic: Topic,
  post: Post,
  author: User,
  repliedToUserId: number | undefined,
): Promise<TopicNotice[]> {
  const firstPostWatchers = post.post_number === 1 ? await applyTrackingLevels(db, topic) : [];
  const levels = new Map(
    (
      await db
        .selectFrom('topic_users')
        .select(['user_id', 'notification_level'])
        .where('topic_id', '=', topic.id)
        .execute()
    ).map((r) => [r.user_id, r.notification_level]),
  );
  const notices = new Map<number, number>();
  const add = (userId: number, type: number) => {
    if (userId === author.id || notices.has(userId)) return;
    if (levels.get(userId) === TOPIC_NOTIFICATION_LEVELS.muted) return;
    notices.set(userId, type);
  };
  if (repliedToUserId !== undefined) add(repliedToUserId, NOTIFICATION_TYPES.replied);
  for (const [userId, level] of levels)
    if (level === TOPIC_NOTIFICATION_LEVELS.watching) add(userId, NOTIFICATION_TYPES.posted);
  for (const userId of firstPostWatchers) add(userId, NOTIFICATION_TYPES.watching_first_post);
  if (notices.size === 0) return [];

  // In an open category everyone may see the topic; a read-restricted one is checked per person.
  // Staged people hear nothing of a mailing-list mirror: they are its senders, not its readers (§1.3).
  const category = topic.category_id === null ? undefined : await findCategoryById(db, topic.category_id);
  const out: TopicNotice[] = [];
  for (const [userId, type] of notices) {
    if (category?.read_restricted || category?.mailinglist_mirror) {
      const user = await findUserById(db, userId);
      if (!user || (user.staged && category.mailinglist_mirror)) continue;
      if (!(await canSeeTopic(db, user, topic))) continue;
    }
    out.push({ userId, type });
  }
  if (out.length === 0) return [];
  const data = JSON.stringify(postNotificationData(topic, post, author));
  const now = nowIso();
  await db
    .insertInto('notifications')
    .values(
      out.map((n) => ({
        notification_type: n.type,
        user_id: n.userId,
        topic_id: topic.id,
        post_number: post.post_number,
        data,
        read: 0,
        high_priority: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return out;
}
