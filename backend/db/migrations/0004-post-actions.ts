// What the email receiver needs beyond 0003: likes (a "+1" reply is a like, behaviour.md §1.3),
// the uploads each post references (so an upload is served only to people who can see such a
// post), the per-group allow_unknown_sender_topic_replies flag (§2.2, C6), and how a stored raw
// email is encoded (mail is bytes; a raw that is not UTF-8 is kept byte for byte as latin1 text
// so a held or interrupted email can be processed again exactly as it arrived).
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('post_actions') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // Discourse's PostActionType ids: 2 = like.
    .addColumn('post_action_type_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('post_actions_once', ['post_id', 'user_id', 'post_action_type_id'] as never[])
    .execute();
  await db.schema.createIndex('post_actions_user').on('post_actions').column('user_id').execute();

  await (db.schema.createTable('post_uploads') as Table)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('upload_id', 'integer', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_uploads_pk', ['post_id', 'upload_id'] as never[])
    .execute();
  await db.schema.createIndex('post_uploads_upload').on('post_uploads').column('upload_id').execute();

  await db.schema
    .alterTable('groups')
    .addColumn('allow_unknown_sender_topic_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('incoming_emails')
    .addColumn('raw_encoding', 'text', (c) => c.notNull().defaultTo('utf8'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('post_uploads').execute();
  await db.schema.dropTable('post_actions').execute();
  await db.schema.alterTable('groups').dropColumn('allow_unknown_sender_topic_replies').execute();
  await db.schema.alterTable('incoming_emails').dropColumn('raw_encoding').execute();
}
