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

type IndexRow = { id: number } & SearchDocument;
type IndexOp = ({ kind: 'insert' | 'replace' } & IndexRow) | { kind: 'delete'; id: number };

/**
 * Index writes, in order; in a deferring transaction (db/deferred-writes.ts) they wait for its
 * commit. Runs of new posts (a batch's usual writes) go in multi-row inserts.
 */
const indexWrites = deferrableWrite<IndexOp>(async (db, ops) => {
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
    if (op.kind === 'insert') {
      fresh.push(op);
      continue;
    }
    await insertFresh();
    if (op.kind === 'delete')
      await runCached(
        db,
        'unindexPost',
        (_q, id: number) => sql`DELETE FROM post_search WHERE rowid = ${id}`,
        op.id,
      );
    else
      await runCached(
        db,
        'reindexPost',
        (_q, row: IndexRow) =>
          sql`INSERT OR REPLACE INTO post_search(rowid, title, body, author)
              VALUES (${row.id}, ${row.title}, ${row.body}, ${row.author})`,
        op,
      );
  }
  await insertFresh();
});

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
  await indexWrites.write(db, [
    { kind: fresh ? 'insert' : 'replace', id: post.id, ...searchDocument(post, topic, author) },
  ]);
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
  await indexWrites.write(
    db,
    postIds.map((id) => ({ kind: 'delete' as const, id })),
  );
}
