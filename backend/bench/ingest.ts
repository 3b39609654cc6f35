// The email ingest rows of `npm run bench` (quality.md: ingest at ≥ 50% of raw postal-mime
// parse throughput on the same corpus in the same run; a 10k-email burst drains with flat
// memory). Everything goes through receiveEmail, the function the SMTP listener, the IMAP
// poller and handle_mail call: one at a time (a lone delivery) and with many in flight (what
// an SMTP burst over many connections, an IMAP backlog or concurrent handle_mail posts give).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import PostalMime from 'postal-mime';
import type { User } from '../db/schema';
import type { BodyOptions } from '../email/inbound/email-body';
import { prepareEmail } from '../email/inbound/prepared-email';
import { receiveEmail } from '../email/inbound/receive-email';
import type { ForumContext } from '../services/context';
import { enableReplyByEmail, pmWithReplyKey, replyEmail, type ReplyTarget } from '../testing/reply-emails';

/** Deliveries in flight at once in a burst: the SMTP listener's maxClients. */
export const BURST_CONCURRENCY = 100;

/** The guest's reply to `target`'s reply address, as the bytes a transport hands over. */
function guestReply(target: ReplyTarget, id: string, subject: string, body: string): Buffer {
  return Buffer.from(
    replyEmail({
      from: `Guest <${target.recipient.email}>`,
      to: target.recipient.replyTo,
      messageId: `<${id}-${target.postId}@example.org>`,
      subject,
      body,
    }).raw,
  );
}

/** The body of a typical reply: new text, a signature, the quoted history (what the trimmer removes). */
export function typicalReplyBody(i: number): string {
  return `Thanks, reply number ${i}: that works for me.\n\nBest,\nGuest\n--\nGuest Example\n\nOn Tue, 24 Nov 2026 at 10:00, Admin via Foyer <noreply@foyer.test> wrote:\n> Hello guest, this is the first post.\n> Second quoted line.\n`;
}

export function typicalReply(target: ReplyTarget, i: number): Buffer {
  return guestReply(target, `bench-${i}`, 'Re: A conversation', typicalReplyBody(i));
}

/** PMs from `admin` to `count` new addresses, each recipient holding a reply key. */
export async function replyTargets(ctx: ForumContext, admin: User, count: number): Promise<ReplyTarget[]> {
  await enableReplyByEmail(ctx);
  const targets: ReplyTarget[] = [];
  for (let g = 0; g < count; g++)
    targets.push(await pmWithReplyKey(ctx, admin, { email: `guest${g}@bench.example.org` }, `Bench ${g}`));
  return targets;
}

/**
 * The body of a long reply thread: the new text, then about 50 kB of quoted history (what a
 * reply to a long conversation carries). Its record's update and its trimming are where size shows.
 */
export function longThreadReplyBody(i: number): string {
  const history = Array.from(
    { length: 40 },
    (_, n) =>
      `> On Mon, ${n + 1} Nov 2026 at 09:00, Person ${n} <person${n}@example.org> wrote:\n` +
      Array.from(
        { length: 16 },
        (__, l) => `> > Line ${l} of message ${n}: the details of the plan, as discussed before.`,
      ).join('\n'),
  ).join('\n>\n');
  return `Agreed, reply number ${i}: let us go ahead.\n\nOn Tue, 24 Nov 2026 at 10:00, Admin via Foyer <noreply@foyer.test> wrote:\n${history}\n`;
}

export function longThreadReply(target: ReplyTarget, i: number): Buffer {
  return guestReply(target, `bench-long-${i}`, 'Re: A long conversation', longThreadReplyBody(i));
}

/** Emails per second, and CPU time per email summed over every thread of the process. */
export interface Rate {
  perSecond: number;
  cpuMicros: number;
  /** Of which the main thread (the SQLite writer), where Linux tells (/proc). */
  mainCpuMicros?: number;
}

