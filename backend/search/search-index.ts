// Keeps the full-text index in step with posts, inside the writer's transaction: a post is
// indexed as it is written, re-indexed when edited, and dropped when deleted. Small actions
// (invites, closes) carry no text and are not indexed.
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { runCached } from '../util/cached-query';
import type { Post, Topic } from '../db/schema';
import { searchDocument } from './search-document';

/** Discourse's Post.types.small_action (post-writer's POST_TYPES, which imports this file). */
const POST_TYPE_SMALL_ACTION = 3;

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
  const doc = searchDocument(post, topic, author);
  await runCached(
    db,
    `indexPost:${fresh}`,
    (_q, id: number, title: string, body: string, who: string) =>
      sql`${sql.raw(fresh ? 'INSERT' : 'INSERT OR REPLACE')} INTO post_search(rowid, title, body, author)
          VALUES (${id}, ${title}, ${body}, ${who})`,
    post.id,
    doc.title,
    doc.body,
    doc.author,
  );
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
  for (const id of postIds) await sql`DELETE FROM post_search WHERE rowid = ${id}`.execute(db);
}
