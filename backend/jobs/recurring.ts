// Work that runs every so often (Discourse's Jobs::Scheduled), through the same durable queue
// as everything else: each run, when it succeeds, enqueues the next one. Starting the runner
// enqueues a first run for any recurring job that has none pending, so a restart (or a run
// that gave up after its retries) never loses the schedule, and never doubles it.
import type { Db } from '../db/database';
import type { ForumContext } from '../services/context';
import { enqueueJob } from './queue';
import type { JobHandler } from './runner';

export interface RecurringJob {
  type: string;
  everyMs: number;
  run(ctx: ForumContext, now: Date): Promise<void>;
}

function enqueueRun(db: Db, job: RecurringJob, at: Date): Promise<void> {
  return enqueueJob(db, {
    type: job.type,
    payload: {},
    runAt: at,
    // One run per type and time, however many processes schedule it.
    uniqueKey: `recurring:${job.type}:${at.toISOString()}`,
  });
}

/** A first run, due now, for each recurring job that has no run pending. */
export async function scheduleRecurringJobs(db: Db, jobs: readonly RecurringJob[], now: Date): Promise<void> {
  for (const job of jobs) {
    const pending = await db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', job.type)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!pending) await enqueueRun(db, job, now);
  }
}

/** The queue handler of a recurring job: run it, then put the next run on the queue. */
export function recurringHandler(job: RecurringJob): JobHandler {
  return async (ctx, _queued, now) => {
    await job.run(ctx, now);
    await enqueueRun(ctx.db, job, new Date(now.getTime() + job.everyMs));
  };
}
