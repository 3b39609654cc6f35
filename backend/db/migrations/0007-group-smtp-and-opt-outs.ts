// Outbound identity (behaviour.md §2.2, §4.2, "differs" 5): a group's own mailbox settings
// for sending replies through its SMTP server (Discourse's group columns), addresses that
// opted out of all mail with the one-click link, and admin-edited texts (Discourse's
// TranslationOverride) such as the first-contact letter.
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;

export async function up(db: Kysely<unknown>): Promise<void> {
  const groups = () => db.schema.alterTable('groups');
  await groups()
    .addColumn('smtp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await groups().addColumn('smtp_server', 'text').execute();
  await groups().addColumn('smtp_port', 'integer').execute();
  // Discourse's Group.smtp_ssl_modes: 0 none, 1 ssl_tls, 2 starttls.
  await groups()
    .addColumn('smtp_ssl_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The group mailbox: From/To of its SMTP mail and the login of its SMTP server.
  await groups().addColumn('email_username', 'text').execute();
  // Write-only through the API: never serialized, for staff either.
  await groups().addColumn('email_password', 'text').execute();
  await groups().addColumn('email_from_alias', 'text').execute();
  // The group's mailbox is also read over IMAP: the first post of a PM then came from it (§4.2).
  await groups()
    .addColumn('imap_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await (db.schema.createTable('email_opt_outs') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Normalized (trimmed, lower-cased): the address is what opted out.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The conversation whose email carried the link that was used.
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_opt_outs_user').on('email_opt_outs').column('user_id').execute();

  await (db.schema.createTable('translation_overrides') as Table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('translation_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('translation_overrides_locale_key', ['locale', 'translation_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('translation_overrides').execute();
  await db.schema.dropTable('email_opt_outs').execute();
  for (const column of [
    'imap_enabled',
    'email_from_alias',
    'email_password',
    'email_username',
    'smtp_ssl_mode',
    'smtp_port',
    'smtp_server',
    'smtp_enabled',
  ])
    await db.schema.alterTable('groups').dropColumn(column).execute();
}
