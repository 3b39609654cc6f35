// Keeps the full-text index in step with posts, inside the writer's transaction: a post is
// indexed as it is written, re-indexed when edited, and dropped when deleted. Small actions
// (invites, closes) carry no text and are not indexed.
// In a transaction that defers writes (the email receiver's batches), index writes wait for its
// commit: see db/deferred-writes.ts for why.
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { deferrableWrite } from '../db/deferred-writes';
import { runCached, runCachedRows } from '../util/cached-query';
import type { Post, Topic } from '../db/schema';
import { searchDocument, type SearchDocument } from './search-document';

/** Discourse's Post.types.small_action (post-writer's POST_TYPES, which imports this file). */
const POST_TYPE_SMALL_ACTION = 3;

type IndexOp =
  { kind: 'insert' | 'replace'; id: number; doc: SearchDocument } | { kind: 'delete'; id: number };

/** In a deferring transaction (db/deferred-writes.ts) index writes wait for its commit. */
const deferredIndex = deferrableWrite<IndexOp>(async (db, ops) => {
  // Runs of new posts (a batch's usual ops) go in multi-row inserts; anything else one by one.
  let fresh: IndexRow[] = [];
  const insertFresh = async () => {
    await runCachedRows(
      db,
      'indexPosts',
      fresh,
      (_q, ...rows) =>
        sql`INSERT INTO post_search(rowid, title, body, author) VALUES ${sql.join(
          rows.map((r) => sql`(${r.id}, ${r.title}, ${r.body}, ${r.author})`),
        )}`,
    );
    fresh = [];
  };
  for (const op of ops) {
    if (op.kind === 'insert') fresh.push({ id: op.id, ...op.doc });
    else {
      await insertFresh();
      await applyIndexOp(db, op);
    }
  }
  await insertFresh();
});

type IndexRow = { id: number } & SearchDocument;

async function applyIndexOp(db: Db, op: IndexOp): Promise<void> {
  if (op.kind === 'delete') {
    await runCached(
      db,
      'unindexPost',
      (_q, id: number) => sql`DELETE FROM post_search WHERE rowid = ${id}`,
      op.id,
    );
    return;
  }
  await runCached(
    db,
    `indexPost:${op.kind}`,
    (_q, id: number, title: string, body: string, who: string) =>
      sql`${sql.raw(op.kind === 'insert' ? 'INSERT' : 'INSERT OR REPLACE')} INTO post_search(rowid, title, body, author)
          VALUES (${id}, ${title}, ${body}, ${who})`,
    op.id,
    op.doc.title,
    op.doc.body,
    op.doc.author,
  );
}

async function writeIndex(db: Db, op: IndexOp): Promise<void> {
  if (!deferredIndex.defer(db, op)) await applyIndexOp(db, op);
}

/**
 * Indexes a post. A new post (`fresh`: its id was never indexed, post ids are never reused)
 * is a plain insert; re-indexing replaces the post's row, which costs a lookup more.
 */
export async function indexPost(
  db: Db,
  post: Pick<Post, 'id' | 'post_number' | 'raw' | 'post_type'>,
  topic: Pick<Topic, 'title'>,
  author: { username: string; name: string | null },
  { fresh = false }: { fresh?: boolean } = {},
): Promise<void> {
  if (post.post_type === POST_TYPE_SMALL_ACTION) return;
  await writeIndex(db, {
    kind: fresh ? 'insert' : 'replace',
    id: post.id,
    doc: searchDocument(post, topic, author),
  });
}

/** Re-indexes a post after an edit (its author and topic are read back). */
export async function reindexPost(db: Db, postId: number): Promise<void> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('topics', 'topics.id', 'posts.topic_id')
    .innerJoin('users', 'users.id', 'posts.user_id')
    .select([
      'posts.id',
      'posts.post_number',
      'posts.raw',
      'posts.post_type',
      'posts.deleted_at',
      'topics.title',
      'users.username',
      'users.name',
    ])
    .where('posts.id', '=', postId)
    .executeTakeFirst();
  if (!row || row.deleted_at !== null) return unindexPosts(db, [postId]);
  await indexPost(db, row, row, row);
}

export async function unindexPosts(db: Db, postIds: readonly number[]): Promise<void> {
  for (const id of postIds) await writeIndex(db, { kind: 'delete', id });
}
