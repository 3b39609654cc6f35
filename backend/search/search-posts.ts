// Full-text search over the PMs the searcher may see. Authorization and every operator are in
// the SQL (the same visibility rule as canSeeTopic, the folder filter of the PM lists), so the
// LIMIT applies to results the searcher may see; nothing is filtered afterwards.
//
// Speed (quality.md: common words must stay fast): bm25 must score every matching post, which
// is cheap for a rare term and ruinous for one found in most posts. So the match count is
// probed first with a bounded LIMIT: up to RANK_LIMIT matches are ranked by bm25; beyond that
// the results are the newest matches, read from the index in rowid order (post ids grow with
// time), which stops as soon as a page is full.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database';
import type { Database, Post, PostsTable, User } from '../db/schema';
import { canSeeGroup, PM_ARCHETYPE } from '../policy/guardian';
import { folderFilter } from '../posts/message-lists';
import { findGroupByName, groupIdsOfUser } from '../users/groups-repository';
import { isStaff } from '../users/users-repository';
import { matchExpression, type SearchQuery } from './search-query';

export const SEARCH_PAGE_SIZE = 50;
/** Matches up to this many are ranked by relevance; more are shown newest first. */
export const RANK_LIMIT = 1000;
/** Discourse's Post.types.whisper. */
const WHISPER = 4;

export interface SearchPage {
  posts: Post[];
  more: boolean;
  ranking: 'relevance' | 'recency';
}

type SearchDb = Database & { post_search: { rowid: number; title: string; body: string; author: string } };
type Eb = ExpressionBuilder<Database & { p: PostsTable }, 'topics' | 'p'>;

