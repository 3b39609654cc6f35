// A durable job queue in the forum's own database: side effects (outgoing mail, scheduled
// work) are enqueued in the same transaction as the change that causes them, so a crash can
// neither lose them nor run them for a change that was rolled back. Jobs are claimed with a
// lease; a lease that expires (the process died) makes the job due again.
import type { Db } from '../db/database';
import type { Job } from '../db/schema';
import { nowIso } from '../util/clock';
import { runCachedRows } from '../util/cached-query';
import { deferrableWrite } from '../db/deferred-writes';

export interface EnqueueOptions {
  type: string;
  payload: Record<string, unknown>;
  /** When to run; default now. */
  runAt?: Date;
  /** A second enqueue with the same key is ignored (the "at most once" guard). */
  uniqueKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(db: Db, opts: EnqueueOptions): Promise<void> {
  await enqueueJobs(db, [opts]);
}

/** enqueueJob for several jobs in one multi-row INSERT (each unique key still guards its own row). */
export async function enqueueJobs(db: Db, jobs: readonly EnqueueOptions[]): Promise<void> {
  if (jobs.length === 0) return;
  const createdAt = nowIso();
  const rows = jobs.map((opts) => jobRow(opts, createdAt));
  await jobInserts.write(db, rows);
}

function jobRow(opts: EnqueueOptions, createdAt: string) {
  return {
    type: opts.type,
    payload: JSON.stringify(opts.payload),
    unique_key: opts.uniqueKey ?? null,
    run_at: (opts.runAt ?? new Date()).toISOString(),
    max_attempts: opts.maxAttempts ?? 10,
    locked_until: null,
    last_error: null,
    created_at: createdAt,
    finished_at: null,
  };
}

type JobRow = ReturnType<typeof jobRow>;

async function insertJobRows(db: Db, rows: readonly JobRow[]): Promise<void> {
  await runCachedRows(db, 'enqueueJobs', rows, (q, ...values) =>
    q
      .insertInto('jobs')
      .values(values)
      .onConflict((oc) => oc.column('unique_key').doNothing()),
  );
}

/**
 * In a deferring transaction (db/deferred-writes.ts) jobs wait for its commit, in order: nothing
 * reads the queue inside one, and each unique key still keeps the first row that claims it.
 */
const jobInserts = deferrableWrite<JobRow>(insertJobRows);

/** Claims up to `limit` due jobs for `leaseMs`; a claimed job is invisible to other claimers until the lease ends. */
export async function claimDueJobs(
  db: Db,
  limit: number,
  leaseMs = 60_000,
  now = new Date(),
): Promise<Job[]> {
  return db.transaction().execute(async (trx) => {
    const iso = now.toISOString();
    const due = await trx
      .selectFrom('jobs')
      .selectAll()
      .where('status', '=', 'pending')
      .where('run_at', '<=', iso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso)]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    const lease = new Date(now.getTime() + leaseMs).toISOString();
    await trx
      .updateTable('jobs')
      .set((eb) => ({ locked_until: lease, attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        due.map((j) => j.id),
      )
      .execute();
    return due.map((j) => ({ ...j, locked_until: lease, attempts: j.attempts + 1 }));
  });
}

export async function completeJob(db: Db, jobId: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, finished_at: nowIso() })
    .where('id', '=', jobId)
    .execute();
}

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Thrown by a handler that knows when trying again makes sense (an SMTP server that said
 * "busy, try later"): the job fails this attempt and is due again at `retryAt`, not after
 * the usual backoff.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

export async function failJob(
  db: Db,
  job: Job,
  error: string,
  now = new Date(),
  retryAt?: Date,
): Promise<void> {
  const giveUp = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: giveUp ? 'failed' : 'pending',
      locked_until: null,
      last_error: error.slice(0, 2000),
      run_at: (retryAt ?? new Date(now.getTime() + backoffMs(job.attempts))).toISOString(),
      finished_at: giveUp ? now.toISOString() : null,
    })
    .where('id', '=', job.id)
    .execute();
}

/** Puts a job back for later without counting it as a failure (e.g. waiting for a mail server). */
export async function deferJob(db: Db, job: Job, until: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({ locked_until: null, run_at: until.toISOString(), attempts: eb('attempts', '-', 1) }))
    .where('id', '=', job.id)
    .execute();
}

export function jobPayload<T>(job: Job): T {
  return JSON.parse(job.payload) as T;
}
