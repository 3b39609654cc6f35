// What the desktop client needs from the forum: Discourse's drafts and draft sequences, send
// idempotency keys, send-later rows, the live event ring (id = the SSE event id), and the
// full-text index of posts (FTS5, contentless: the text lives in posts, the index holds only
// terms), backfilled here from every post already written.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { searchDocument } from '../../search/search-document';

type Table = CreateTableBuilder<string, never>;
const id = (t: Table) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

export async function up(db: Kysely<unknown>): Promise<void> {
  await id(db.schema.createTable('drafts') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('draft_key', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('revisions', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('drafts_user_key', ['user_id', 'draft_key'] as never[])
    .execute();

  await (db.schema.createTable('draft_sequences') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('draft_key', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('draft_sequences_pk', ['user_id', 'draft_key'] as never[])
    .execute();

  // The unique pair is the concurrency guard: two sends with one key cannot both insert.
  await id(db.schema.createTable('idempotency_keys') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_user_key', ['user_id', 'key'] as never[])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();

  await id(db.schema.createTable('scheduled_posts') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('send_at', 'text', (c) => c.notNull())
    // scheduled | sent | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('target_recipients', 'text')
    .addColumn('archetype', 'text')
    .addColumn('topic_id', 'integer')
    .addColumn('reply_to_post_number', 'integer')
    .addColumn('draft_key', 'text')
    .addColumn('error', 'text')
    .addColumn('post_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scheduled_posts_user')
    .on('scheduled_posts')
    .columns(['user_id', 'status', 'send_at'])
    .execute();

  // Who uploaded a file through the composer (files are stored once per content, so one upload
  // may have several): they may see it before any post shows it, and link it into their posts.
  await (db.schema.createTable('upload_owners') as Table)
    .addColumn('upload_id', 'integer', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_owners_pk', ['upload_id', 'user_id'] as never[])
    .execute();

  // Audience: user_id (that user only), else group_id (its members), else everyone who may see
  // topic_id (staff only when staff_only).
  await id(db.schema.createTable('live_events') as Table)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'integer')
    .addColumn('post_id', 'integer')
    .addColumn('post_number', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('group_id', 'integer')
    .addColumn('staff_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('draft_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // "Has this user posted in this PM" (the Sent folder, its counts, the writer's participant
  // check): without it SQLite answers from posts_user, reading every post of a prolific user
  // once per PM.
  await db.schema.createIndex('posts_topic_user').on('posts').columns(['topic_id', 'user_id']).execute();

  await sql`CREATE VIRTUAL TABLE post_search USING fts5(
    title, body, author,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await backfillSearchIndex(db);
}

/** Indexes every post already written, in batches so a large forum never holds it all at once. */
export async function backfillSearchIndex(db: Kysely<unknown>): Promise<void> {
  const BATCH = 2000;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = (
      await sql<{
        id: number;
        post_number: number;
        raw: string;
        title: string;
        username: string;
        name: string | null;
      }>`SELECT p.id, p.post_number, p.raw, t.title, u.username, u.name
         FROM posts p JOIN topics t ON t.id = p.topic_id JOIN users u ON u.id = p.user_id
         WHERE p.id > ${after} AND p.deleted_at IS NULL AND p.post_type != 3
         ORDER BY p.id LIMIT ${BATCH}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    for (const r of rows) {
      const doc = searchDocument(r, { title: r.title }, r);
      await sql`INSERT INTO post_search(rowid, title, body, author) VALUES (${r.id}, ${doc.title}, ${doc.body}, ${doc.author})`.execute(
        db,
      );
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE post_search`.execute(db);
  await db.schema.dropIndex('posts_topic_user').execute();
  for (const t of [
    'upload_owners',
    'live_events',
    'scheduled_posts',
    'idempotency_keys',
    'draft_sequences',
    'drafts',
  ])
    await db.schema.dropTable(t).execute();
}
