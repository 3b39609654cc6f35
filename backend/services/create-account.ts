// Creates an account (Discourse's createUser, the admin CLI, and invite redemption). An
// address owned by a staged user is reused in place (users/unstage-user.ts) so the person
// finds every PM they took part in (§1.4). An inactive account gets the activation email;
// `user_unstaged` is announced once the account has committed.
import type { User } from '../db/schema';
import type { Db } from '../db/database';
import { DomainError } from '../../shared/domain/errors';
import { isValidEmail } from '../../shared/util/email-address';
import { hashPassword } from '../auth/secrets';
import type { SiteSettings } from '../settings/site-settings';
import { insertUser } from '../users/create-user-row';
import { unstageUser } from '../users/unstage-user';
import { isNameTaken, validateUsername } from '../users/username';
import { findUserByEmail, primaryEmail } from '../users/users-repository';
import { enqueueActivationEmail } from './account-emails';
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

/** Sign-up fields that passed every check, the password already hashed. */
export interface ValidAccount {
  username: string;
  email: string;
  name: string | null;
  passwordHash: string;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DomainError('invalid_parameters', { detail: `${field} is required.` });
  return value.trim();
}

/** The checks every way of creating an account shares (sign-up, invite redemption, CLI). */
export async function validateAccountInput(
  settings: SiteSettings,
  input: Pick<CreateAccountInput, 'username' | 'email' | 'password' | 'name'>,
  opts: { admin?: boolean } = {},
): Promise<ValidAccount> {
  const username = text(input.username, 'username');
  const email = text(input.email, 'email');
  if (typeof input.password !== 'string')
    throw new DomainError('invalid_parameters', { detail: 'password is required.' });
  const password = input.password;
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 255) : null;
  if (!isValidEmail(email)) throw new DomainError('email_invalid');
  if (!validateUsername(username, settings.int('min_username_length'), settings.int('max_username_length')))
    throw new DomainError('username_invalid');
  const min = opts.admin ? settings.int('min_admin_password_length') : settings.int('min_password_length');
  if (password.length < min) throw new DomainError('password_too_short', { min });
  if (password.toLowerCase() === username.toLowerCase() || password.toLowerCase() === email.toLowerCase()) {
    throw new DomainError('invalid_parameters', {
      detail: 'the password must not be your username or email address.',
    });
  }
  return { username, email, name, passwordHash: await hashPassword(password) };
}

export interface WriteAccountOptions {
  active: boolean;
  admin: boolean;
  trustLevel: number;
  /** An invite's creator; a staged user's first contact takes precedence. */
  invitedById?: number;
}

/**
 * Inside the caller's transaction: unstages the staged owner of the address, or inserts a new
 * row. An address owned by a real account is refused.
 */
export async function writeAccount(
  db: Db,
  valid: ValidAccount,
  opts: WriteAccountOptions,
): Promise<CreatedAccount> {
  const owner = await findUserByEmail(db, valid.email);
  if (owner && !owner.staged) throw new DomainError('email_taken');
  // The staged owner of this address may keep (or take) a name it already holds (§6 G 73).
  if (await isNameTaken(db, valid.username, owner?.id))
    throw new DomainError('username_taken', { username: valid.username });
  const fields = {
    username: valid.username,
    name: valid.name,
    passwordHash: valid.passwordHash,
    active: opts.active,
    admin: opts.admin,
    trustLevel: opts.trustLevel,
    ...(opts.invitedById !== undefined ? { invitedById: opts.invitedById } : {}),
  };
  if (owner) return { user: await unstageUser(db, owner, fields), unstaged: true };
  const user = await insertUser(db, {
    username: valid.username,
    name: valid.name,
    email: valid.email,
    passwordHash: valid.passwordHash,
    active: opts.active,
    staged: false,
    admin: opts.admin,
    trustLevel: opts.trustLevel,
  });
  if (opts.invitedById !== undefined && opts.invitedById !== user.id) {
    await db
      .updateTable('users')
      .set({ invited_by_id: opts.invitedById })
      .where('id', '=', user.id)
      .execute();
    return { user: { ...user, invited_by_id: opts.invitedById }, unstaged: false };
  }
  return { user, unstaged: false };
}

/** Announces an unstaging once its transaction has committed (§6 G 80). */
export async function announceAccount(ctx: ForumContext, created: CreatedAccount): Promise<void> {
  if (created.unstaged) await ctx.events.emit('user_unstaged', { user: created.user });
}

export async function createAccount(ctx: ForumContext, input: CreateAccountInput): Promise<CreatedAccount> {
  const { settings } = ctx;
  const valid = await validateAccountInput(settings, input, { admin: Boolean(input.admin) });
  const created = await ctx.db.transaction().execute(async (db) => {
    const result = await writeAccount(db, valid, {
      active: Boolean(input.active),
      admin: Boolean(input.admin),
      trustLevel: input.admin ? 4 : settings.int('default_trust_level'),
    });
    // Activation by email, as for any sign-up (§1.4 trigger 1), to the address as stored.
    if (!result.user.active)
      await enqueueActivationEmail(
        ctx,
        db,
        result.user,
        (await primaryEmail(db, result.user.id)) ?? valid.email,
      );
    return result;
  });
  await announceAccount(ctx, created);
  return created;
}
