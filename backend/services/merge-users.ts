// Discourse's UserMerger (POST /admin/users/{id}/merge.json): everything of one account moves
// to another and the first is deleted — posts and topics, PM participation, reply keys (so
// replies to old emails keep working), received and sent email records, notifications,
// likes, group memberships, invites and credits — and the source's addresses become the
// target's secondary addresses, so mail from them reaches the target from now on. The usual
// case is two staged users that are one person, or a staged address of a real account.
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { userAdminRefusal } from '../policy/user-admin-policy';
import { findUserByUsername } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

/**
 * Moves rows from `from` to `to` where the target has none with the same key, then deletes
 * the source's leftovers (the target's own row wins). Portable SQL (SQLite and PostgreSQL).
 */
async function moveUnique(
  db: Db,
  table: string,
  userColumn: string,
  keys: readonly string[],
  from: number,
  to: number,
): Promise<void> {
  const same = keys.map((k) => sql` and other.${sql.ref(k)} = ${sql.table(table)}.${sql.ref(k)}`);
  await sql`update ${sql.table(table)} set ${sql.ref(userColumn)} = ${to}
    where ${sql.ref(userColumn)} = ${from}
    and not exists (select 1 from ${sql.table(table)} as other where other.${sql.ref(userColumn)} = ${to}${sql.join(same, sql``)})`.execute(
    db,
  );
  await sql`delete from ${sql.table(table)} where ${sql.ref(userColumn)} = ${from}`.execute(db);
}

async function reassign(db: Db, table: string, column: string, from: number, to: number): Promise<void> {
  await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${to} where ${sql.ref(column)} = ${from}`.execute(
    db,
  );
}

export async function mergeUsers(
  ctx: ForumContext,
  actor: User,
  source: User,
  targetUsername: unknown,
): Promise<User> {
  if (typeof targetUsername !== 'string' || !targetUsername.trim())
    throw new DomainError('invalid_parameters', {
      detail: 'target_username (the account to merge into) is required.',
    });
  const target = await findUserByUsername(ctx.db, targetUsername);
  if (!target) throw new DomainError('user_not_found');
  if (target.id === source.id)
    throw new DomainError('invalid_parameters', { detail: 'an account cannot be merged into itself.' });
  for (const [who, what] of [
    [source, 'merged'],
    [target, 'merged into'],
  ] as const) {
    const refusal = userAdminRefusal(actor, who, 'merged');
    if (refusal) throw new DomainError('user_cannot_be_changed', { action: what, reason: refusal });
  }
  const from = source.id;
  const to = target.id;
  await ctx.db.transaction().execute(async (db) => {
    for (const [table, column] of [
      ['posts', 'user_id'],
      ['posts', 'deleted_by_id'],
      ['topics', 'user_id'],
      ['topics', 'last_post_user_id'],
      ['topics', 'deleted_by_id'],
      ['incoming_emails', 'user_id'],
      ['email_logs', 'user_id'],
      ['notifications', 'user_id'],
      ['uploads', 'user_id'],
      ['invites', 'invited_by_id'],
      ['users', 'invited_by_id'],
      ['user_first_contacts', 'invited_by_user_id'],
      ['user_histories', 'target_user_id'],
      ['user_histories', 'acting_user_id'],
      ['api_keys', 'created_by_id'],
    ] as const)
      await reassign(db, table, column, from, to);
    await moveUnique(db, 'topic_allowed_users', 'user_id', ['topic_id'], from, to);
    await moveUnique(db, 'topic_users', 'user_id', ['topic_id'], from, to);
    await moveUnique(db, 'user_archived_messages', 'user_id', ['topic_id'], from, to);
    await moveUnique(db, 'post_reply_keys', 'user_id', ['post_id'], from, to);
    await moveUnique(db, 'post_actions', 'user_id', ['post_id', 'post_action_type_id'], from, to);
    await moveUnique(db, 'group_users', 'user_id', ['group_id'], from, to);
    await moveUnique(db, 'invited_users', 'user_id', ['invite_id'], from, to);
    await moveUnique(db, 'user_first_contacts', 'user_id', [], from, to);
    // What the person follows: the target's own level wins where both have one.
    await moveUnique(db, 'category_users', 'user_id', ['category_id'], from, to);
    await moveUnique(db, 'tag_users', 'user_id', ['tag_id'], from, to);
    await moveUnique(db, 'broadcast_participants', 'user_id', ['broadcast_id'], from, to);
    await moveUnique(db, 'broadcast_deliveries', 'user_id', ['announcement_id'], from, to);
    // The source's addresses are the target's now, as secondary addresses.
    await db
      .updateTable('user_emails')
      .set({ user_id: to, primary: 0 })
      .where('user_id', '=', from)
      .execute();
    await db.deleteFrom('users').where('id', '=', from).execute();
    await db
      .insertInto('user_histories')
      .values({
        action: 'merge_user',
        acting_user_id: actor.id,
        target_user_id: to,
        details: `merged ${source.username} (id ${from}) into ${target.username}`,
        context: null,
        created_at: nowIso(),
      })
      .execute();
  });
  return target;
}
