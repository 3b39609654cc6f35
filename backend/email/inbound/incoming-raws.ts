// An incoming email's raw message, kept in incoming_email_raws beside its record (migration
// 0016): SQLite rewrites a whole row on every UPDATE, so recording an email's outcome in the
// same row as its message rewrote the message too (250 µs for a 50 kB email, 3 µs without it).
// The record is written first; its raw goes with it in the same transaction.
import type { Db } from '../../db/database';
import { runCached } from '../../util/cached-query';

/** Stores the raw message of the incoming email `incomingEmailId` (text as rawAsText gives it). */
export async function storeIncomingRaw(
  db: Db,
  incomingEmailId: number,
  raw: string,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<void> {
  await runCached(
    db,
    'incomingRaw:store',
    (q, id: number, text: string, enc: string) =>
      q.insertInto('incoming_email_raws').values({ incoming_email_id: id, raw: text, raw_encoding: enc }),
    incomingEmailId,
    raw,
    encoding,
  );
}

/** Keeps only the first `limit` characters (Discourse's raw_rejected_email_max_length). */
export async function truncateIncomingRaw(db: Db, incomingEmailId: number, limit: number): Promise<void> {
  await runCached(
    db,
    'incomingRaw:truncate',
    (q, id: number, max: number) =>
      q
        .updateTable('incoming_email_raws')
        .set((eb) => ({ raw: eb.fn<string>('substr', [eb.ref('raw'), eb.val(1), eb.val(max)]) }))
        .where('incoming_email_id', '=', id),
    incomingEmailId,
    limit,
  );
}

/** Blanks the raw messages of the mail a person sent (their account is being anonymized). */
export async function blankIncomingRawsOf(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('incoming_email_raws')
    .set({ raw: '' })
    .where('incoming_email_id', 'in', (eb) =>
      eb
        .selectFrom('incoming_emails')
        .select('incoming_emails.id')
        .where('incoming_emails.user_id', '=', userId),
    )
    .execute();
}
