// Broadcasts with private replies (behaviour.md "Where Foyer differs" 6, the conference case):
// a series belongs to an organiser group and has participants; each announcement becomes one
// group PM per participant (TAU = author + participant, TAG = organisers), so a reply by email
// or on the site is a private conversation with the organisers, never a reply-all.
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('broadcasts') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('broadcasts_group').on('broadcasts').column('group_id').execute();

  await (db.schema.createTable('broadcast_participants') as Table)
    .addColumn('broadcast_id', 'integer', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_participants_pk', ['broadcast_id', 'user_id'])
    .execute();

  await (db.schema.createTable('broadcast_announcements') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('broadcast_id', 'integer', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('broadcast_announcements_broadcast')
    .on('broadcast_announcements')
    .column('broadcast_id')
    .execute();

  // One row per (announcement, participant): the PM that carries it. `emailed` is 0 for the
  // copies a late participant gets of earlier announcements (history, not news).
  await (db.schema.createTable('broadcast_deliveries') as Table)
    .addColumn('announcement_id', 'integer', (c) =>
      c.notNull().references('broadcast_announcements.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('emailed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_deliveries_pk', ['announcement_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('broadcast_deliveries_topic')
    .on('broadcast_deliveries')
    .column('topic_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['broadcast_deliveries', 'broadcast_announcements', 'broadcast_participants', 'broadcasts'])
    await db.schema.dropTable(t).execute();
}
