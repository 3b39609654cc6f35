// Unread, new and total counts of the PM folders, with the list's own read-state rules, so a
// badge never disagrees with the list it belongs to: "new" is a PM the reader has no read
// position in (the list's `unseen`), "unread" one whose read position is behind its highest
// post (the list's `unread_posts` > 0).
//
// They are cheap because each PM is visited once per owner, not once per folder. The owner's
// links (a user's allowed-user rows, a group's allowed-group rows) are the PMs of inbox and
// archive together, and the archive is folderFilter's archive (the list's own filter) walked
// from the owner's archive rows, which are few. So inbox = linked − archive, exactly, and
// Sent comes from the same walk with the list's own "posted in it" test, evaluated once per PM.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database';
import type { Group, User } from '../db/schema';
import { PM_ARCHETYPE } from '../policy/guardian';
import { folderFilter, postedIn, type MessageFolder } from './message-lists';

export interface FolderCounts {
  total: number;
  unread: number;
  new: number;
}

type Owner = { user: User } | { group: Group };

/** Per kind of owner, the table of its rows that drives a walk: a topic id and the owner's id. */
interface DrivingTables {
  user: 'topic_allowed_users' | 'user_archived_messages';
  group: 'topic_allowed_groups' | 'group_archived_messages';
}

/** The owner's links: the PMs of inbox and archive together. */
const LINKS: DrivingTables = { user: 'topic_allowed_users', group: 'topic_allowed_groups' };
/** The owner's archive rows. */
const ARCHIVE_ROWS: DrivingTables = { user: 'user_archived_messages', group: 'group_archived_messages' };

/**
 * Live PMs walked from the owner's rows of `tables` (each PM once: such a row is unique per
 * topic and owner), with the reader's read position: driven by those rows (an index range),
 * CROSS JOIN so SQLite does not start from topics.
 */
function pmsDrivenBy(db: Db, owner: Owner, reader: User, tables: DrivingTables) {
  // Typed as the archive tables, whose columns (topic_id, the owner's id) every driving table
  // has: Kysely cannot join from a union of table names.
  const drive =
    'group' in owner
      ? db
          .selectFrom(`${tables.group} as drive` as 'group_archived_messages as drive')
          .crossJoin('topics')
          .whereRef('topics.id', '=', 'drive.topic_id')
          .where('drive.group_id', '=', owner.group.id)
      : db
          .selectFrom(`${tables.user} as drive` as 'user_archived_messages as drive')
          .crossJoin('topics')
          .whereRef('topics.id', '=', 'drive.topic_id')
          .where('drive.user_id', '=', owner.user.id);
  return drive
    .leftJoin('topic_users as tu', (j) =>
      j.onRef('tu.topic_id', '=', 'topics.id').on('tu.user_id', '=', reader.id),
    )
    .where('topics.archetype', '=', PM_ARCHETYPE)
    .where('topics.deleted_at', 'is', null);
}

/** The archive folder, walked from the owner's archive rows, filtered exactly as its list is. */
async function countArchive(db: Db, owner: Owner, reader: User): Promise<FolderCounts> {
  const folder: MessageFolder =
    'group' in owner ? { kind: 'group-archive', group: owner.group } : { kind: 'archive', user: owner.user };
  const row = await pmsDrivenBy(db, owner, reader, ARCHIVE_ROWS)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(tu.last_read_post_number is null), 0)`.as('new'),
      sql<number>`coalesce(sum(tu.last_read_post_number < topics.highest_post_number), 0)`.as('unread'),
    ])
    .where((eb) => folderFilter(eb, folder))
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), unread: Number(row.unread), new: Number(row.new) };
}

const minus = (a: FolderCounts, b: FolderCounts): FolderCounts => ({
  total: a.total - b.total,
  unread: a.unread - b.unread,
  new: a.new - b.new,
});

/** A user's Inbox, Sent and Archive for themself: two queries, whatever the number of PMs. */
export async function countUserFolders(
  db: Db,
  user: User,
): Promise<{ inbox: FolderCounts; sent: FolderCounts; archive: FolderCounts }> {
  // Materialized: the "posted in it" subquery runs once per PM, not once per sum using it.
  const row = await db
    .with(
      (w) => w('pm').materialized(),
      () =>
        pmsDrivenBy(db, { user }, user, LINKS).select((eb) => [
          sql<number>`tu.last_read_post_number is null`.as('is_new'),
          sql<number>`coalesce(tu.last_read_post_number < topics.highest_post_number, 0)`.as('is_unread'),
          postedIn(eb, user.id).as('posted'),
        ]),
    )
    .selectFrom('pm')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(is_new), 0)`.as('new'),
      sql<number>`coalesce(sum(is_unread), 0)`.as('unread'),
      sql<number>`coalesce(sum(posted), 0)`.as('sent_total'),
      sql<number>`coalesce(sum(posted * is_new), 0)`.as('sent_new'),
      sql<number>`coalesce(sum(posted * is_unread), 0)`.as('sent_unread'),
    ])
    .executeTakeFirstOrThrow();
  const linked = { total: Number(row.total), unread: Number(row.unread), new: Number(row.new) };
  const archive = await countArchive(db, { user }, user);
  return {
    inbox: minus(linked, archive),
    sent: { total: Number(row.sent_total), unread: Number(row.sent_unread), new: Number(row.sent_new) },
    archive,
  };
}

/** A group's inbox and archive as `reader` sees them (their own read positions). */
export async function countGroupFolders(
  db: Db,
  group: Group,
  reader: User,
): Promise<{ inbox: FolderCounts; archive: FolderCounts }> {
  const row = await pmsDrivenBy(db, { group }, reader, LINKS)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(tu.last_read_post_number is null), 0)`.as('new'),
      sql<number>`coalesce(sum(tu.last_read_post_number < topics.highest_post_number), 0)`.as('unread'),
    ])
    .executeTakeFirstOrThrow();
  const linked = { total: Number(row.total), unread: Number(row.unread), new: Number(row.new) };
  const archive = await countArchive(db, { group }, reader);
  return { inbox: minus(linked, archive), archive };
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