async function usersNamed(db: Db, names: readonly string[], staff: boolean): Promise<number[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('users.id')
    .where((eb) =>
      eb.or([
        eb('users.username_lower', 'in', [...names]),
        // Staged people are known by their display name (their username is made up).
        eb.and([eb('users.staged', '=', 1), eb(eb.fn('lower', ['users.name']), 'in', [...names])]),
        // An address finds its owner only for staff: no address-to-account oracle for others.
        ...(staff
          ? [
              eb.exists(
                eb
                  .selectFrom('user_emails')
                  .select('user_emails.id')
                  .whereRef('user_emails.user_id', '=', 'users.id')
                  .where('user_emails.normalized_email', 'in', [...names]),
              ),
            ]
          : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** Conditions on topics and posts (p) for the searcher and the operators; false when nothing can match. */
async function conditions(db: Db, actor: User, q: SearchQuery): Promise<(eb: Eb) => Expression<SqlBool>[]> {
  const staff = isStaff(actor);
  const groups = actor.admin ? [] : await groupIdsOfUser(db, actor);
  const fromIds = await usersNamed(db, q.from, staff);
  const toUsers = await usersNamed(db, q.to, staff);
  const toGroups: number[] = [];
  for (const name of q.to) {
    const g = await findGroupByName(db, name);
    if (g && (await canSeeGroup(db, actor, g))) toGroups.push(g.id);
  }
  const inGroups: number[] = [];
  for (const name of q.groups) {
    const g = await findGroupByName(db, name);
    if (g && (await canSeeGroup(db, actor, g))) inGroups.push(g.id);
  }
  return (eb) => {
    const c: Expression<SqlBool>[] = [
      eb('topics.archetype', '=', PM_ARCHETYPE),
      eb('topics.deleted_at', 'is', null),
      eb('p.deleted_at', 'is', null),
    ];
    if (!staff) c.push(eb('p.post_type', '!=', WHISPER));
    if (!actor.admin) {
      const seen: Expression<SqlBool>[] = [
        eb.exists(
          eb
            .selectFrom('topic_allowed_users as tau')
            .select('tau.id')
            .whereRef('tau.topic_id', '=', 'topics.id')
            .where('tau.user_id', '=', actor.id),
        ),
      ];
      if (groups.length > 0)
        seen.push(
          eb.exists(
            eb
              .selectFrom('topic_allowed_groups as tag')
              .select('tag.id')
              .whereRef('tag.topic_id', '=', 'topics.id')
              .where('tag.group_id', 'in', groups),
          ),
        );
      c.push(eb.or(seen));
    }
    const nothing = eb.lit(false) as unknown as Expression<SqlBool>;
    if (q.from.length > 0) c.push(fromIds.length ? eb('p.user_id', 'in', fromIds) : nothing);
    if (q.to.length > 0) {
      const to: Expression<SqlBool>[] = [];
      if (toUsers.length)
        to.push(
          eb.exists(
            eb
              .selectFrom('topic_allowed_users as tu2')
              .select('tu2.id')
              .whereRef('tu2.topic_id', '=', 'topics.id')
              .where('tu2.user_id', 'in', toUsers),
          ),
        );
      if (toGroups.length)
        to.push(
          eb.exists(
            eb
              .selectFrom('topic_allowed_groups as tg2')
              .select('tg2.id')
              .whereRef('tg2.topic_id', '=', 'topics.id')
              .where('tg2.group_id', 'in', toGroups),
          ),
        );
      c.push(to.length ? eb.or(to) : nothing);
    }
    if (q.groups.length > 0)
      c.push(
        inGroups.length
          ? eb.exists(
              eb
                .selectFrom('topic_allowed_groups as tg3')
                .select('tg3.id')
                .whereRef('tg3.topic_id', '=', 'topics.id')
                .where('tg3.group_id', 'in', inGroups),
            )
          : nothing,
      );
    if (q.folder)
      c.push(folderFilter(eb as never, { kind: q.folder, user: actor }) as unknown as Expression<SqlBool>);
    if (q.before) c.push(eb('p.created_at', '<', q.before));
    if (q.after) c.push(eb('p.created_at', '>=', q.after));
    if (q.unread)
      c.push(
        eb(
          'p.post_number',
          '>',
          eb.fn.coalesce(
            eb
              .selectFrom('topic_users as tur')
              .select('tur.last_read_post_number')
              .whereRef('tur.topic_id', '=', 'topics.id')
              .where('tur.user_id', '=', actor.id),
            eb.lit(0),
          ),
        ),
      );
    if (q.withEmail)
      c.push(
        eb.exists(
          eb
            .selectFrom('topic_allowed_users as tse')
            .innerJoin('users as su', 'su.id', 'tse.user_id')
            .select('tse.id')
            .whereRef('tse.topic_id', '=', 'topics.id')
            .where('su.staged', '=', 1),
        ),
      );
    return c;
  };
}

/** Below this many visible PMs a common word is searched from the searcher's posts (see searchPosts). */
export const FEW_TOPICS = 2000;

/**
 * The PMs the searcher may see, when there are at most FEW_TOPICS of them and they are under a
 * tenth of all PMs; otherwise undefined (walking the match list finds a page sooner).
 */
async function fewVisibleTopics(db: Db, actor: User): Promise<number[] | undefined> {
  const groups = await groupIdsOfUser(db, actor);
  let q = db.selectFrom('topic_allowed_users').select('topic_id').where('user_id', '=', actor.id);
  if (groups.length > 0)
    q = q.union(db.selectFrom('topic_allowed_groups').select('topic_id').where('group_id', 'in', groups));
  const ids = (await q.limit(FEW_TOPICS + 1).execute()).map((r) => r.topic_id);
  if (ids.length > FEW_TOPICS) return undefined;
  const all = await db
    .selectFrom('topics')
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirst();
  return ids.length * 10 <= Number(all?.n ?? 0) ? ids : undefined;
}

/** How many posts match the text, counted no further than `limit` (cheap for any term). */
async function matchesUpTo(db: Db, match: string, limit: number): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*) AS n FROM (
      SELECT rowid FROM post_search WHERE post_search MATCH ${match} LIMIT ${limit})`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** The first chunk of candidates asked about; each next chunk is twice as big (sparse matches). */
const FIRST_CHUNK = 64;
const LARGEST_CHUNK = 512;

/**
 * The first `wanted` of `ids` (in their order) whose post matches the text, asking the index
 * about a growing chunk at a time: one query per chunk, never more than the ids given.
 */
async function firstMatching(db: Db, match: string, ids: number[], wanted: number): Promise<number[]> {
  const found: number[] = [];
  let chunk = FIRST_CHUNK;
  for (
    let at = 0;
    at < ids.length && found.length < wanted;
    at += chunk, chunk = Math.min(chunk * 2, LARGEST_CHUNK)
  ) {
    const part = ids.slice(at, at + chunk);
    const rows = await sql<{ rowid: number }>`SELECT rowid FROM post_search
      WHERE post_search MATCH ${match} AND rowid IN (${sql.join(part)})`.execute(db);
    const hit = new Set(rows.rows.map((r) => Number(r.rowid)));
    for (const id of part) if (hit.has(id) && found.length < wanted) found.push(id);
  }
  return found;
}

export async function searchPosts(
  db: Db,
  actor: User,
  q: SearchQuery,
  page = 1,
  opts: { rankLimit?: number } = {},
): Promise<SearchPage> {
  const rankLimit = opts.rankLimit ?? RANK_LIMIT;
  const where = await conditions(db, actor, q);
  const offset = (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE;
  const sdb = db.withTables<{ post_search: SearchDb['post_search'] }>();
  const match = matchExpression(q);
  if (match === undefined) {
    // Operators only: the newest posts that satisfy them; from the searcher's few PMs when
    // they see few (as below), else walking all posts newest first.
    const few = actor.admin ? undefined : await fewVisibleTopics(db, actor);
    const rows = await (
      few
        ? sdb
            .selectFrom('posts as p')
            .crossJoin('topics')
            .whereRef('topics.id', '=', 'p.topic_id')
            .where('p.topic_id', 'in', few.length ? few : [0])
        : sdb.selectFrom('posts as p').innerJoin('topics', 'topics.id', 'p.topic_id')
    )
      .selectAll('p')
      .where((eb) => eb.and(where(eb as unknown as Eb)))
      .orderBy('p.id', 'desc')
      .limit(SEARCH_PAGE_SIZE + 1)
      .offset(offset)
      .execute();
    return {
      posts: rows.slice(0, SEARCH_PAGE_SIZE),
      more: rows.length > SEARCH_PAGE_SIZE,
      ranking: 'recency',
    };
  }
  const rank = !q.latest && (await matchesUpTo(db, match, rankLimit + 1)) <= rankLimit;
  if (!rank && !actor.admin) {
    const topicIds = await fewVisibleTopics(db, actor);
    if (topicIds) {
      // Few PMs to look in: list the searcher's posts newest first (from the index alone) and
      // ask the word's index about them a chunk at a time, instead of walking the word's (huge)
      // match list looking for posts they may see. Stops once the page is full, so a common
      // word probes about a page of posts, not every post in those PMs.
      // CROSS JOIN: start from those PMs' posts (the planner would rather scan every PM).
      const candidates = await sdb
        .selectFrom('posts as p')
        .crossJoin('topics')
        .whereRef('topics.id', '=', 'p.topic_id')
        .select('p.id')
        .where('p.topic_id', 'in', topicIds.length ? topicIds : [0])
        .where((eb) => eb.and(where(eb as unknown as Eb)))
        .orderBy('p.id', 'desc')
        .execute();
      const shown = offset + SEARCH_PAGE_SIZE;
      const matched = await firstMatching(
        db,
        match,
        candidates.map((r) => r.id),
        shown + 1,
      );
      const pageIds = matched.slice(offset, shown);
      const posts = pageIds.length
        ? await db.selectFrom('posts').selectAll().where('id', 'in', pageIds).orderBy('id', 'desc').execute()
        : [];
      return { posts, more: matched.length > shown, ranking: 'recency' };
    }
  }
  // CROSS JOIN fixes the join order in SQLite: the index drives. Left to itself the planner may
  // start from an operator's index (from: alice → half the posts) and probe the index per post.
  const base = sdb
    .selectFrom('post_search')
    .crossJoin('posts as p')
    .innerJoin('topics', 'topics.id', 'p.topic_id')
    .whereRef('p.id', '=', 'post_search.rowid')
    .selectAll('p')
    .where(sql<SqlBool>`post_search MATCH ${match}`)
    .where((eb) => eb.and(where(eb as unknown as Eb)));
  const ordered = rank
    ? base
        // Title matches weigh most, then the author's names, then the body.
        .orderBy(sql`bm25(post_search, 10.0, 1.0, 3.0)`)
        .orderBy('p.id', 'desc')
    : base.orderBy('post_search.rowid', 'desc');
  const rows = await ordered
    .limit(SEARCH_PAGE_SIZE + 1)
    .offset(offset)
    .execute();
  return {
    posts: rows.slice(0, SEARCH_PAGE_SIZE),
    more: rows.length > SEARCH_PAGE_SIZE,
    ranking: rank ? 'relevance' : 'recency',
  };
}
