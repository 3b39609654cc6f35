// Tags as Discourse has them (behaviour.md §1.3, §4.4): the tags themselves (lower-case names,
// Discourse's force_lowercase_tags), which topics carry which tags (topic_tags, in the order the
// poster gave them), and each person's notification level per tag (Discourse's tag_users, the
// same shape as category_users so both share one tracking code path). Topic counts are counted
// when read, per viewer, as for categories: no counter can drift or leak a private topic.
import type { CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('tags') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await (db.schema.createTable('topic_tags') as Table)
    // The row id keeps the order the tags were given in.
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('topic_tags_topic_tag', ['topic_id', 'tag_id'])
    .execute();
  // A tag's topic list and its counts start from the tag.
  await db.schema.createIndex('topic_tags_tag').on('topic_tags').columns(['tag_id', 'topic_id']).execute();

  await (db.schema.createTable('tag_users') as Table)
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 0 muted, 1 regular, 2 tracking, 3 watching, 4 watching first post (Discourse's NotificationLevels).
    .addColumn('notification_level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_users_pk', ['tag_id', 'user_id'])
    .execute();
  await db.schema.createIndex('tag_users_user').on('tag_users').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tag_users').execute();
  await db.schema.dropTable('topic_tags').execute();
  await db.schema.dropTable('tags').execute();
}
