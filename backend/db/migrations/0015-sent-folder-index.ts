// The Sent folder's test, "has this user posted in this PM" (not deleted, not a small action),
// answered from the index alone: posts_topic_user also carries post_type and deleted_at, so
// counting or listing Sent reads no post rows. Replaces the two-column index of 0010 (the same
// number of indexes to maintain on every post).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('posts_topic_user').execute();
  await db.schema
    .createIndex('posts_topic_user')
    .on('posts')
    .columns(['topic_id', 'user_id', 'post_type', 'deleted_at'])
    .execute();
}
