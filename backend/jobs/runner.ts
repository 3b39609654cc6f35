// Runs due jobs in the background: polls the queue, dispatches by type, retries failures with
// backoff. One runner per process; SQLite's single writer keeps claims consistent.
import type { Job } from '../db/schema';
import type { ForumContext } from '../services/context';
import { clockOf } from '../util/clock';
import { claimDueJobs, completeJob, failJob, RetryLaterError } from './queue';
import { scheduleRecurringJobs, type RecurringJob } from './recurring';

/** `now` is the runner's clock (the context's): the time the job was claimed at. */
export type JobHandler = (ctx: ForumContext, job: Job, now: Date) => Promise<void>;

export interface JobRunnerOptions {
  handlers: Record<string, JobHandler>;
  /** Jobs that run every so often; their handlers are in `handlers` under the same type. */
  recurring?: readonly RecurringJob[];
  pollMs?: number;
  batch?: number;
  onError?: (job: Job, error: unknown) => void;
}

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly ctx: ForumContext,
    private readonly opts: JobRunnerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // The first poll waits for this (schedule() retries while something is running).
    this.running = this.scheduleRecurring()
      .catch((e: unknown) => console.error('job runner: scheduling recurring jobs:', e))
      .finally(() => {
        this.running = undefined;
      });
    this.schedule(0);
  }

  /** Puts a first run of each recurring job on the queue unless one is pending. */
  scheduleRecurring(): Promise<void> {
    return scheduleRecurringJobs(this.ctx.db, this.opts.recurring ?? [], clockOf(this.ctx).now());
  }

  /**
   * Runs every job due at `now` (default: the context's clock), for tests and "send now"
   * buttons; resolves when nothing is due.
   */
  async drain(now?: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce(now);
      total += n;
      if (n === 0) return total;
    }
  }

  /** Wakes the runner early, e.g. right after a commit enqueued something due now. */
  poke(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.running) return this.schedule(50);
      this.running = this.runOnce()
        .catch((e: unknown) => console.error('job runner:', e))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.opts.pollMs ?? 1000);
        })
        .then(() => undefined);
    }, delay);
  }

  private async runOnce(now?: Date): Promise<number> {
    const at = now ?? clockOf(this.ctx).now();
    const jobs = await claimDueJobs(this.ctx.db, this.opts.batch ?? 20, 60_000, at);
    for (const job of jobs) {
      const handler = this.opts.handlers[job.type];
      try {
        if (!handler) throw new Error(`no handler for job type "${job.type}"`);
        await handler(this.ctx, job, at);
        const current = await this.ctx.db
          .selectFrom('jobs')
          .select(['status', 'locked_until'])
          .where('id', '=', job.id)
          .executeTakeFirst();
        // A handler may have deferred its job (released the lease); only complete it if it still holds it.
        if (current?.status === 'pending' && current.locked_until === job.locked_until)
          await completeJob(this.ctx.db, job.id);
      } catch (e) {
        this.opts.onError?.(job, e);
        const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        const retryAt = e instanceof RetryLaterError ? e.retryAt : undefined;
        await failJob(this.ctx.db, job, message, at, retryAt);
      }
    }
    return jobs.length;
  }
}
