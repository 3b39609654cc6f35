// Creates an account (Discourse's createUser, and the admin CLI). An address owned by a
// staged user is reused in place — same id, staged flag cleared, marked from_staged,
// notifications cleared — so the person finds every PM they took part in (§1.4).
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail } from '../../shared/util/email-address';
import { hashPassword } from '../auth/secrets';
import { insertUser } from '../users/create-user-row';
import { isNameTaken, validateUsername } from '../users/username';
import { findUserByEmail } from '../users/users-repository';
import { nowIso } from '../util/clock';
import type { ForumContext } from './context';

export interface CreateAccountInput {
  username: unknown;
  email: unknown;
  password: unknown;
  name?: unknown;
  /** Only honoured for staff API callers and the CLI. */
  active?: boolean;
  admin?: boolean;
}

export interface CreatedAccount {
  user: User;
  unstaged: boolean;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DomainError('invalid_parameters', { detail: `${field} is required.` });
  return value.trim();
}

export async function createAccount(ctx: ForumContext, input: CreateAccountInput): Promise<CreatedAccount> {
  const { settings } = ctx;
  const username = text(input.username, 'username');
  const email = text(input.email, 'email');
  if (typeof input.password !== 'string')
    throw new DomainError('invalid_parameters', { detail: 'password is required.' });
  const password = input.password;
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 255) : null;
  if (!isValidEmail(email)) throw new DomainError('email_invalid');
  if (!validateUsername(username, settings.int('min_username_length'), settings.int('max_username_length')))
    throw new DomainError('username_invalid');
  const min = input.admin ? settings.int('min_admin_password_length') : settings.int('min_password_length');
  if (password.length < min) throw new DomainError('password_too_short', { min });
  if (password.toLowerCase() === username.toLowerCase() || password.toLowerCase() === email.toLowerCase()) {
    throw new DomainError('invalid_parameters', {
      detail: 'the password must not be your username or email address.',
    });
  }
  const passwordHash = await hashPassword(password);

  return ctx.db.transaction().execute(async (db) => {
    const owner = await findUserByEmail(db, email);
    if (owner && !owner.staged) throw new DomainError('email_taken');
    // The staged owner of this address may keep (or take) a name it already holds.
    if (await isNameTaken(db, username, owner?.id)) throw new DomainError('username_taken', { username });
    const now = nowIso();
    if (owner) {
      const user = await db
        .updateTable('users')
        .set({
          username,
          username_lower: username.toLowerCase(),
          name: name ?? owner.name,
          staged: 0,
          active: input.active ? 1 : 0,
          admin: input.admin ? 1 : 0,
          trust_level: Math.max(owner.trust_level, settings.int('default_trust_level')),
          password_hash: passwordHash,
          updated_at: now,
        })
        .where('id', '=', owner.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto('user_custom_fields')
        .values({ user_id: user.id, name: 'from_staged', value: 'true' })
        .execute();
      await db.deleteFrom('notifications').where('user_id', '=', user.id).execute();
      return { user, unstaged: true };
    }
    const user = await insertUser(db, {
      username,
      name,
      email,
      passwordHash,
      active: Boolean(input.active),
      staged: false,
      admin: Boolean(input.admin),
      trustLevel: input.admin ? 4 : settings.int('default_trust_level'),
    });
    return { user, unstaged: false };
  });
}
