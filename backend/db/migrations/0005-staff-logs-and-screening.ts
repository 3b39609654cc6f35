// Discourse's staff action log (UserHistory: who did what to whom, e.g. the system revoking an
// address whose mail keeps bouncing, behaviour.md §3.8) and its screened-email list (addresses
// whose mail is refused, §3.3 step 6 and §5.6).
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('user_histories') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Discourse's UserHistory action names, e.g. 'revoke_email'.
    .addColumn('action', 'text', (c) => c.notNull())
    // Null when the system acted rather than a person.
    .addColumn('acting_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('target_user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('details', 'text')
    .addColumn('context', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_histories_target')
    .on('user_histories')
    .column('target_user_id')
    .execute();
  await db.schema.createIndex('user_histories_action').on('user_histories').column('action').execute();

  await (db.schema.createTable('screened_emails') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Normalized (trimmed, lower-cased), so lookups are exact matches on an index.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    // 'block' | 'do_nothing' (Discourse's ScreenedEmail.actions).
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('match_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_match_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('screened_emails').execute();
  await db.schema.dropTable('user_histories').execute();
}