/** CPU time of the whole process (all threads), in µs: robust to other load on the machine. */
function cpuNow(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/** CPU time of the main thread alone, in µs (Linux: /proc, in clock ticks of 10 ms); else undefined. */
function mainThreadCpuNow(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); fields here start at field 3.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** postal-mime alone over the corpus, warmed up first: emails per second on one core. */
export async function parseRate(raws: readonly Buffer[]): Promise<Rate> {
  for (const raw of raws.slice(0, Math.min(raws.length, 500))) await PostalMime.parse(raw);
  const c0 = cpuNow();
  const t0 = performance.now();
  for (const raw of raws) await PostalMime.parse(raw);
  return {
    perSecond: raws.length / ((performance.now() - t0) / 1000),
    cpuMicros: (cpuNow() - c0) / raws.length,
  };
}

/**
 * What the parse worker does per email (parse, choose and trim the body, cook it), run here in
 * one thread: CPU µs per email. Beside the main thread's share it shows where a burst's CPU goes.
 */
export async function prepareCpu(raws: readonly Buffer[], options: BodyOptions): Promise<number> {
  // Warmed up as the worker is in a burst (its code optimized), and counted on this thread
  // alone: V8 compiling in its helper threads is not the worker's per-email work.
  for (let pass = 0; pass < 3; pass++) for (const raw of raws) await prepareEmail(raw, options);
  const thread0 = mainThreadCpuNow();
  const c0 = cpuNow();
  for (const raw of raws) await prepareEmail(raw, options);
  const thread1 = mainThreadCpuNow();
  const used = thread0 !== undefined && thread1 !== undefined ? thread1 - thread0 : cpuNow() - c0;
  return used / raws.length;
}

/**
 * Receives `total` emails made by `make`, with `concurrency` deliveries in flight; each must
 * end as `expected`. Emails are made as they are sent, so the corpus itself takes no memory.
 */
export async function ingest(
  ctx: ForumContext,
  total: number,
  make: (i: number) => Buffer,
  concurrency: number,
  expected: 'processed' | 'duplicate' = 'processed',
  onProgress?: (done: number) => void,
): Promise<Rate> {
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < total) {
      const outcome = await receiveEmail(ctx, make(next++), { source: 'handle_mail' });
      if (outcome.status !== expected)
        throw new Error(`ingest: ${outcome.status} ${outcome.errorCode ?? ''} (expected ${expected})`);
      onProgress?.(++done);
    }
  };
  const c0 = cpuNow();
  const m0 = mainThreadCpuNow();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  const m1 = mainThreadCpuNow();
  return {
    perSecond: total / ((performance.now() - t0) / 1000),
    cpuMicros: (cpuNow() - c0) / total,
    ...(m0 !== undefined && m1 !== undefined ? { mainCpuMicros: (m1 - m0) / total } : {}),
  };
}

/** A full garbage collection, when the runtime lets us ask for one (for "after" readings). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export interface BurstResult {
  total: number;
  rate: Rate;
  before: MemorySample;
  /** Largest readings while the burst drained, in its first and its second half. */
  maxFirstHalf: MemorySample;
  maxSecondHalf: MemorySample;
  /** After a full collection half-way through, and at the end: what the burst keeps. */
  halfway: MemorySample;
  after: MemorySample;
  /** The heap kept did not grow with the number of emails (see `flatVerdict`). */
  flat: boolean;
  verdict: string;
}

const MB = 1024 * 1024;
const sample = (): MemorySample => {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
};
const max = (a: MemorySample, b: MemorySample): MemorySample => ({
  rss: Math.max(a.rss, b.rss),
  heapUsed: Math.max(a.heapUsed, b.heapUsed),
});

/**
 * Memory is flat when the second half of the burst keeps nothing the first half did not: the
 * heap after a full collection at the end is within a small allowance of the one half-way
 * (peaks between collections depend on when the collector ran, so they are reported, not judged),
 * and the peak RSS of the second half stays within a margin of the first half's (SQLite's page
 * cache and the allocator settle in the first half).
 */
function flatVerdict(r: Omit<BurstResult, 'flat' | 'verdict'>): { flat: boolean; verdict: string } {
  const secondHalf = r.total - Math.floor(r.total / 2);
  const kept = (r.after.heapUsed - r.halfway.heapUsed) / MB;
  const perThousand = (kept / secondHalf) * 1000;
  const rssGrowth = (r.maxSecondHalf.rss - r.maxFirstHalf.rss) / MB;
  const flat = perThousand < 1 && rssGrowth < 64;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  return {
    flat,
    verdict: `${flat ? 'flat' : 'NOT flat'}: heap kept over the second ${secondHalf.toLocaleString('en')} emails ${signed(kept)} MB (${perThousand.toFixed(2)} MB per 1,000, after full collections); peak RSS of the second half ${signed(rssGrowth)} MB vs the first`,
  };
}

/** A burst of `total` replies spread over the targets' PMs, drained with memory readings. */
export async function burst(
  ctx: ForumContext,
  targets: readonly ReplyTarget[],
  total: number,
): Promise<BurstResult> {
  collectGarbage();
  const before = sample();
  let maxFirstHalf = before;
  let maxSecondHalf = before;
  let halfway: MemorySample | undefined;
  let done = 0;
  const half = Math.floor(total / 2);
  const timer = setInterval(() => {
    if (done < half) maxFirstHalf = max(maxFirstHalf, sample());
    else maxSecondHalf = max(maxSecondHalf, sample());
  }, 25);
  let rate: Rate;
  try {
    rate = await ingest(
      ctx,
      total,
      (i) => typicalReply(targets[i % targets.length] as ReplyTarget, 1_000_000 + i),
      BURST_CONCURRENCY,
      'processed',
      (n) => {
        done = n;
        if (n === half) {
          // A full collection mid-burst (a few ms) gives the baseline for what the second half keeps.
          collectGarbage();
          halfway = sample();
        }
      },
    );
  } finally {
    clearInterval(timer);
  }
  collectGarbage();
  const result = {
    total,
    rate,
    before,
    maxFirstHalf,
    maxSecondHalf,
    halfway: halfway ?? before,
    after: sample(),
  };
  return { ...result, ...flatVerdict(result) };
}

export const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
