// The personal-message folders behind Discourse's /topics/private-messages* routes: which
// PMs are in a user's inbox, sent and archive, and in a group's inbox and archive (§4.1:
// archive is per user and, separately, per group). Ordered by bumped_at DESC, id DESC: the
// id breaks ties between PMs bumped in the same millisecond, so pages never overlap.
import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database';
import type { Database, Group, Topic, User } from '../db/schema';
import { PM_ARCHETYPE } from '../policy/guardian';
import { POST_TYPES } from './post-writer';
import { usersByIds, type PosterCount } from './topic-queries';

/** Discourse's per_page for topic lists. */
export const MESSAGES_PER_PAGE = 30;

export type MessageFolder =
  { kind: 'inbox' | 'sent' | 'archive'; user: User } | { kind: 'group' | 'group-archive'; group: Group };

export interface MessagePage {
  topics: Topic[];
  /** Whether a next page has at least one PM. */
  more: boolean;
}

type TopicsEb = ExpressionBuilder<Database, 'topics'>;

/** The four link tables that put a PM in a folder, each keyed by topic and by its owner. */
const LINKS = {
  allowedUser: ['topic_allowed_users', 'user_id'],
  archivedByUser: ['user_archived_messages', 'user_id'],
  allowedGroup: ['topic_allowed_groups', 'group_id'],
  archivedByGroup: ['group_archived_messages', 'group_id'],
} as const;

/** EXISTS a row linking this topic to `ownerId` in one of the link tables. */
function linked(link: keyof typeof LINKS, ownerId: number) {
  const [table, owner] = LINKS[link];
  return sql<SqlBool>`exists (select 1 from ${sql.table(table)} as l where l.topic_id = topics.id and ${sql.ref(`l.${owner}`)} = ${ownerId})`;
}

/** Small actions (an invite, say) are not "sending", so they do not put a PM in Sent. */
export function postedIn(eb: TopicsEb, userId: number) {
  return eb.exists(
    eb
      .selectFrom('posts')
      .select('posts.id')
      .whereRef('posts.topic_id', '=', 'topics.id')
      .where('posts.user_id', '=', userId)
      .where('posts.deleted_at', 'is', null)
      .where('posts.post_type', '!=', POST_TYPES.small_action),
  );
}

/** The condition that puts a PM (the row of `topics`) in a folder; lists, counts and search share it. */
export function folderFilter(eb: TopicsEb, folder: MessageFolder) {
  switch (folder.kind) {
    case 'inbox':
      return eb.and([
        linked('allowedUser', folder.user.id),
        eb.not(linked('archivedByUser', folder.user.id)),
      ]);
    case 'sent':
      return eb.and([linked('allowedUser', folder.user.id), postedIn(eb, folder.user.id)]);
    case 'archive':
      return eb.and([linked('allowedUser', folder.user.id), linked('archivedByUser', folder.user.id)]);
    case 'group':
      return eb.and([
        linked('allowedGroup', folder.group.id),
        eb.not(linked('archivedByGroup', folder.group.id)),
      ]);
    case 'group-archive':
      return eb.and([linked('allowedGroup', folder.group.id), linked('archivedByGroup', folder.group.id)]);
  }
}

/** Where the previous page ended: the last PM's (bumped_at, id). */
export interface ListCursor {
  bumpedAt: string;
  id: number;
}

/**
 * One page of a folder, deleted PMs left out. With a cursor the page starts right after it
 * (a keyset page: as fast deep in a 100k inbox as at the top); without one, Discourse's
 * 0-based `page` is an offset.
 */
export async function listMessages(
  db: Db,
  folder: MessageFolder,
  page: number,
  after?: ListCursor,
): Promise<MessagePage> {
  const q = db
    .selectFrom('topics')
    .selectAll('topics')
    .where('topics.archetype', '=', PM_ARCHETYPE)
    .where('topics.deleted_at', 'is', null)
    .where((eb) => folderFilter(eb, folder));
  return pageOfTopics(q, page, after);
}

