// The unstage step (behaviour.md §1.4): a staged user's row becomes the real account, so the
// id, posts, PM participation, reply keys and email history all carry over. Atomically with
// the caller's transaction: the staged flag is cleared, the submitted fields written, the
// `from_staged` marker recorded, the old notifications deleted (the bell starts empty, the
// PMs are untouched), and the person who first brought them in credited as invited_by.
// The caller emits `user_unstaged` once its transaction has committed.
import type { Db } from '../db/database';
import type { User } from '../db/schema';
import { nowIso } from '../util/clock';
import { firstContactOf } from './first-contacts';

export interface AccountFields {
  username: string;
  /** Null keeps the staged user's name (the name their email carried). */
  name: string | null;
  passwordHash: string;
  active: boolean;
  admin: boolean;
  trustLevel: number;
  /** Credited when nobody brought the person in before (an invite's creator). */
  invitedById?: number;
}

export const FROM_STAGED_FIELD = 'from_staged';

export async function unstageUser(db: Db, staged: User, fields: AccountFields): Promise<User> {
  const contact = await firstContactOf(db, staged.id);
  const invitedBy = staged.invited_by_id ?? contact?.invited_by_user_id ?? fields.invitedById ?? null;
  const user = await db
    .updateTable('users')
    .set({
      username: fields.username,
      username_lower: fields.username.toLowerCase(),
      name: fields.name ?? staged.name,
      staged: 0,
      active: fields.active ? 1 : 0,
      admin: fields.admin ? 1 : 0,
      trust_level: Math.max(staged.trust_level, fields.trustLevel),
      password_hash: fields.passwordHash,
      invited_by_id: invitedBy === staged.id ? null : invitedBy,
      updated_at: nowIso(),
    })
    .where('id', '=', staged.id)
    .where('staged', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_custom_fields')
    .values({ user_id: user.id, name: FROM_STAGED_FIELD, value: 'true' })
    .execute();
  await db.deleteFrom('notifications').where('user_id', '=', user.id).execute();
  if (contact)
    await db
      .updateTable('user_first_contacts')
      .set({ signed_up_at: user.updated_at })
      .where('user_id', '=', user.id)
      .execute();
  return user;
}
