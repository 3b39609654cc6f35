// The receiver every transport feeds (architecture.md "Nothing accepted is lost", quality.md
// "Reliability", behaviour.md §3.2–§3.3): parse; drop on ignore_by_title (nothing stored, §6 B 39);
// STORE THE RAW in its own committed insert, idempotent on Message-ID (the raw's SHA-256 when the
// header is missing) so a second delivery is a 'duplicate' that creates nothing; then process in
// ONE transaction that also records the outcome — a crash leaves the record 'received' with
// nothing else written, and reprocessPendingIncoming (called by the server at start) finishes it.
import { createHash } from 'node:crypto';
import { errorCatalog, DomainError, type ErrorCode } from '../../../shared/domain/errors';
import type { IncomingEmail } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import type { ReceiveOptions, ReceiveOutcome } from '../contracts';
import { ensureUnsubscribeSecret } from '../outbound/site-identity';
import { parseAuthenticationResults } from './dmarc-hold';
import { parseEmail, parseHeaders, type ParsedEmail } from './parse-email';
import { processEmail } from './process-email';
import { sendRejection } from './rejections';
import { recordScreenedMatch } from './resolve-sender';
import { deleteCreatedStagedUsers, StagedTracker, withSavepoint } from './staged-cleanup';
import { inboundDb, type Inbound, type RecordFacts, type StageOutcome } from './types';

const SUBJECT_MAX = 255;
// A Message-ID longer than this is stored as its hash (RFC 5322 allows 998-character lines).
const MESSAGE_ID_MAX = 500;
const DROPPED: ReadonlySet<ErrorCode> = new Set([
  'email_from_reply_address',
  'email_loop',
  'email_ignored_by_title',
]);

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The record's identity: the bare Message-ID, or the raw's hash when there is none. */
export function storedMessageId(email: ParsedEmail): string {
  const id = email.messageId;
  if (!id) return sha256(email.raw);
  return id.length > MESSAGE_ID_MAX ? sha256(id) : id;
}

/** Mail is bytes: UTF-8 raws are stored as text; anything else byte for byte as latin1. */
export function rawAsText(raw: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(raw), encoding: 'utf8' };
  } catch {
    return { text: raw.toString('latin1'), encoding: 'latin1' };
  }
}

function ignoredByTitle(ctx: ForumContext, subject: string): boolean {
  const pattern = ctx.settings.str('ignore_by_title');
  if (!pattern) return false;
  try {
    return new RegExp(pattern, 'i').test(subject);
  } catch {
    // An invalid pattern ignores nothing rather than failing every email.
    return false;
  }
}

const joinAddresses = (list: ParsedEmail['to']): string | null =>
  list.length === 0
    ? null
    : list
        .map((m) => m.address)
        .filter(Boolean)
        .join(';') || null;

function statusOf(code: ErrorCode): ReceiveOutcome['status'] {
  if (code === 'email_bounced') return 'bounced';
  if (code === 'email_held_for_review') return 'held';
  return DROPPED.has(code) ? 'dropped' : 'rejected';
}

type OutcomeRow = Pick<IncomingEmail, 'id' | 'error' | 'post_id' | 'topic_id'>;

