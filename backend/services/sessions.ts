// Log-in by username or email and password (POST /session.json). Staged and inactive users
// cannot log in; every failure says the same thing so logins cannot probe for accounts.
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { randomToken, sha256, verifyPassword } from '../auth/secrets';
import { findUserByEmail, findUserByUsername, isSuspended } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

export async function logIn(
  ctx: ForumContext,
  login: unknown,
  password: unknown,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<{ user: User; token: string }> {
  if (typeof login !== 'string' || typeof password !== 'string' || !login.trim())
    throw new DomainError('login_failed');
  const user = login.includes('@')
    ? await findUserByEmail(ctx.db, login)
    : await findUserByUsername(ctx.db, login);
  const ok = await verifyPassword(password, user?.password_hash ?? null);
  if (!user || !ok || user.staged) throw new DomainError('login_failed');
  if (!user.active) throw new DomainError('login_not_activated');
  if (isSuspended(user)) throw new DomainError('login_failed');
  return { user, token: await startSession(ctx, user, meta) };
}

/** A new session for a user already verified: a log-in, the owner created at first run, an activation link or a password reset. */
export async function startSession(
  ctx: ForumContext,
  user: User,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<string> {
  const token = randomToken();
  const now = nowIso();
  await ctx.db
    .insertInto('user_auth_tokens')
    .values({
      user_id: user.id,
      token_hash: sha256(token),
      created_at: now,
      seen_at: now,
      client_ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 255) ?? null,
    })
    .execute();
  return token;
}

export async function userForSessionToken(ctx: ForumContext, token: string): Promise<User | undefined> {
  const row = await ctx.db
    .selectFrom('user_auth_tokens')
    .innerJoin('users', 'users.id', 'user_auth_tokens.user_id')
    .selectAll('users')
    .where('user_auth_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.staged || !row.active || isSuspended(row)) return undefined;
  return row;
}

export async function logOut(ctx: ForumContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('user_auth_tokens').where('token_hash', '=', sha256(token)).execute();
}
