// Receives replies from an IMAP mailbox (behaviour.md, "Where Foyer deliberately differs" 9):
// the transport for a desktop app with no inbound mail server of its own, where replies land in
// a person's own mailbox (reply+<key>@ plus-addressing) or in a dedicated one.
//
// What it does to the mailbox, and why:
// * A message is handed to the receiver only if one of its To/Cc/Bcc/Delivered-To/
//   X-Forwarded-To addresses is one we accept (a reply address, a group or category address):
//   in a personal mailbox everything else is the person's own mail, which we must neither post
//   nor answer with a rejection. Such mail keeps its flags; it only gets `$FoyerSkipped`.
// * A handled message is flagged `\Seen` + `$FoyerProcessed` instead of being moved to a folder:
//   flags need no CREATE/MOVE rights, and the person still finds the reply where their other
//   mail clients expect it. `$FoyerProcessed`, not `\Seen`, is the "done" marker, so a reply the
//   person already read on their phone is still picked up (within `lookbackDays`). On a server
//   that cannot store keywords (no `\*` in PERMANENTFLAGS), only unseen mail is taken and
//   `\Seen` is the marker.
// * The receiver is idempotent on Message-ID, so a crash between storing and flagging only
//   makes the next pass see a duplicate.
// * A backlog is fetched and handed over up to 50 messages (32 MiB) at a time, so the receiver
//   stores and processes them in shared transactions instead of one by one.
// Delivery: oldest first on (re)connect, then IMAP IDLE (RFC 2177) pushes new mail; after an
// error or a dropped connection it reconnects with exponential backoff (1 s doubling to 60 s).
import { ImapFlow, type MailboxObject } from 'imapflow';
import type { ForumContext } from '../../services/context';
import type { ReceiveOutcome } from '../contracts';
import { isAcceptedRecipient } from '../inbound/destinations';
import { receiveEmail } from '../inbound/receive-email';
import { DEFAULT_MAX_BYTES } from './smtp-listener';

export const PROCESSED_KEYWORD = '$FoyerProcessed';
export const SKIPPED_KEYWORD = '$FoyerSkipped';
/** The headers the receiver reads destinations from (behaviour.md §3.3 step 13). */
const DESTINATION_HEADERS = ['to', 'cc', 'bcc', 'delivered-to', 'x-forwarded-to'];
/** Messages fetched and handed to the receiver together (one stored-and-processed batch). */
const BATCH_MESSAGES = 50;
/** And at most this many bytes of them at once. */
const BATCH_BYTES = 32 * 1024 * 1024;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

export interface ImapPollerOptions {
  /** imap://user:pass@host:port/INBOX or imaps://…; the path names the mailbox (INBOX when empty). */
  url: string;
  onError?: (error: unknown) => void;
  /** Called after each message handed to the receiver (logging, tests). */
  onMessage?: (info: { uid: number; outcome: ReceiveOutcome }) => void;
  /** Read messages younger than this are still taken when they lack `$FoyerProcessed`. Default 7. */
  lookbackDays?: number;
  maxBytes?: number;
}

export interface ImapPoller {
  close(): Promise<void>;
}

/** Parses and checks an IMAP URL; the error never contains the password. */
export function parseImapUrl(url: string): ImapTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('the IMAP URL is not a URL; expected imap://user:password@host:port/INBOX');
  }
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:')
    throw new Error(`the IMAP URL must start with imap:// or imaps://, not ${u.protocol}//`);
  if (!u.hostname) throw new Error('the IMAP URL has no host; expected imap://user:password@host:port/INBOX');
  if (!u.username || !u.password)
    throw new Error('the IMAP URL needs a user name and a password: imap://user:password@host:port/INBOX');
  const secure = u.protocol === 'imaps:';
  const mailbox = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    // RFC 3501 §2.1: 143 for IMAP, RFC 8314 §7.3: 993 for IMAP over implicit TLS.
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox,
  };
}

export function startImapPoller(ctx: ForumContext, opts: ImapPollerOptions): ImapPoller {
  const poller = new Poller(ctx, parseImapUrl(opts.url), opts);
  return { close: () => poller.close() };
}

class Poller {
  private closed = false;
  private client: ImapFlow | undefined;
  private syncing: Promise<void> | undefined;
  private wakeSleep: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly reportError: (e: unknown) => void;

  constructor(
    private readonly ctx: ForumContext,
    private readonly target: ImapTarget,
    private readonly opts: ImapPollerOptions,
  ) {
    this.reportError = opts.onError ?? ((e: unknown) => console.error('IMAP:', e));
    this.done = this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeSleep?.();
    // Let the message in hand finish (the sync loop stops before the next one), then log out;
    // a server that stopped answering gets a few seconds, not forever.
    if (this.syncing)
      await Promise.race([
        this.syncing.catch(() => undefined),
        new Promise((r) => setTimeout(r, 10_000).unref()),
      ]);
    const client = this.client;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
    await this.done;
  }

