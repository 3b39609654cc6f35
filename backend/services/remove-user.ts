// Taking a person out of the forum, as Discourse's admin does: anonymizing (UserAnonymizer —
// the account and its posts stay, everything that names or reaches the person goes) and
// deleting (UserDestroyer). A deleted user's remaining posts and topics are attributed to the
// system user, as Discourse shows deleted users' posts; with delete_posts they are deleted too.
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { normalizeEmail } from '../../shared/util/email-address';
import { randomToken } from '../auth/secrets';
import { systemUser } from '../email/inbound/bounces';
import { userAdminRefusal, type UserAdminAction } from '../policy/user-admin-policy';
import { isNameTaken } from '../users/username';
import { primaryEmail } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';
import { blankIncomingRawsOf } from '../email/inbound/incoming-raws';

/** Discourse's UserAnonymizer::EMAIL_SUFFIX. */
export const ANONYMIZED_EMAIL_SUFFIX = '@anonymized.invalid';

function ensureAllowed(actor: User, target: User, action: UserAdminAction): void {
  const refusal = userAdminRefusal(actor, target, action);
  if (refusal) throw new DomainError('user_cannot_be_changed', { action, reason: refusal });
}

async function logStaffAction(
  db: Db,
  action: string,
  actor: User,
  targetId: number | null,
  details: string,
): Promise<void> {
  await db
    .insertInto('user_histories')
    .values({
      action,
      acting_user_id: actor.id,
      target_user_id: targetId,
      details,
      context: null,
      created_at: nowIso(),
    })
    .execute();
}

async function anonymousName(db: Db): Promise<string> {
  for (;;) {
    const name = `anon${randomToken(4)}`;
    if (!(await isNameTaken(db, name))) return name;
  }
}

export async function anonymizeUser(ctx: ForumContext, actor: User, target: User): Promise<User> {
  ensureAllowed(actor, target, 'anonymized');
  return ctx.db.transaction().execute(async (db) => {
    const username = await anonymousName(db);
    const address = `${username}${ANONYMIZED_EMAIL_SUFFIX}`;
    const updated = await db
      .updateTable('users')
      .set({
        username,
        username_lower: username,
        name: null,
        password_hash: null,
        updated_at: nowIso(),
      })
      .where('id', '=', target.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await db.deleteFrom('user_emails').where('user_id', '=', target.id).where('primary', '=', 0).execute();
    await db
      .updateTable('user_emails')
      .set({ email: address, normalized_email: address })
      .where('user_id', '=', target.id)
      .execute();
    // Stored mail names the person in its headers and body: the raw text goes, the record stays.
    await db
      .updateTable('incoming_emails')
      .set({ from_address: address, updated_at: nowIso() })
      .where('user_id', '=', target.id)
      .execute();
    await blankIncomingRawsOf(db, target.id);
    await db
      .updateTable('email_logs')
      .set({ to_address: address, raw: null })
      .where('user_id', '=', target.id)
      .execute();
    for (const table of [
      'user_auth_tokens',
      'user_custom_fields',
      'email_tokens',
      'muted_users',
      'allowed_pm_users',
    ] as const)
      await db.deleteFrom(table).where('user_id', '=', target.id).execute();
    await db.updateTable('api_keys').set({ revoked_at: nowIso() }).where('user_id', '=', target.id).execute();
    await logStaffAction(db, 'anonymize_user', actor, target.id, `${target.username} → ${username}`);
    return updated;
  });
}

export interface DeleteUserOptions {
  deletePosts: boolean;
  blockEmail: boolean;
}

export async function deleteUser(
  ctx: ForumContext,
  actor: User,
  target: User,
  opts: DeleteUserOptions,
): Promise<void> {
  ensureAllowed(actor, target, 'deleted');
  await ctx.db.transaction().execute(async (db) => {
    const placeholder = await systemUser(db);
    const now = nowIso();
    const email = await primaryEmail(db, target.id);
    if (opts.deletePosts) {
      await db
        .updateTable('posts')
        .set({ deleted_at: now, deleted_by_id: actor.id })
        .where('user_id', '=', target.id)
        .where('deleted_at', 'is', null)
        .execute();
      // A topic whose first post was theirs goes with it.
      await db
        .updateTable('topics')
        .set({ deleted_at: now, deleted_by_id: actor.id })
        .where('user_id', '=', target.id)
        .where('deleted_at', 'is', null)
        .execute();
    }
    for (const [table, column] of [
      ['posts', 'user_id'],
      ['posts', 'deleted_by_id'],
      ['topics', 'user_id'],
      ['topics', 'last_post_user_id'],
      ['topics', 'deleted_by_id'],
    ] as const)
      await db
        .updateTable(table)
        .set({ [column]: placeholder.id })
        .where(column, '=', target.id)
        .execute();
    if (opts.blockEmail && email)
      await db
        .insertInto('screened_emails')
        .values({ email: normalizeEmail(email), action: 'block', last_match_at: null, created_at: now })
        .onConflict((oc) => oc.column('email').doUpdateSet({ action: 'block' }))
        .execute();
    await db.deleteFrom('users').where('id', '=', target.id).execute();
    await logStaffAction(
      db,
      'delete_user',
      actor,
      null,
      `${target.username} (id ${target.id}${email ? `, ${email}` : ''})${opts.deletePosts ? ', posts deleted' : ''}`,
    );
  });
}
