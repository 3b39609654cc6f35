// Discourse's POST /topics/timings: the client reports how long each post was on screen, and
// the posts it saw become read. The read position only moves forward; reading the last post
// the reader can see counts the whole PM as read (whispers and deleted posts after it included),
// and notifications about the posts seen are marked read, so badges and lists agree.
import { sql } from 'kysely';
import type { User } from '../db/schema';
import { recordLiveEvents } from '../live/record-event';
import { TOPIC_NOTIFICATION_LEVELS } from '../notifications/notification-types';
import { POST_TYPES } from '../posts/post-writer';
import { isStaff } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { loadVisibleTopic } from './topic-access';

export async function markPostsRead(
  ctx: ForumContext,
  actor: User,
  topicId: number,
  postNumbers: readonly number[],
): Promise<{ lastRead: number | null }> {
  const topic = await loadVisibleTopic(ctx.db, actor, topicId);
  const seen = postNumbers.filter((n) => n >= 1 && n <= topic.highest_post_number);
  if (seen.length === 0) return { lastRead: null };
  let lastRead = Math.max(...seen);
  let q = ctx.db
    .selectFrom('posts')
    .select((eb) => eb.fn.max('post_number').as('n'))
    .where('topic_id', '=', topic.id);
  if (!isStaff(actor)) q = q.where('deleted_at', 'is', null).where('post_type', '!=', POST_TYPES.whisper);
  const visibleHighest = Number((await q.executeTakeFirst())?.n ?? 0);
  if (lastRead >= visibleHighest) lastRead = topic.highest_post_number;
  const level = await levelForNewRow(ctx, actor, topic.id);
  const now = nowIso();
  await ctx.db.transaction().execute(async (db) => {
    await db
      .insertInto('topic_users')
      .values({
        user_id: actor.id,
        topic_id: topic.id,
        notification_level: level,
        notifications_reason_id: null,
        posted: 0,
        last_read_post_number: lastRead,
        first_visited_at: now,
        last_visited_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'topic_id']).doUpdateSet({
          last_read_post_number: sql`max(coalesce(topic_users.last_read_post_number, 0), excluded.last_read_post_number)`,
          first_visited_at: sql`coalesce(topic_users.first_visited_at, excluded.first_visited_at)`,
          last_visited_at: now,
        }),
      )
      .execute();
    await db
      .updateTable('notifications')
      .set({ read: 1, updated_at: now })
      .where('user_id', '=', actor.id)
      .where('topic_id', '=', topic.id)
      .where('read', '=', 0)
      .where('post_number', '<=', lastRead)
      .execute();
    await recordLiveEvents(db, [{ type: 'read', userId: actor.id, topicId: topic.id, postNumber: lastRead }]);
  });
  return { lastRead };
}

/**
 * The level a first read position row starts with: the one the reader already has in effect
 * (notify-post falls back to the group's level when there is no row), so reading never changes
 * who is notified.
 */
async function levelForNewRow(ctx: ForumContext, actor: User, topicId: number): Promise<number> {
  const viaGroup = await ctx.db
    .selectFrom('topic_allowed_groups')
    .innerJoin('group_users', 'group_users.group_id', 'topic_allowed_groups.group_id')
    .select((eb) => eb.fn.max('group_users.notification_level').as('level'))
    .where('topic_allowed_groups.topic_id', '=', topicId)
    .where('group_users.user_id', '=', actor.id)
    .executeTakeFirst();
  return viaGroup?.level ?? TOPIC_NOTIFICATION_LEVELS.regular;
}
