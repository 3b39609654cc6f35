// Addresses that asked for no more mail ("differs" 5): a staged participant who used the
// one-click unsubscribe link of one of our emails is never emailed again, about any
// conversation, until staff undo it at the person's request. The address is what opted out,
// so it holds even if the staged account is replaced. Account emails the person asks for
// themself (sign-up, password reset: CRITICAL_EMAIL_TYPES) are not affected.
import type { Db } from '../../db/database';
import { normalizeEmail } from '../../../shared/util/email-address';
import { primaryEmail } from '../../users/users-repository';
import { nowIso } from '../../util/clock';

/** Records the opt-out of a user's address; returns false when they have none. */
export async function optOutOfEmail(db: Db, userId: number, topicId: number | null): Promise<boolean> {
  const address = await primaryEmail(db, userId);
  if (!address) return false;
  await db
    .insertInto('email_opt_outs')
    .values({ email: normalizeEmail(address), user_id: userId, topic_id: topicId, created_at: nowIso() })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return true;
}

export async function isOptedOut(db: Db, address: string): Promise<boolean> {
  const row = await db
    .selectFrom('email_opt_outs')
    .select('id')
    .where('email', '=', normalizeEmail(address))
    .executeTakeFirst();
  return Boolean(row);
}

/** Which of these users' addresses opted out (for "opted out" beside a participant). */
export async function optedOutUserIds(db: Db, userIds: readonly number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('user_emails')
    .innerJoin('email_opt_outs', 'email_opt_outs.email', 'user_emails.normalized_email')
    .select('user_emails.user_id')
    .where('user_emails.user_id', 'in', [...userIds])
    .where('user_emails.primary', '=', 1)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Staff undo an opt-out (the person asked them to); returns whether there was one. */
export async function removeOptOut(db: Db, userId: number): Promise<boolean> {
  const address = await primaryEmail(db, userId);
  if (!address) return false;
  const res = await db
    .deleteFrom('email_opt_outs')
    .where('email', '=', normalizeEmail(address))
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