/**
 * One page of a topic query, newest bump first: after the cursor when there is one (a keyset
 * page), else Discourse's page number as an offset. Shared with the category lists.
 */
export async function pageOfTopics(
  query: SelectQueryBuilder<Database, 'topics', Topic>,
  page: number,
  after?: ListCursor,
): Promise<MessagePage> {
  let q = query;
  if (after) {
    // The first condition alone lets SQLite start its walk down the bumped_at index at the
    // cursor; the second breaks ties between PMs bumped in the same millisecond.
    q = q
      .where('topics.bumped_at', '<=', after.bumpedAt)
      .where((eb) => eb.or([eb('topics.bumped_at', '<', after.bumpedAt), eb('topics.id', '<', after.id)]));
  }
  const rows = await q
    .orderBy('topics.bumped_at', 'desc')
    .orderBy('topics.id', 'desc')
    // One extra row tells whether there is a next page without a COUNT(*).
    .limit(MESSAGES_PER_PAGE + 1)
    .offset(after ? 0 : page * MESSAGES_PER_PAGE)
    .execute();
  return { topics: rows.slice(0, MESSAGES_PER_PAGE), more: rows.length > MESSAGES_PER_PAGE };
}

/** The cursor travels in more_topics_url as "<bumped_at>,<id>". */
export function encodeCursor(topic: Pick<Topic, 'bumped_at' | 'id'>): string {
  return `${topic.bumped_at},${topic.id}`;
}

export function decodeCursor(raw: string): ListCursor | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z),(\d{1,15})$/.exec(raw);
  return m?.[1] && m[2] ? { bumpedAt: m[1], id: Number(m[2]) } : undefined;
}

export interface ReadState {
  notification_level: number;
  last_read_post_number: number | null;
}

/** What the list serializer needs about a page of PMs, loaded in four queries for the whole page. */
export interface MessageListData {
  /** The owner's own state per topic (read position and level), when they have any. */
  readState: Map<number, ReadState>;
  posterCounts: Map<number, PosterCount[]>;
  /** Allowed users per topic, in the order they were added. */
  allowedUserIds: Map<number, number[]>;
  users: Map<number, User>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function loadMessageListData(
  db: Db,
  /** Whose read state to load; none for an anonymous reader of a category list. */
  owner: User | undefined,
  topics: readonly Topic[],
): Promise<MessageListData> {
  const ids = topics.map((t) => t.id);
  const data: MessageListData = {
    readState: new Map(),
    posterCounts: new Map(),
    allowedUserIds: new Map(),
    users: new Map(),
  };
  if (ids.length === 0) return data;
  const states = owner
    ? await db
        .selectFrom('topic_users')
        .select(['topic_id', 'notification_level', 'last_read_post_number'])
        .where('user_id', '=', owner.id)
        .where('topic_id', 'in', ids)
        .execute()
    : [];
  for (const s of states) data.readState.set(s.topic_id, s);
  const counts = await db
    .selectFrom('posts')
    .select(['topic_id', 'user_id', (eb) => eb.fn.countAll<number>().as('post_count')])
    .where('topic_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where('post_type', 'in', [POST_TYPES.regular, POST_TYPES.moderator_action])
    .groupBy(['topic_id', 'user_id'])
    .orderBy('post_count', 'desc')
    .orderBy('user_id')
    .execute();
  for (const c of counts)
    push(data.posterCounts, c.topic_id, { user_id: c.user_id, post_count: Number(c.post_count) });
  const allowed = await db
    .selectFrom('topic_allowed_users')
    .select(['topic_id', 'user_id'])
    .where('topic_id', 'in', ids)
    .orderBy('id')
    .execute();
  for (const a of allowed) push(data.allowedUserIds, a.topic_id, a.user_id);
  data.users = await usersByIds(db, [
    ...topics.flatMap((t) => [t.user_id, t.last_post_user_id]),
    ...counts.map((c) => c.user_id),
    ...allowed.map((a) => a.user_id),
  ]);
  return data;
}
