// Discourse's review queue (reviewables), as far as incoming mail needs it (behaviour.md §2.1
// email_in_spam_header and approve_unless_staged, §1.3, §7.12): a post from an email that must
// be approved waits here as a ReviewableQueuedPost — its raw and title in the payload, the
// email itself kept as a held incoming email — until staff approve (the email is processed
// and posted) or reject it.
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('reviewables') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Discourse's Reviewable STI type, e.g. 'ReviewableQueuedPost'.
    .addColumn('type', 'text', (c) => c.notNull())
    // Discourse's Reviewable.statuses: pending 0, approved 1, rejected 2, ignored 3, deleted 4.
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0))
    // Why it is here: 'email_spam' (email_in_spam_header) or 'staged' (approve_unless_staged).
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('target_created_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The topic a queued reply goes to; null for a queued new topic until it is approved.
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    // The post once approved (Discourse's target_type 'Post' / target_id).
    .addColumn('target_id', 'integer', (c) => c.references('posts.id').onDelete('set null'))
    // The email the post comes from; one reviewable per email.
    .addColumn('incoming_email_id', 'integer', (c) =>
      c.notNull().unique().references('incoming_emails.id').onDelete('cascade'),
    )
    // JSON: { raw, title?, reply_to_post_number? } as Discourse's queued post payload.
    .addColumn('payload', 'text', (c) => c.notNull())
    // Bumped by every action (Discourse's optimistic lock: a stale version is refused).
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewed_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviewables_status_id').on('reviewables').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reviewables').execute();
}
