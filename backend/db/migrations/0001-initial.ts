// The forum core: users, groups, PM topics and posts, participants, archive state,
// notifications, settings, API keys and sessions. Written with Kysely's schema builder
// so the same migration runs on PostgreSQL when a team outgrows one SQLite file.
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;
const id = (t: Table) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
const flag = (t: Table, name: string, dflt: 0 | 1) =>
  t.addColumn(name, 'integer', (c) => c.notNull().defaultTo(dflt));
const ts = (t: Table, name: string) => t.addColumn(name, 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>): Promise<void> {
  let t: Table;
  t = id(db.schema.createTable('users') as Table)
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_lower', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text');
  for (const [f, d] of [
    ['active', 0],
    ['staged', 0],
    ['admin', 0],
    ['moderator', 0],
  ] as const)
    t = flag(t, f, d);
  t = t
    .addColumn('trust_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text');
  t = ts(ts(t, 'created_at'), 'updated_at');
  for (const f of ['last_seen_at', 'last_posted_at', 'suspended_until', 'silenced_until'])
    t = t.addColumn(f, 'text');
  await t
    .addColumn('invited_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await ts(
    id(db.schema.createTable('user_emails') as Table)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('normalized_email', 'text', (c) => c.notNull().unique())
      .addColumn('primary', 'integer', (c) => c.notNull().defaultTo(1)),
    'created_at',
  ).execute();
  await db.schema.createIndex('user_emails_user').on('user_emails').column('user_id').execute();

  await db.schema
    .createTable('user_options')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('allow_private_messages', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('enable_allowed_pm_users', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_messages_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_level', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('email_digests', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await id(db.schema.createTable('user_custom_fields') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ucf_user_name')
    .on('user_custom_fields')
    .columns(['user_id', 'name'])
    .execute();

  for (const [table, other] of [
    ['muted_users', 'muted_user_id'],
    ['allowed_pm_users', 'allowed_pm_user_id'],
  ] as const) {
    await ts(
      db.schema
        .createTable(table)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn(other, 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint(`${table}_pk`, ['user_id', other]) as unknown as Table,
      'created_at',
    ).execute();
  }

  t = id(db.schema.createTable('groups') as Table)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text');
  t = flag(t, 'automatic', 0);
  for (const [f, d] of [
    ['messageable_level', 0],
    ['mentionable_level', 0],
    ['visibility_level', 0],
    ['members_visibility_level', 0],
    ['default_notification_level', 3],
  ] as const)
    t = t.addColumn(f, 'integer', (c) => c.notNull().defaultTo(d));
  t = t.addColumn('incoming_email', 'text');
  for (const f of [
    'public_admission',
    'public_exit',
    'allow_membership_requests',
    'primary_group',
    'has_messages',
    'publish_read_state',
  ])
    t = flag(t, f, 0);
  t = t
    .addColumn('bio_raw', 'text')
    .addColumn('bio_cooked', 'text')
    .addColumn('title', 'text')
    .addColumn('grant_trust_level', 'integer');
  await ts(ts(t, 'created_at'), 'updated_at').execute();

  await ts(
    db.schema
      .createTable('group_users')
      .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('owner', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('notification_level', 'integer', (c) => c.notNull().defaultTo(3))
      .addPrimaryKeyConstraint('group_users_pk', ['group_id', 'user_id']) as unknown as Table,
    'created_at',
  ).execute();
  await db.schema.createIndex('group_users_user').on('group_users').column('user_id').execute();

  t = id(db.schema.createTable('topics') as Table)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('fancy_title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('archetype', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('category_id', 'integer');
  t = ts(ts(ts(t, 'created_at'), 'updated_at'), 'bumped_at').addColumn('last_posted_at', 'text');
  t = t.addColumn('last_post_user_id', 'integer', (c) => c.notNull().references('users.id'));
  for (const f of [
    'highest_post_number',
    'posts_count',
    'reply_count',
    'like_count',
    'word_count',
    'views',
    'participant_count',
  ])
    t = t.addColumn(f, 'integer', (c) => c.notNull().defaultTo(0));
  for (const [f, d] of [
    ['closed', 0],
    ['archived', 0],
    ['visible', 1],
  ] as const)
    t = flag(t, f, d);
  await t
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('topics_archetype_bumped')
    .on('topics')
    .columns(['archetype', 'bumped_at'])
    .execute();

  t = id(db.schema.createTable('posts') as Table)
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('post_number', 'integer', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('cooked', 'text', (c) => c.notNull())
    .addColumn('post_type', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('action_code', 'text')
    .addColumn('reply_to_post_number', 'integer');
  for (const f of ['reply_count', 'quote_count', 'word_count'])
    t = t.addColumn(f, 'integer', (c) => c.notNull().defaultTo(0));
  t = t.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).addColumn('edit_reason', 'text');
  t = flag(t, 'via_email', 0);
  t = ts(ts(t, 'created_at'), 'updated_at');
  await t
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by_id', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('posts_topic_number', ['topic_id', 'post_number'] as never[])
    .execute();
  await db.schema.createIndex('posts_user').on('posts').column('user_id').execute();

  await ts(
    id(db.schema.createTable('topic_allowed_users') as Table)
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addUniqueConstraint('tau_topic_user', ['topic_id', 'user_id']),
    'created_at',
  ).execute();
  await db.schema.createIndex('tau_user').on('topic_allowed_users').column('user_id').execute();
  await ts(
    id(db.schema.createTable('topic_allowed_groups') as Table)
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
      .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
      .addUniqueConstraint('tag_topic_group', ['topic_id', 'group_id']),
    'created_at',
  ).execute();
  await db.schema.createIndex('tag_group').on('topic_allowed_groups').column('group_id').execute();

  await db.schema
    .createTable('topic_users')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('notification_level', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notifications_reason_id', 'integer')
    .addColumn('last_read_post_number', 'integer')
    .addColumn('posted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_visited_at', 'text')
    .addColumn('last_visited_at', 'text')
    .addPrimaryKeyConstraint('topic_users_pk', ['user_id', 'topic_id'])
    .execute();

  for (const [table, owner, ref] of [
    ['user_archived_messages', 'user_id', 'users.id'],
    ['group_archived_messages', 'group_id', 'groups.id'],
  ] as const) {
    await ts(
      db.schema
        .createTable(table)
        .addColumn(owner, 'integer', (c) => c.notNull().references(ref).onDelete('cascade'))
        .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
        .addPrimaryKeyConstraint(`${table}_pk`, [owner, 'topic_id']) as unknown as Table,
      'created_at',
    ).execute();
  }

  await ts(
    ts(
      id(db.schema.createTable('notifications') as Table)
        .addColumn('notification_type', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('cascade'))
        .addColumn('post_number', 'integer')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('high_priority', 'integer', (c) => c.notNull().defaultTo(0)),
      'created_at',
    ),
    'updated_at',
  ).execute();
  await db.schema
    .createIndex('notifications_user_read')
    .on('notifications')
    .columns(['user_id', 'read', 'id'])
    .execute();

  await db.schema
    .createTable('site_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('api_keys') as Table)
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('truncated_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_by_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await id(db.schema.createTable('user_auth_tokens') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();

  // Discourse's automatic groups keep their well-known ids, because settings such as
  // send_email_messages_allowed_groups ("1|2|14") refer to groups by id.
  const now = new Date().toISOString();
  const automatic: Array<[number, string]> = [
    [0, 'everyone'],
    [1, 'admins'],
    [2, 'moderators'],
    [3, 'staff'],
    [10, 'trust_level_0'],
    [11, 'trust_level_1'],
    [12, 'trust_level_2'],
    [13, 'trust_level_3'],
    [14, 'trust_level_4'],
  ];
  for (const [gid, name] of automatic) {
    await sql`INSERT INTO groups (id, name, name_lower, automatic, messageable_level, mentionable_level, visibility_level, members_visibility_level, created_at, updated_at)
      VALUES (${gid}, ${name}, ${name}, 1, ${gid === 0 ? 0 : 2}, 0, ${gid === 0 ? 1 : 1}, ${gid === 0 ? 1 : 1}, ${now}, ${now})`.execute(
      db,
    );
  }
  // Custom groups start after Discourse's reserved id range.
  await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('groups', 40)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The initial schema cannot be rolled back; restore the data folder from a backup instead.');
}
