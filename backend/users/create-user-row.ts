// Inserts a user with its primary email and options: the one way rows for a person are made,
// whether a sign-up, an admin, or a staged placeholder for an email address.
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { nowIso } from '../util/clock';
import { normalizeEmail } from '../../shared/util/email-address';

export interface NewUserRow {
  username: string;
  name: string | null;
  email: string;
  passwordHash: string | null;
  active: boolean;
  staged: boolean;
  admin?: boolean;
  moderator?: boolean;
  trustLevel: number;
}

export async function insertUser(db: Db, input: NewUserRow): Promise<User> {
  const now = nowIso();
  const user = await db
    .insertInto('users')
    .values({
      username: input.username,
      username_lower: input.username.toLowerCase(),
      name: input.name,
      active: input.active ? 1 : 0,
      staged: input.staged ? 1 : 0,
      admin: input.admin ? 1 : 0,
      moderator: input.moderator ? 1 : 0,
      trust_level: input.trustLevel,
      password_hash: input.passwordHash,
      created_at: now,
      updated_at: now,
      last_seen_at: null,
      last_posted_at: null,
      suspended_until: null,
      silenced_until: null,
      invited_by_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_emails')
    .values({
      user_id: user.id,
      email: input.email.trim(),
      normalized_email: normalizeEmail(input.email),
      primary: 1,
      created_at: now,
    })
    .execute();
  await db.insertInto('user_options').values({ user_id: user.id }).execute();
  return user;
}
