// Categories as Discourse has them (behaviour.md §2.3, §1.2 C3, §5.5): the categories
// themselves with their incoming addresses, per-group permissions (Discourse's category_groups:
// 1 full, 2 create_post, 3 readonly; no rows means everyone may do everything), and each
// person's notification level per category (Discourse's category_users). The default
// "Uncategorized" category keeps Discourse's id 1, which site.json names.
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  await (db.schema.createTable('categories') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    // '' when the name gives no usable slug or it is taken: the URL then uses "<id>-category".
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull().defaultTo('0088CC'))
    .addColumn('text_color', 'text', (c) => c.notNull().defaultTo('FFFFFF'))
    // Cooked HTML, as Discourse keeps the first paragraph of the category's "About" post.
    .addColumn('description', 'text')
    .addColumn('parent_category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('read_restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // Pipe-separated incoming addresses, lower-cased (Discourse's downcase_email).
    .addColumn('email_in', 'text')
    .addColumn('email_in_allow_strangers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mailinglist_mirror', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('categories_parent_name')
    .on('categories')
    .columns(['parent_category_id', 'name_lower'])
    .execute();

  await (db.schema.createTable('category_groups') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('permission_type', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('category_groups_category_group', ['category_id', 'group_id'])
    .execute();

  await (db.schema.createTable('category_users') as Table)
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 0 muted, 1 regular, 2 tracking, 3 watching, 4 watching first post (Discourse's NotificationLevels).
    .addColumn('notification_level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('category_users_pk', ['category_id', 'user_id'])
    .execute();
  await db.schema.createIndex('category_users_user').on('category_users').column('user_id').execute();

  // Category topic lists walk this index newest first.
  await db.schema
    .createIndex('topics_category_bumped')
    .on('topics')
    .columns(['category_id', 'bumped_at'])
    .execute();

  const now = new Date().toISOString();
  await sql`INSERT INTO categories (id, name, name_lower, slug, color, text_color, description, position, read_restricted, created_at, updated_at)
    VALUES (1, 'Uncategorized', 'uncategorized', 'uncategorized', '0088CC', 'FFFFFF', ${'Topics that don’t need a category, or don’t fit into any other existing category.'}, 0, 0, ${now}, ${now})`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('topics_category_bumped').execute();
  await db.schema.dropTable('category_users').execute();
  await db.schema.dropTable('category_groups').execute();
  await db.schema.dropTable('categories').execute();
}
