// Unread, new and total counts of the PM folders, computed with the very filter the folder
// lists use (message-lists.ts folderFilter) and the list's own read-state rules, so a badge can
// never disagree with the list it belongs to: "new" is a PM the reader has no read position in
// (the list's `unseen`), "unread" one whose read position is behind its highest post (the list's
// `unread_posts` > 0).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database';
import type { Group, User } from '../db/schema';
import { PM_ARCHETYPE } from '../policy/guardian';
import { folderFilter, type MessageFolder } from './message-lists';

export interface FolderCounts {
  total: number;
  unread: number;
  new: number;
}

export async function countFolder(db: Db, folder: MessageFolder, reader: User): Promise<FolderCounts> {
  // Every PM of a folder is linked to its owner, so the count walks the owner's links (an index
  // range) instead of every PM on the forum; the folder filter itself is unchanged. CROSS JOIN
  // keeps SQLite from starting at the topics instead.
  const base =
    'group' in folder
      ? db
          .selectFrom('topic_allowed_groups as drive')
          .crossJoin('topics')
          .whereRef('topics.id', '=', 'drive.topic_id')
          .where('drive.group_id', '=', folder.group.id)
      : db
          .selectFrom('topic_allowed_users as drive')
          .crossJoin('topics')
          .whereRef('topics.id', '=', 'drive.topic_id')
          .where('drive.user_id', '=', folder.user.id);
  const row = await base
    .leftJoin('topic_users as tu', (j) =>
      j.onRef('tu.topic_id', '=', 'topics.id').on('tu.user_id', '=', reader.id),
    )
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(tu.last_read_post_number is null), 0)`.as('new'),
      sql<number>`coalesce(sum(tu.last_read_post_number < topics.highest_post_number), 0)`.as('unread'),
    ])
    .where('topics.archetype', '=', PM_ARCHETYPE)
    .where('topics.deleted_at', 'is', null)
    .where((eb) => folderFilter(eb, folder))
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread), new: Number(row.new) };
}

/** Groups whose inbox the user sees in their mailbox list: their own groups that have messages. */
export async function inboxGroupsOf(db: Db, user: User): Promise<Group[]> {
  return db
    .selectFrom('groups')
    .innerJoin('group_users', 'group_users.group_id', 'groups.id')
    .selectAll('groups')
    .where('group_users.user_id', '=', user.id)
    .where('groups.has_messages', '=', 1)
    .orderBy('groups.name_lower')
    .execute();
}

export interface TrackingStateRow {
  topic_id: number;
  highest_post_number: number;
  last_read_post_number: number | null;
  notification_level: number | null;
  group_ids: number[];
}

/** Discourse's TopicTrackingState::MAX_TOPICS. */
const MAX_TRACKED = 5000;

/**
 * Discourse's PrivateMessageTopicTrackingState report: the new and unread PMs of the user's
 * inbox and of their groups' inboxes (folder filters as above), each with the user's groups
 * that it was sent to.
 */
export async function privateMessageTrackingState(db: Db, user: User): Promise<TrackingStateRow[]> {
  const groups = await inboxGroupsOf(db, user);
  const folders: MessageFolder[] = [
    { kind: 'inbox', user },
    ...groups.map((group) => ({ kind: 'group' as const, group })),
  ];
  const rows = await db
    .selectFrom('topics')
    .leftJoin('topic_users as tu', (j) =>
      j.onRef('tu.topic_id', '=', 'topics.id').on('tu.user_id', '=', user.id),
    )
    .select([
      'topics.id as topic_id',
      'topics.highest_post_number',
      'tu.last_read_post_number',
      'tu.notification_level',
    ])
    .where('topics.archetype', '=', PM_ARCHETYPE)
    .where('topics.deleted_at', 'is', null)
    .where((eb) => eb.or(folders.map((f) => folderFilter(eb, f) as Expression<SqlBool>)))
    .where((eb) =>
      eb.or([
        eb('tu.last_read_post_number', 'is', null),
        eb('tu.last_read_post_number', '<', eb.ref('topics.highest_post_number')),
      ]),
    )
    .orderBy('topics.bumped_at', 'desc')
    .limit(MAX_TRACKED)
    .execute();
  const ids = rows.map((r) => r.topic_id);
  const groupIds = new Map<number, number[]>();
  if (ids.length > 0 && groups.length > 0) {
    const links = await db
      .selectFrom('topic_allowed_groups')
      .select(['topic_id', 'group_id'])
      .where('topic_id', 'in', ids)
      .where(
        'group_id',
        'in',
        groups.map((g) => g.id),
      )
      .execute();
    for (const l of links) groupIds.set(l.topic_id, [...(groupIds.get(l.topic_id) ?? []), l.group_id]);
  }
  return rows.map((r) => ({ ...r, group_ids: groupIds.get(r.topic_id) ?? [] }));
}
