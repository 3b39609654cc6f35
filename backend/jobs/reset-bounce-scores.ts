// Discourse's Jobs::ResetBounceScores (behaviour.md §3.8): once a day, every bounce score whose
// reset date has passed (reset_bounce_score_after_days after its last bounce, set when the
// bounce was counted) goes back to 0, so mail to that address starts again. Nothing else is
// undone: the staff log of a revoked address and the system message about it stay.
import type { Db } from '../db/database';
import type { RecurringJob } from './recurring';

export const RESET_BOUNCE_SCORES_JOB = 'reset_bounce_scores';

export async function resetBounceScores(db: Db, now: Date): Promise<number> {
  const res = await db
    .updateTable('users')
    .set({ bounce_score: 0, reset_bounce_score_after: null })
    .where('reset_bounce_score_after', 'is not', null)
    .where('reset_bounce_score_after', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const resetBounceScoresJob: RecurringJob = {
  type: RESET_BOUNCE_SCORES_JOB,
  everyMs: 24 * 60 * 60_000,
  run: async (ctx, now) => {
    await resetBounceScores(ctx.db, now);
  },
};
