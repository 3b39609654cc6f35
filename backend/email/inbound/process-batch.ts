// Processing stored emails, several in ONE transaction (group commit): each email inside its
// own savepoint, so a failure of one rolls back only that one, and its outcome recorded on its
// incoming email record in the same transaction — a crash leaves every record of the batch
// 'received' with nothing else written, and reprocessPendingIncoming finishes them.
// A rejection rolls the email's savepoint back to its start, keeping it open, and then records
// the outcome, the rejection reply and the facts in it (one savepoint per email: a nested one
// for processing cost more than any other statement of a reply).
import { DomainError, type ErrorCode } from '../../../shared/domain/errors';
import type { Db } from '../../db/database';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import { deferWrites, flushDeferredWrites } from '../../db/deferred-writes';
import { runCached } from '../../util/cached-query';
import type { ReceiveOptions, ReceiveOutcome } from '../contracts';
import { ensureUnsubscribeSecret } from '../outbound/site-identity';
import type { PreparedEmail } from './prepared-email';
import { truncateIncomingRaw } from './incoming-raws';
import { processEmail } from './process-email';
import { sendRejection } from './rejections';
import { recordScreenedMatch } from './resolve-sender';
import { settleQueuedPost } from './review-queue';
import {
  deleteCreatedStagedUsers,
  rollbackToSavepoint,
  StagedTracker,
  withSavepoint,
} from './staged-cleanup';
import type { Inbound, RecordFacts, StageOutcome } from './types';

export const SUBJECT_MAX = 255;
const DROPPED: ReadonlySet<ErrorCode> = new Set([
  'email_from_reply_address',
  'email_loop',
  'email_ignored_by_title',
]);

export interface StoredEmail {
  /** The incoming_emails record. */
  id: number;
  prepared: PreparedEmail;
  opts: ReceiveOptions;
  /** Staff released it from the DMARC hold: process a 'held' record, without holding it again. */
  release: boolean;
}

type OutcomeRow = { id: number; error: string | null; post_id: number | null; topic_id: number | null };

export function outcomeOf(row: OutcomeRow, status: ReceiveOutcome['status']): ReceiveOutcome {
  return {
    incomingEmailId: row.id,
    status,
    ...(row.error ? { errorCode: row.error } : {}),
    ...(row.post_id !== null ? { postId: row.post_id } : {}),
    ...(row.topic_id !== null ? { topicId: row.topic_id } : {}),
  };
}

