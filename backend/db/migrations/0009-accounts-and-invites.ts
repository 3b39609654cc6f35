// The life of an account after staging (behaviour.md §1.4, "differs" 4): who first brought a
// staged person in (recorded when they are staged, credited when they sign up), one-time email
// tokens (account activation, password reset), and Discourse's forum invites with the groups
// and topic they grant and the people who redeemed them.
import type { Kysely, CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, never>;
const id = (t: Table) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per staged user: the person who first wrote to the address (a PM, an invite to a
  // PM, a Cc on an emailed reply) or the group whose address the person first wrote to.
  await (db.schema.createTable('user_first_contacts') as Table)
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('invited_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('invited_by_group_id', 'integer', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('topic_id', 'integer', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // When the staged user signed up (the credit's redeemed_at in the inviter's list).
    .addColumn('signed_up_at', 'text')
    .execute();
  await db.schema
    .createIndex('user_first_contacts_inviter')
    .on('user_first_contacts')
    .column('invited_by_user_id')
    .execute();

  await id(db.schema.createTable('email_tokens') as Table)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    // SHA-256 of the token: the token itself only ever exists in the email.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // 'signup' | 'password_reset' (Discourse's EmailToken.scopes).
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_tokens_user').on('email_tokens').column('user_id').execute();

  await id(db.schema.createTable('invites') as Table)
    .addColumn('invite_key', 'text', (c) => c.notNull().unique())
    // Null for a link invite (anyone holding the link may redeem it, up to the allowed count).
    .addColumn('email', 'text')
    .addColumn('invited_by_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('custom_message', 'text')
    .addColumn('max_redemptions_allowed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('redemption_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Discourse's Invite.emailed_status_types: 0 not_required, 1 pending, 3 sending, 4 sent.
    .addColumn('emailed_status', 'integer', (c) => c.notNull().defaultTo(0))
    // SHA-256 of the token the invite email carries: redeeming with it proves the address.
    .addColumn('email_token_hash', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('invites_inviter').on('invites').column('invited_by_id').execute();
  await db.schema.createIndex('invites_email').on('invites').column('email').execute();

  await (db.schema.createTable('invited_groups') as Table)
    .addColumn('invite_id', 'integer', (c) => c.notNull().references('invites.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('invited_groups_pk', ['invite_id', 'group_id'])
    .execute();
  await (db.schema.createTable('topic_invites') as Table)
    .addColumn('invite_id', 'integer', (c) => c.notNull().references('invites.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('topic_invites_pk', ['invite_id', 'topic_id'])
    .execute();
  await id(db.schema.createTable('invited_users') as Table)
    .addColumn('invite_id', 'integer', (c) => c.notNull().references('invites.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('redeemed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invited_users_invite_user')
    .on('invited_users')
    .columns(['invite_id', 'user_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'invited_users',
    'topic_invites',
    'invited_groups',
    'invites',
    'email_tokens',
    'user_first_contacts',
  ])
    await db.schema.dropTable(table).execute();
}
