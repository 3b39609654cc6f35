// Queries about users shared by services, policies and serializers.
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { normalizeEmail } from '../../shared/util/email-address';
import { runCached } from '../util/cached-query';

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username_lower', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await runCached(
    db,
    'findUserByEmail',
    (q, normalized: string) =>
      q
        .selectFrom('users')
        .innerJoin('user_emails', 'user_emails.user_id', 'users.id')
        .selectAll('users')
        .where('user_emails.normalized_email', '=', normalized),
    normalizeEmail(email),
  );
  return user;
}

export async function primaryEmail(db: Db, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_emails')
    .select('email')
    .where('user_id', '=', userId)
    .orderBy('primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row?.email;
}

export async function secondaryEmails(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('user_emails')
    .select('email')
    .where('user_id', '=', userId)
    .where('primary', '=', 0)
    .execute();
  return rows.map((r) => r.email);
}

export const isStaff = (u: Pick<User, 'admin' | 'moderator'>): boolean => u.admin === 1 || u.moderator === 1;

export function isSuspended(u: Pick<User, 'suspended_until'>, now = new Date()): boolean {
  return u.suspended_until !== null && new Date(u.suspended_until) > now;
}

export function isSilenced(u: Pick<User, 'silenced_until'>, now = new Date()): boolean {
  return u.silenced_until !== null && new Date(u.silenced_until) > now;
}
