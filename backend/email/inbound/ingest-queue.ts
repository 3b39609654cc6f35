// Group commit for incoming mail: every transport hands each raw email to receiveEmail, which
// lands here. A redelivery is answered at once (one indexed read, before anything is queued);
// anything else is parsed in the parse worker while it waits, then emails that are ready are
// taken together — up to MAX_BATCH — their raws stored in ONE committed transaction (nothing
// accepted is lost), then processed in ONE more, each in its own savepoint (process-batch.ts).
// A lone email is a batch of one; a burst (many SMTP connections, an IMAP backlog, concurrent
// handle_mail requests) pays two commits per batch instead of two per email.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database';
import type { IncomingEmailsTable } from '../../db/schema-email';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import { readCachedNow, runCached } from '../../util/cached-query';
import type { ReceiveOptions, ReceiveOutcome } from '../contracts';
import { bodyOptionsOf } from './email-body';
import { parseIdentity, type EmailIdentity, type ParsedEmail } from './parse-email';
import { parsePool } from './parse-pool';
import type { PreparedEmail } from './prepared-email';
import { outcomeOf, processStoredBatch, SUBJECT_MAX } from './process-batch';
import { storeIncomingRaw } from './incoming-raws';
import { ignoredByTitle, rawAsText, storedMessageId } from './receive-helpers';

/** Emails per transaction: big enough to make commits cheap, small enough to keep latency low. */
export const MAX_BATCH = 64;
/** And at most this many raw bytes per batch, so one batch of large mail stays small in memory. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

interface Item {
  head: EmailIdentity;
  messageId: string;
  opts: ReceiveOptions;
  prepared: Promise<PreparedEmail>;
  ready: PreparedEmail | undefined;
  /** Set once the raw is stored. */
  id?: number;
  done: Promise<ReceiveOutcome>;
  resolve: (o: ReceiveOutcome) => void;
  reject: (e: unknown) => void;
}

type OutcomeRow = { id: number; error: string | null; post_id: number | null; topic_id: number | null };

const FIND_BY_MESSAGE_ID = 'receive:findByMessageId';
function findByMessageIdQuery(q: Db, messageId: string) {
  return q
    .selectFrom('incoming_emails')
    .select(['id', 'error', 'post_id', 'topic_id'])
    .where('message_id', '=', messageId);
}

function joinAddresses(list: ParsedEmail['to']): string | null {
  return (
    list
      .map((m) => m.address)
      .filter(Boolean)
      .join(';') || null
  );
}

export class IngestQueue {
  private readonly waiting: Item[] = [];
  private readonly inFlight = new Map<string, Item>();
  private draining = false;
  /** Batches processed and the emails in them (tests and the benchmark read it). */
  readonly stats = { batches: 0, emails: 0 };

  constructor(private readonly ctx: ForumContext) {}

  /** Resolves with the outcome once the email is stored and processed (or known already). */
  async submit(raw: Buffer | string, opts: ReceiveOptions): Promise<ReceiveOutcome> {
    const { ctx } = this;
    const head = parseIdentity(raw);
    // §3.3 step 1: dropped before anything is stored.
    if (ignoredByTitle(ctx.settings, head.subject))
      return { incomingEmailId: 0, status: 'dropped', errorCode: 'email_ignored_by_title' };
    const messageId = storedMessageId(head);
    // A redelivery is the common duplicate: answered with one indexed read, before any write.
    const known = await this.findRecord(messageId);
    if (known) return outcomeOf(known, 'duplicate');
    const twin = this.inFlight.get(messageId);
    if (twin) return twin.done.then((o) => ({ ...o, status: 'duplicate' }));

    let resolve!: (o: ReceiveOutcome) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<ReceiveOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const item: Item = {
      head,
      messageId,
      opts,
      prepared: parsePool().prepare(head.raw, bodyOptionsOf(ctx.settings)),
      ready: undefined,
      done,
      resolve,
      reject,
    };
    void item.prepared.then((p) => (item.ready = p));
    this.inFlight.set(messageId, item);
    this.waiting.push(item);
    void this.drain();
    return done.finally(() => this.inFlight.delete(messageId));
  }

