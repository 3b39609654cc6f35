// The receiver every transport feeds (architecture.md "Nothing accepted is lost", quality.md
// "Reliability", behaviour.md §3.2–§3.3): parse the headers; drop on ignore_by_title (nothing
// stored, §6 B 39); answer a known Message-ID (the raw's SHA-256 when the header is missing) as
// a 'duplicate' that creates nothing; otherwise STORE THE RAW in a committed transaction, then
// process it in another that also records the outcome — a crash leaves the record 'received'
// with nothing else written, and reprocessPendingIncoming (called by the server at start)
// finishes it. Emails arriving together share those transactions (ingest-queue.ts).
import { errorCatalog, DomainError, type ErrorCode } from '../../../shared/domain/errors';
import type { ForumContext } from '../../services/context';
import type { ReceiveOptions, ReceiveOutcome } from '../contracts';
import { parseAuthenticationResults } from './dmarc-hold';
import { bodyOptionsOf } from './email-body';
import { ingestQueueOf, MAX_BATCH } from './ingest-queue';
import { parsePool } from './parse-pool';
import { outcomeOf, processStoredBatch, type StoredEmail } from './process-batch';
import { rawBytes } from './receive-helpers';
import { inboundDb } from './types';

export { rawAsText, sha256, storedMessageId } from './receive-helpers';

export function receiveEmail(
  ctx: ForumContext,
  raw: Buffer | string,
  opts: ReceiveOptions,
): Promise<ReceiveOutcome> {
  return ingestQueueOf(ctx).submit(raw, opts);
}

async function loadStored(ctx: ForumContext, ids: readonly number[]) {
  return inboundDb(ctx.db)
    .selectFrom('incoming_emails')
    .leftJoin('incoming_email_raws', 'incoming_email_raws.incoming_email_id', 'incoming_emails.id')
    .selectAll('incoming_emails')
    .select(['incoming_email_raws.raw', 'incoming_email_raws.raw_encoding'])
    .where('incoming_emails.id', 'in', ids)
    .execute();
}

type StoredRow = Awaited<ReturnType<typeof loadStored>>[number];

async function storedEmail(ctx: ForumContext, row: StoredRow, release: boolean): Promise<StoredEmail> {
  const prepared = await parsePool().prepare(
    // A record without its raw (it cannot happen: both are written in one transaction) is an
    // empty email, which processing rejects and records, rather than one silently skipped.
    rawBytes(row.raw ?? '', row.raw_encoding ?? 'utf8'),
    bodyOptionsOf(ctx.settings),
  );
  const auth = row.auth_results
    ? parseAuthenticationResults(row.auth_results.replace(/^authentication-results:\s*/i, '')).verdict
    : undefined;
  const opts: ReceiveOptions = { source: row.source as ReceiveOptions['source'], ...(auth ? { auth } : {}) };
  return { id: row.id, prepared, opts, release };
}

function settled(result: ReceiveOutcome | Error | undefined): ReceiveOutcome {
  if (result === undefined || result instanceof Error) throw result ?? new Error('no outcome');
  return result;
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
  const [row] = await loadStored(ctx, [id]);
  if (!row) throw new DomainError('not_found');
  const expected = flags.release ? 'held' : 'received';
  if (row.status !== expected) {
    if (flags.release)
      throw new DomainError('invalid_parameters', { detail: 'only held emails can be released.' });
    return outcomeOf(row, row.status as ReceiveOutcome['status']);
  }
  const [result] = await processStoredBatch(ctx, [await storedEmail(ctx, row, flags.release)]);
  return settled(result);
}

/**
 * Finishes every email a crash left half-done, in batches (one transaction each, as a burst).
 * The server calls this once at start.
 */
export async function reprocessPendingIncoming(ctx: ForumContext): Promise<ReceiveOutcome[]> {
  const outcomes: ReceiveOutcome[] = [];
  let after = 0;
  for (;;) {
    const ids = await ctx.db
      .selectFrom('incoming_emails')
      .select('id')
      .where('status', '=', 'received')
      .where('id', '>', after)
      .orderBy('id')
      .limit(MAX_BATCH)
      .execute();
    if (ids.length === 0) return outcomes;
    after = ids[ids.length - 1]!.id;
    const rows = await loadStored(
      ctx,
      ids.map((r) => r.id),
    );
    rows.sort((a, b) => a.id - b.id);
    const emails = await Promise.all(rows.map((row) => storedEmail(ctx, row, false)));
    for (const result of await processStoredBatch(ctx, emails)) outcomes.push(settled(result));
  }
}

/** A human-readable line for an error code (admin lists). */
export function describeError(code: string | null): string | null {
  if (!code) return null;
  return code in errorCatalog ? errorCatalog[code as ErrorCode].message({}) : code;
}