  private async run(): Promise<void> {
    let delay = MIN_BACKOFF_MS;
    while (!this.closed) {
      try {
        await this.session(() => (delay = MIN_BACKOFF_MS));
      } catch (e) {
        if (!this.closed) this.reportError(e);
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeSleep = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeSleep = undefined;
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }

  /** One connection: resolves or throws when it ends. */
  private async session(onConnected: () => void): Promise<void> {
    const { host, port, secure, user, pass, mailbox: path } = this.target;
    const client = new ImapFlow({
      host,
      port,
      secure,
      auth: { user, pass },
      logger: false,
      // IDLE starts after this much quiet; our own commands break and restart it as needed.
      autoIdleDelay: 500,
      // RFC 2177 §3: re-issue IDLE well within the server's 30-minute inactivity timeout.
      maxIdleTime: 4 * 60_000,
      connectionTimeout: 30_000,
    });
    this.client = client;
    let failure: unknown;
    // Without a listener an 'error' event would crash the process; the 'close' that follows ends the session.
    client.on('error', (e: unknown) => (failure ??= e));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const fail = (e: unknown) => {
      failure ??= e;
      client.close();
    };
    try {
      await client.connect();
      const mailbox = await client.mailboxOpen(path);
      const skipped = new Set<number>();
      let again = false;
      const sync = (): Promise<void> => {
        if (this.syncing) {
          again = true;
          return this.syncing;
        }
        this.syncing = (async () => {
          do {
            again = false;
            await this.sync(client, mailbox, skipped);
          } while (again && !this.closed);
        })().finally(() => (this.syncing = undefined));
        return this.syncing;
      };
      client.on('exists', () => void sync().catch(fail));
      await sync();
      // Only a clean first pass resets the backoff: a message that keeps failing is retried
      // at most once a minute, not every second.
      onConnected();
      await closed;
    } finally {
      if (client.usable) client.close();
      if (this.client === client) this.client = undefined;
    }
    if (!this.closed) throw failure ?? new Error(`the IMAP server ${host}:${port} closed the connection`);
  }

  /** Hands every waiting message to the receiver, oldest first; throws after the pass if any failed. */
  private async sync(client: ImapFlow, mailbox: MailboxObject, skipped: Set<number>): Promise<void> {
    const keywords = canStoreKeywords(mailbox);
    const lookbackMs = (this.opts.lookbackDays ?? 7) * 86_400_000;
    const found = await client.search(
      keywords
        ? {
            or: [{ seen: false }, { since: new Date(Date.now() - lookbackMs) }],
            unKeyword: PROCESSED_KEYWORD,
            not: { keyword: SKIPPED_KEYWORD },
          }
        : { seen: false },
      { uid: true },
    );
    const uids = (found || []).filter((uid) => !skipped.has(uid)).sort((a, b) => a - b);
    if (uids.length === 0 || this.closed) return;

    const heads = await client.fetchAll(
      uids,
      { uid: true, size: true, headers: DESTINATION_HEADERS },
      { uid: true },
    );
    heads.sort((a, b) => a.uid - b.uid);
    const maxBytes = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    let firstError: unknown;
    const fail = (e: unknown) => {
      // Keep going: one failing message must not hold up the ones behind it. The session
      // restarts after this pass (with backoff) and retries what was left unflagged.
      if (!client.usable) throw e;
      firstError ??= e;
      this.reportError(e);
    };
    let batch: number[] = [];
    let batchBytes = 0;
    for (const head of heads) {
      if (this.closed) return;
      const uid = head.uid;
      try {
        const tooBig = (head.size ?? 0) > maxBytes;
        if (tooBig || !(await this.addressedToUs(head.headers))) {
          if (tooBig)
            this.reportError(new Error(`IMAP message ${uid} is over ${maxBytes} bytes; left in the mailbox`));
          skipped.add(uid);
          if (keywords) await client.messageFlagsAdd(String(uid), [SKIPPED_KEYWORD], { uid: true });
          continue;
        }
      } catch (e) {
        fail(e);
        continue;
      }
      if (
        batch.length >= BATCH_MESSAGES ||
        (batch.length > 0 && batchBytes + (head.size ?? 0) > BATCH_BYTES)
      ) {
        await this.handOver(client, batch, keywords).catch(fail);
        batch = [];
        batchBytes = 0;
      }
      batch.push(uid);
      batchBytes += head.size ?? 0;
    }
    if (batch.length > 0 && !this.closed) await this.handOver(client, batch, keywords).catch(fail);
    if (firstError !== undefined) throw firstError;
  }

  /**
   * Fetches a batch of messages and hands them to the receiver together, so a backlog is
   * stored and processed in shared transactions (ingest-queue.ts); each one received is then
   * flagged. Throws the first failure after flagging the others.
   */
  private async handOver(client: ImapFlow, uids: number[], keywords: boolean): Promise<void> {
    const messages = await client.fetchAll(uids, { uid: true, source: true }, { uid: true });
    messages.sort((a, b) => a.uid - b.uid);
    // Expunged meanwhile: simply absent.
    const results = await Promise.allSettled(
      messages
        .filter((msg) => msg.source)
        .map(async (msg) => ({
          uid: msg.uid,
          outcome: await receiveEmail(this.ctx, msg.source as Buffer, { source: 'imap' }),
        })),
    );
    const received = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (received.length > 0)
      await client.messageFlagsAdd(
        received.map((r) => r.uid).join(','),
        keywords ? ['\\Seen', PROCESSED_KEYWORD] : ['\\Seen'],
        { uid: true },
      );
    for (const r of received) this.opts.onMessage?.(r);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async addressedToUs(headers: Buffer | undefined): Promise<boolean> {
    for (const address of headerAddresses(headers?.toString('utf8') ?? ''))
      if (await isAcceptedRecipient(this.ctx, address)) return true;
    return false;
  }
}

/** RFC 3501 §7.1: `\*` in PERMANENTFLAGS means new keywords can be created and stored. */
function canStoreKeywords(mailbox: MailboxObject): boolean {
  return !mailbox.permanentFlags || mailbox.permanentFlags.has('\\*');
}

/** Bare addresses in header lines (unfolded per RFC 5322 §2.2.3); loose on purpose, the receiver parses properly. */
export function headerAddresses(headerBlock: string): string[] {
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, ' ');
  const found = new Set<string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const value = line.slice(line.indexOf(':') + 1);
    for (const m of value.matchAll(/[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g)) found.add(m[0].toLowerCase());
  }
  return [...found];
}