  /** Reads at once when it can: a record, once committed, is what every later read sees too. */
  private async findRecord(messageId: string): Promise<OutcomeRow | undefined> {
    const rows =
      readCachedNow(this.ctx.db, FIND_BY_MESSAGE_ID, findByMessageIdQuery, messageId) ??
      (await runCached(this.ctx.db, FIND_BY_MESSAGE_ID, findByMessageIdQuery, messageId));
    return rows[0];
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        // In a burst the batch waits for the leading emails (up to MAX_BATCH) to be prepared:
        // the worker prepares them meanwhile anyway, and a batch of many shares two commits
        // (with batches as small as the worker's pace made them, commits were an eighth of the
        // main thread). A lone email is not held up: it is the whole queue.
        const want = Math.min(this.waiting.length, MAX_BATCH);
        for (let i = 0; i < want; i++) {
          const item = this.waiting[i] as Item;
          if (!item.ready) await item.prepared;
        }
        // Let the worker's other answers that are already in arrive: they come as separate
        // events, and the batch should take every email that is ready, not just these.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.runBatch(this.takeReady());
      }
    } finally {
      this.draining = false;
    }
  }

  /** The leading emails that are parsed already: the worker goes on with the rest meanwhile. */
  private takeReady(): Item[] {
    let bytes = 0;
    let n = 0;
    for (const item of this.waiting) {
      if (!item.ready || n >= MAX_BATCH || (n > 0 && bytes + item.head.raw.length > MAX_BATCH_BYTES)) break;
      bytes += item.head.raw.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }

  private async runBatch(batch: Item[]): Promise<void> {
    try {
      await this.store(batch);
    } catch (e) {
      // Nothing of the batch was stored: the transports answer with a temporary failure.
      for (const item of batch) item.reject(e);
      return;
    }
    const stored = batch.filter((item) => item.id !== undefined);
    this.stats.batches += 1;
    this.stats.emails += stored.length;
    let results: Array<ReceiveOutcome | Error>;
    try {
      results = await processStoredBatch(
        this.ctx,
        stored.map((item) => ({
          id: item.id as number,
          prepared: item.ready as PreparedEmail,
          opts: item.opts,
          release: false,
        })),
      );
    } catch (e) {
      // Stored but not processed: the records stay 'received' for reprocessPendingIncoming.
      for (const item of stored) item.reject(e);
      return;
    }
    stored.forEach((item, i) => {
      const r = results[i];
      if (r instanceof Error || r === undefined) item.reject(r);
      else item.resolve(r);
    });
  }

  /** Stores the batch's raws in one committed transaction; duplicates are answered here. */
  private async store(batch: Item[]): Promise<void> {
    const trx = await this.ctx.db.startTransaction().execute();
    const db: Db = trx;
    try {
      const duplicates: Array<[Item, OutcomeRow | undefined]> = [];
      for (const item of batch) {
        const { text, encoding } = rawAsText(item.head.raw);
        // The addresses as the full parse read them (it is done by now: only parsed emails are taken).
        const email = (item.ready as PreparedEmail).email;
        const now = nowIso();
        const values: Insertable<IncomingEmailsTable> = {
          message_id: item.messageId,
          source: item.opts.source,
          subject: item.head.subject.slice(0, SUBJECT_MAX) || null,
          from_address: email.from[0]?.address || null,
          to_addresses: joinAddresses(email.to),
          cc_addresses: joinAddresses(email.cc),
          user_id: null,
          post_id: null,
          topic_id: null,
          status: 'received',
          error: null,
          rejection_message: null,
          auth_results: item.opts.auth?.header ?? null,
          created_at: now,
          updated_at: now,
        };
        const [row] = await runCached(
          db,
          'receive:insertRaw',
          (q, v: Insertable<IncomingEmailsTable>) =>
            q
              .insertInto('incoming_emails')
              .values(v)
              .onConflict((oc) => oc.column('message_id').doNothing())
              .returning('id'),
          values,
        );
        if (row) {
          item.id = row.id;
          await storeIncomingRaw(db, row.id, text, encoding);
        } else {
          // Another process stored the same message between the read in submit and now.
          const [known] = await runCached(db, FIND_BY_MESSAGE_ID, findByMessageIdQuery, item.messageId);
          duplicates.push([item, known]);
        }
      }
      await trx.commit().execute();
      for (const [item, row] of duplicates)
        if (row) item.resolve(outcomeOf(row, 'duplicate'));
        else item.reject(new Error(`incoming email ${item.messageId}: neither stored nor found`));
    } catch (e) {
      await trx.rollback().execute();
      throw e;
    }
  }
}

const queues = new WeakMap<ForumContext, IngestQueue>();

/** The forum's ingest queue: one per context, because the context owns the one SQLite writer. */
export function ingestQueueOf(ctx: ForumContext): IngestQueue {
  let queue = queues.get(ctx);
  if (!queue) queues.set(ctx, (queue = new IngestQueue(ctx)));
  return queue;
}
