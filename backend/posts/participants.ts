// Adds people and groups to a PM. Participants are set to watching (behaviour.md §5.2);
// a group's members follow the group's default level instead.
import type { Db } from '../db/database';
import { nowIso } from '../util/clock';
import { TOPIC_NOTIFICATION_LEVELS } from '../notifications/notification-types';

/** Discourse's TopicUser.notification_reasons.private_message */
const REASON_PRIVATE_MESSAGE = 8;

/** Returns false when the user already was a participant. */
export async function addAllowedUser(db: Db, topicId: number, userId: number): Promise<boolean> {
  const now = nowIso();
  const inserted = await db
    .insertInto('topic_allowed_users')
    .values({ topic_id: topicId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['topic_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db
    .insertInto('topic_users')
    .values({
      user_id: userId,
      topic_id: topicId,
      notification_level: TOPIC_NOTIFICATION_LEVELS.watching,
      notifications_reason_id: REASON_PRIVATE_MESSAGE,
      posted: 0,
      last_read_post_number: null,
      first_visited_at: null,
      last_visited_at: null,
    })
    .onConflict((oc) => oc.columns(['user_id', 'topic_id']).doNothing())
    .execute();
  return true;
}

export async function addAllowedGroup(db: Db, topicId: number, groupId: number): Promise<boolean> {
  const inserted = await db
    .insertInto('topic_allowed_groups')
    .values({ topic_id: topicId, group_id: groupId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['topic_id', 'group_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db.updateTable('groups').set({ has_messages: 1 }).where('id', '=', groupId).execute();
  return true;
}

export async function recipientCount(db: Db, topicId: number): Promise<number> {
  const u = await db
    .selectFrom('topic_allowed_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  const g = await db
    .selectFrom('topic_allowed_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  return Number(u?.n ?? 0) + Number(g?.n ?? 0);
}
