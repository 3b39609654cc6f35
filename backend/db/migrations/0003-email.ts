// The email loop: a durable job queue, email logs (what was sent, skipped, bounced), reply
// keys, every received email stored raw before processing, uploads, bounce scores, and the
// stable outbound Message-ID of each post.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;
const id = (t: Table) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('bounce_score', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('reset_bounce_score_after', 'text').execute();
  await db.schema.alterTable('posts').addColumn('outbound_message_id', 'text').execute();
  await db.schema
    .createIndex('posts_outbound_message_id')
    .on('posts')
    .column('outbound_message_id')
    .execute();

  await id(db.schema.createTable('jobs') as Table)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await id(db.schema.createTable('email_logs') as Table)
    .addColumn('email_type', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('cc_addresses', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('incoming_email_id', 'integer')
    .addColumn('message_id', 'text')
    .addColumn('reply_key', 'text')
    .addColumn('bounce_key', 'text', (c) => c.unique())
    .addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bounce_error_code', 'text')
    // sent | skipped | pending (kept until an outgoing server is configured) | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skipped_reason', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('raw', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_logs_status_id').on('email_logs').columns(['status', 'id']).execute();
  await db.schema
    .createIndex('email_logs_user_created')
    .on('email_logs')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('email_logs_message_id').on('email_logs').column('message_id').execute();
  // At most one notification email per (post, recipient, type), ever (behaviour.md §3.1).
  await sql`CREATE UNIQUE INDEX email_logs_once ON email_logs (post_id, user_id, email_type) WHERE post_id IS NOT NULL AND user_id IS NOT NULL`.execute(
    db,
  );

  await id(db.schema.createTable('post_reply_keys') as Table)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reply_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('post_reply_keys_post_user', ['post_id', 'user_id'] as never[])
    .execute();

  await id(db.schema.createTable('incoming_emails') as Table)
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('from_address', 'text')
    .addColumn('to_addresses', 'text')
    .addColumn('cc_addresses', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('post_id', 'integer', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    // received (stored, not yet processed) | processed | rejected | held | dropped | bounced
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('rejection_message', 'text')
    .addColumn('is_auto_generated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_bounce', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auth_results', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incoming_emails_status_id')
    .on('incoming_emails')
    .columns(['status', 'id'])
    .execute();
  await db.schema.createIndex('incoming_emails_topic').on('incoming_emails').column('topic_id').execute();

  await id(db.schema.createTable('uploads') as Table)
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('original_filename', 'text', (c) => c.notNull())
    .addColumn('filesize', 'integer', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('sha1', 'text', (c) => c.notNull())
    .addColumn('extension', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uploads_sha1').on('uploads').column('sha1').execute();
}

export async function down(): Promise<void> {
  throw new Error('The email schema cannot be rolled back; restore the data folder from a backup instead.');
}
