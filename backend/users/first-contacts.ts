// Who first brought a staged person in ("differs" 4): recorded once, when the address is
// staged — the sender of the first PM to it (or of the email that Cc'd it), or the group whose
// address the person first wrote to — and credited as invited_by when they sign up.
import type { Db } from '../db/database';
import { nowIso } from '../util/clock';

export interface FirstContact {
  invitedByUserId?: number;
  invitedByGroupId?: number;
  topicId?: number;
}

/** Records the first contact of a user just staged; a later contact never replaces it. */
export async function recordFirstContact(db: Db, userId: number, contact: FirstContact): Promise<void> {
  const invitedBy = contact.invitedByUserId === userId ? undefined : contact.invitedByUserId;
  if (invitedBy === undefined && contact.invitedByGroupId === undefined) return;
  await db
    .insertInto('user_first_contacts')
    .values({
      user_id: userId,
      invited_by_user_id: invitedBy ?? null,
      invited_by_group_id: contact.invitedByGroupId ?? null,
      topic_id: contact.topicId ?? null,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function firstContactOf(
  db: Db,
  userId: number,
): Promise<{ invited_by_user_id: number | null; invited_by_group_id: number | null } | undefined> {
  return db
    .selectFrom('user_first_contacts')
    .select(['invited_by_user_id', 'invited_by_group_id'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}
