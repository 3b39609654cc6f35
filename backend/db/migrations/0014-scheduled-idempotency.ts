// Send later honours Idempotency-Key like POST /posts.json: a key now records either the post
// or the scheduled post it created. SQLite cannot drop NOT NULL from post_id in place, so the
// table is rebuilt (on PostgreSQL this is ALTER COLUMN post_id DROP NOT NULL + ADD COLUMN).
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('idempotency_keys_created').execute();
  await db.schema.alterTable('idempotency_keys').renameTo('idempotency_keys_0010').execute();
  await (db.schema.createTable('idempotency_keys') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // Exactly one of the two is set. Neither is a foreign key: a key outlives a cancelled
    // schedule, so a late retry of that request cannot schedule the message a second time.
    .addColumn('post_id', 'integer')
    .addColumn('scheduled_post_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // The unique pair is the concurrency guard: two requests with one key cannot both insert.
    .addUniqueConstraint('idempotency_keys_user_key', ['user_id', 'key'] as never[])
    .execute();
  await sql`INSERT INTO idempotency_keys (id, user_id, key, request_hash, post_id, created_at)
            SELECT id, user_id, key, request_hash, post_id, created_at FROM idempotency_keys_0010`.execute(
    db,
  );
  await db.schema.dropTable('idempotency_keys_0010').execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}