function findByMessageId(ctx: ForumContext, messageId: string): Promise<OutcomeRow | undefined> {
  return ctx.db
    .selectFrom('incoming_emails')
    .select(['id', 'error', 'post_id', 'topic_id'])
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

function outcomeOf(row: OutcomeRow, status: ReceiveOutcome['status']): ReceiveOutcome {
  return {
    incomingEmailId: row.id,
    status,
    ...(row.error ? { errorCode: row.error } : {}),
    ...(row.post_id !== null ? { postId: row.post_id } : {}),
    ...(row.topic_id !== null ? { topicId: row.topic_id } : {}),
  };
}

export async function receiveEmail(
  ctx: ForumContext,
  raw: Buffer | string,
  opts: ReceiveOptions,
): Promise<ReceiveOutcome> {
  const head = parseHeaders(raw);
  // §3.3 step 1: dropped before anything is stored.
  if (ignoredByTitle(ctx, head.subject))
    return { incomingEmailId: 0, status: 'dropped', errorCode: 'email_ignored_by_title' };
  const messageId = storedMessageId(head);
  // A redelivery is the common duplicate: answer it with one indexed read, before any write.
  const known = await findByMessageId(ctx, messageId);
  if (known) return outcomeOf(known, 'duplicate');
  const { text, encoding } = rawAsText(head.raw);
  const now = nowIso();
  const inserted = await inboundDb(ctx.db)
    .insertInto('incoming_emails')
    .values({
      message_id: messageId,
      raw: text,
      raw_encoding: encoding,
      source: opts.source,
      subject: head.subject.slice(0, SUBJECT_MAX) || null,
      from_address: head.from[0]?.address || null,
      to_addresses: joinAddresses(head.to),
      cc_addresses: joinAddresses(head.cc),
      user_id: null,
      post_id: null,
      topic_id: null,
      status: 'received',
      error: null,
      rejection_message: null,
      auth_results: opts.auth?.header ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Another delivery of the same message won the race between the read above and this insert.
  if (!inserted) return outcomeOf((await findByMessageId(ctx, messageId)) as OutcomeRow, 'duplicate');
  return processAndRecord(ctx, inserted.id, await parseEmail(head.raw), opts, false);
}

/**
 * Processes a stored record again: one left 'received' by a crash, or (release) one held for
 * DMARC review that staff let through.
 */
export async function processStoredEmail(
  ctx: ForumContext,
  id: number,
  flags: { release: boolean },
): Promise<ReceiveOutcome> {
  const row = await inboundDb(ctx.db)
    .selectFrom('incoming_emails')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found');
  const expected = flags.release ? 'held' : 'received';
  if (row.status !== expected) {
    if (flags.release)
      throw new DomainError('invalid_parameters', { detail: 'only held emails can be released.' });
    return outcomeOf(row, row.status as ReceiveOutcome['status']);
  }
  const email = await parseEmail(Buffer.from(row.raw, row.raw_encoding === 'latin1' ? 'latin1' : 'utf8'));
  const auth = row.auth_results
    ? parseAuthenticationResults(row.auth_results.replace(/^authentication-results:\s*/i, '')).verdict
    : undefined;
  return processAndRecord(
    ctx,
    id,
    email,
    { source: row.source as ReceiveOptions['source'], ...(auth ? { auth } : {}) },
    flags.release,
  );
}

/** Finishes every email a crash left half-done. The server calls this once at start. */
export async function reprocessPendingIncoming(ctx: ForumContext): Promise<ReceiveOutcome[]> {
  const pending = await ctx.db
    .selectFrom('incoming_emails')
    .select('id')
    .where('status', '=', 'received')
    .orderBy('id')
    .execute();
  const outcomes: ReceiveOutcome[] = [];
  for (const { id } of pending) outcomes.push(await processStoredEmail(ctx, id, { release: false }));
  return outcomes;
}

function unexpected(e: unknown, id: number): DomainError {
  // Our fault, not the sender's: logged in full for staff, answered with a generic reply.
  console.error(`incoming email ${id}: processing failed:`, e);
  return new DomainError('email_unrecognised', { detail: 'an internal error' });
}

async function processAndRecord(
  ctx: ForumContext,
  id: number,
  email: ParsedEmail,
  opts: ReceiveOptions,
  release: boolean,
): Promise<ReceiveOutcome> {
  // Unsubscribe confirmations carry signed links; creating the signing key writes a setting,
  // which must not happen inside the processing transaction (it holds the only connection).
  await ensureUnsubscribeSecret(ctx.settings);
  const trx = await ctx.db.startTransaction().execute();
  try {
    // Claim the record first: a second runner (another process, a concurrent reprocess) finds
    // it no longer in the state it expects and stops.
    const claimed = await trx
      .updateTable('incoming_emails')
      .set({ updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', release ? 'held' : 'received')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      await trx.rollback().execute();
      const row = await ctx.db
        .selectFrom('incoming_emails')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return outcomeOf(row, 'duplicate');
    }
    const facts: RecordFacts = { autoGenerated: false, isBounce: false };
    const staged = new StagedTracker();
    const inb: Inbound = {
      ctx,
      db: trx,
      email,
      incomingEmailId: id,
      opts,
      staged,
      released: release,
      facts,
    };
    let outcome: StageOutcome | undefined;
    let failure: DomainError | undefined;
    try {
      outcome = await withSavepoint(trx, 'process', () => processEmail(inb));
    } catch (e) {
      failure = e instanceof DomainError && e.code.startsWith('email_') ? e : unexpected(e, id);
      // §1.2 "Rollback": the savepoint undid the rows; this keeps the rule if anything survived.
      await deleteCreatedStagedUsers(trx, staged, id);
    }
    const result = await recordOutcome(inb, outcome, failure);
    await trx.commit().execute();
    return result;
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
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
  const rawLimit = ctx.settings.int('raw_rejected_email_max_length');
  const keepRaw = status === 'processed' || status === 'held';
  await inboundDb(db)
    .updateTable('incoming_emails')
    .set((eb) => ({
      status,
      subject: email.subject.slice(0, SUBJECT_MAX) || null,
      error: code ?? null,
      rejection_message: rejection ?? null,
      user_id: userId,
      post_id: postId,
      topic_id: topicId,
      from_address: facts.fromAddress ?? eb.ref('from_address'),
      is_auto_generated: facts.autoGenerated ? 1 : 0,
      is_bounce: facts.isBounce ? 1 : 0,
      auth_results: facts.authResults ?? eb.ref('auth_results'),
      // Discourse keeps only the start of rejected mail (raw_rejected_email_max_length).
      ...(keepRaw ? {} : { raw: eb.fn<string>('substr', [eb.ref('raw'), eb.val(1), eb.val(rawLimit)]) }),
      updated_at: nowIso(),
    }))
    .where('id', '=', inb.incomingEmailId)
    .execute();
  return {
    incomingEmailId: inb.incomingEmailId,
    status,
    ...(code ? { errorCode: code } : {}),
    ...(postId !== null ? { postId } : {}),
    ...(topicId !== null ? { topicId } : {}),
  };
}

/** A human-readable line for an error code (admin lists). */
export function describeError(code: string | null): string | null {
  if (!code) return null;
  return code in errorCatalog ? errorCatalog[code as ErrorCode].message({}) : code;
}