function statusOf(code: ErrorCode): ReceiveOutcome['status'] {
  if (code === 'email_bounced') return 'bounced';
  if (code === 'email_held_for_review' || code === 'email_queued_for_review') return 'held';
  return DROPPED.has(code) ? 'dropped' : 'rejected';
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

function unexpected(e: unknown, id: number): DomainError {
  // Our fault, not the sender's: logged in full for staff, answered with a generic reply.
  console.error(`incoming email ${id}: processing failed:`, e);
  return new DomainError('email_unrecognised', { detail: 'an internal error' });
}

/**
 * Processes the emails in one transaction. Each result is the email's outcome, or the error
 * that kept it from being recorded (the record then stays as it was, for a later retry).
 * Throws, with nothing written, when the transaction itself cannot commit.
 */
export async function processStoredBatch(
  ctx: ForumContext,
  emails: readonly StoredEmail[],
): Promise<Array<ReceiveOutcome | Error>> {
  // Unsubscribe confirmations carry signed links; creating the signing key writes a setting,
  // which must not happen inside the processing transaction (it holds the only connection).
  await ensureUnsubscribeSecret(ctx.settings);
  const trx = await ctx.db.startTransaction().execute();
  deferWrites(trx);
  try {
    const results: Array<ReceiveOutcome | Error> = [];
    for (const stored of emails) {
      // Whatever goes wrong with one email stays with that email: its savepoint is rolled back
      // and its result is the error; the others of the batch go on and commit.
      try {
        results.push(await withSavepoint(trx, EMAIL_SAVEPOINT, () => processOne(ctx, trx, stored)));
      } catch (e) {
        results.push(
          e instanceof AlreadyHandled ? await finishedElsewhere(trx, stored.id).catch(asError) : asError(e),
        );
      }
    }
    await flushDeferredWrites(trx);
    await trx.commit().execute();
    return results;
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
}

/** Each email of a batch runs in a savepoint of this name (processOne rolls back to it). */
const EMAIL_SAVEPOINT = 'email';

/** Thrown inside an email's savepoint when the record is no longer in the state expected. */
class AlreadyHandled extends Error {}

async function processOne(ctx: ForumContext, trx: Db, stored: StoredEmail): Promise<ReceiveOutcome> {
  const { id, prepared, opts, release } = stored;
  const facts: RecordFacts = { autoGenerated: false, isBounce: false };
  const staged = new StagedTracker();
  const inb: Inbound = {
    ctx,
    db: trx,
    email: prepared.email,
    prepared,
    incomingEmailId: id,
    opts,
    staged,
    released: release,
    facts,
  };
  let outcome: StageOutcome | undefined;
  let failure: DomainError | undefined;
  try {
    outcome = await processEmail(inb);
  } catch (e) {
    failure = e instanceof DomainError && e.code.startsWith('email_') ? e : unexpected(e, id);
    // Nothing was written in the email's savepoint before processing: rolling back to its
    // start undoes exactly what processing wrote.
    await rollbackToSavepoint(trx, EMAIL_SAVEPOINT);
    // §1.2 "Rollback": the rollback undid the rows; this keeps the rule if anything survived.
    await deleteCreatedStagedUsers(trx, staged, id);
  }
  const result = await recordOutcome(inb, outcome, failure);
  // Staff let a held email through: its queued post (if it was queued) is settled with it.
  if (release) await settleQueuedPost(trx, id, result);
  return result;
}

/**
 * Another runner (a second process, a concurrent reprocess) finished the record first: the
 * email's savepoint was rolled back, and the answer is that runner's outcome.
 */
async function finishedElsewhere(trx: Db, id: number): Promise<ReceiveOutcome> {
  const [row] = await runCached(
    trx,
    'receive:outcomeById',
    (q, recordId: number) =>
      q
        .selectFrom('incoming_emails')
        .select(['id', 'error', 'post_id', 'topic_id'])
        .where('id', '=', recordId),
    id,
  );
  if (!row) throw new DomainError('not_found');
  return outcomeOf(row, 'duplicate');
}

async function recordOutcome(
  inb: Inbound,
  outcome: StageOutcome | undefined,
  failure: DomainError | undefined,
): Promise<ReceiveOutcome> {
  const { ctx, db, email, facts } = inb;
  const code: ErrorCode | undefined =
    failure?.code ?? (outcome && outcome.status !== 'processed' ? outcome.code : undefined);
  const status: ReceiveOutcome['status'] = code ? statusOf(code) : 'processed';
  let rejection: string | undefined;
  if (failure)
    rejection = await sendRejection(db, ctx.settings, {
      code: failure.code,
      params: failure.params,
      to: email.from[0]?.address,
      userId: facts.userId ?? null,
      subject: email.subject,
      destination: email.to[0]?.address,
      incomingEmailId: inb.incomingEmailId,
      messageId: email.messageId,
      isBounce: facts.isBounce,
    });
  if (facts.screenedEmailId !== undefined) await recordScreenedMatch(db, facts.screenedEmailId);
  const processed = outcome?.status === 'processed' ? outcome : undefined;
  const userId = processed?.userId ?? outcome?.userId ?? facts.userId ?? null;
  const postId = processed?.postId ?? null;
  const topicId = processed?.topicId ?? null;
  // Discourse keeps only the start of rejected mail (raw_rejected_email_max_length).
  const truncate = status !== 'processed' && status !== 'held';
  // The claim: only a record still in the state this runner found it in is finished. The
  // update is the last write of the email's savepoint, so losing the claim undoes them all.
  const [claimed] = await runCached(
    db,
    'receive:recordOutcome',
    (q, v: RecordValues) =>
      q
        .updateTable('incoming_emails')
        .set((eb) => ({
          status: v.status,
          subject: v.subject,
          error: v.error,
          rejection_message: v.rejection,
          user_id: v.userId,
          post_id: v.postId,
          topic_id: v.topicId,
          from_address: eb.fn.coalesce(eb.val(v.fromAddress), eb.ref('from_address')),
          is_auto_generated: v.autoGenerated,
          is_bounce: v.isBounce,
          auth_results: eb.fn.coalesce(eb.val(v.authResults), eb.ref('auth_results')),
          updated_at: v.now,
        }))
        .where('id', '=', v.id)
        .where('status', '=', v.expected)
        .returning('id'),
    {
      status,
      subject: email.subject.slice(0, SUBJECT_MAX) || null,
      error: code ?? null,
      rejection: rejection ?? null,
      userId,
      postId,
      topicId,
      fromAddress: facts.fromAddress ?? null,
      autoGenerated: facts.autoGenerated ? 1 : 0,
      isBounce: facts.isBounce ? 1 : 0,
      authResults: facts.authResults ?? null,
      now: nowIso(),
      id: inb.incomingEmailId,
      expected: inb.released ? 'held' : 'received',
    } satisfies RecordValues,
  );
  if (!claimed) throw new AlreadyHandled();
  if (truncate)
    await truncateIncomingRaw(db, inb.incomingEmailId, ctx.settings.int('raw_rejected_email_max_length'));
  return {
    incomingEmailId: inb.incomingEmailId,
    status,
    ...(code ? { errorCode: code } : {}),
    ...(postId !== null ? { postId } : {}),
    ...(topicId !== null ? { topicId } : {}),
  };
}

interface RecordValues {
  status: string;
  subject: string | null;
  error: string | null;
  rejection: string | null;
  userId: number | null;
  postId: number | null;
  topicId: number | null;
  fromAddress: string | null;
  autoGenerated: number;
  isBounce: number;
  authResults: string | null;
  now: string;
  id: number;
  expected: string;
}
