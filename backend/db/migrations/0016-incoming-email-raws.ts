// An incoming email's raw message moves to its own table, one row per email. SQLite rewrites
// a whole row on every UPDATE, so with the raw in incoming_emails recording an outcome (the
// status, the post) rewrote the message too: measured 16 µs for a 1.5 kB reply and 250 µs for
// a 50 kB one, against 3 µs for the row without it. The record's lists never needed the raw.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incoming_email_raws')
    .addColumn('incoming_email_id', 'integer', (c) =>
      c.primaryKey().references('incoming_emails.id').onDelete('cascade'),
    )
    .addColumn('raw', 'text', (c) => c.notNull())
    // utf8, or latin1 for a raw that is not UTF-8 (kept byte for byte).
    .addColumn('raw_encoding', 'text', (c) => c.notNull().defaultTo('utf8'))
    .execute();
  await sql`INSERT INTO incoming_email_raws (incoming_email_id, raw, raw_encoding)
            SELECT id, raw, raw_encoding FROM incoming_emails`.execute(db);
  await db.schema.alterTable('incoming_emails').dropColumn('raw_encoding').execute();
  await db.schema.alterTable('incoming_emails').dropColumn('raw').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('incoming_emails')
    .addColumn('raw', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('incoming_emails')
    .addColumn('raw_encoding', 'text', (c) => c.notNull().defaultTo('utf8'))
    .execute();
  await sql`UPDATE incoming_emails SET
              raw = (SELECT r.raw FROM incoming_email_raws r WHERE r.incoming_email_id = incoming_emails.id),
              raw_encoding = (SELECT r.raw_encoding FROM incoming_email_raws r WHERE r.incoming_email_id = incoming_emails.id)
            WHERE id IN (SELECT incoming_email_id FROM incoming_email_raws)`.execute(db);
  await db.schema.dropTable('incoming_email_raws').execute();
}
