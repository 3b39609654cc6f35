// Bounce scores are forgotten after reset_bounce_score_after_days (behaviour.md §3.8): a
// recurring job on the durable queue, run here by the job runner against an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteAndRecipientSkip } from '../email/outbound/send-checks';
import { receive, upstreamWorld, type UpstreamWorld } from '../email/inbound/test-support';
import { startTestForum, type TestForum } from '../testing/forum-fixture';
import { ManualClock } from '../util/clock';
import { recurringJobs } from './handlers';
import { RESET_BOUNCE_SCORES_JOB } from './reset-bounce-scores';

const DAY = 24 * 60 * 60_000;

let forum: TestForum;
let world: UpstreamWorld;
let clock: ManualClock;
beforeEach(async () => {
  forum = await startTestForum();
  world = await upstreamWorld(forum);
  clock = new ManualClock();
  forum.ctx.clock = clock;
});
afterEach(async () => {
  await forum.destroy();
});

const userRow = (id: number) =>
  forum.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const pendingRuns = () =>
  forum.ctx.db
    .selectFrom('jobs')
    .select('run_at')
    .where('type', '=', RESET_BOUNCE_SCORES_JOB)
    .where('status', '=', 'pending')
    .execute();

describe('reset_bounce_scores', () => {
  it('resets a revoked address after reset_bounce_score_after_days, and restores nothing else', async () => {
    await forum.setting('reset_bounce_score_after_days', '30');
    // Two hard bounces through the receiver take the address to the threshold (4): revoked.
    await receive(forum, 'hard_bounce_via_verp');
    await receive(forum, 'hard_bounce_via_verp_2');
    const bounced = await userRow(world.bounced.id);
    expect(bounced.bounce_score).toBe(4);
    expect(await siteAndRecipientSkip(forum.ctx, 'user_private_message', bounced, 'x')).toBe(
      'exceeded_bounces_limit',
    );
    // Someone else bounced long ago and was already due; someone never bounced.
    await forum.ctx.db
      .updateTable('users')
      .set({ bounce_score: 1, reset_bounce_score_after: new Date(clock.now().getTime() - DAY).toISOString() })
      .where('id', '=', world.replier.id)
      .execute();
    const historiesBefore = await forum.ctx.db.selectFrom('user_histories').selectAll().execute();
    expect(historiesBefore.map((h) => h.action)).toEqual(['revoke_email']);

    // Starting the schedule runs it once now: only the one already due is reset.
    await forum.jobs.scheduleRecurring();
    await forum.jobs.scheduleRecurring(); // a second start does not double the schedule
    expect(await pendingRuns()).toHaveLength(1);
    await forum.jobs.drain();
    expect(await userRow(world.replier.id)).toMatchObject({
      bounce_score: 0,
      reset_bounce_score_after: null,
    });
    expect((await userRow(world.bounced.id)).bounce_score).toBe(4);
    const next = await pendingRuns();
    expect(next).toEqual([{ run_at: new Date(clock.now().getTime() + DAY).toISOString() }]);

    // 29 days on, daily runs leave the revoked address alone.
    for (let day = 1; day <= 29; day++) {
      clock.advance(DAY);
      await forum.jobs.drain();
    }
    expect((await userRow(world.bounced.id)).bounce_score).toBe(4);

    // Past 30 days since the last bounce, the next daily run resets it; mail can go again.
    clock.advance(2 * DAY);
    expect(await forum.jobs.drain()).toBe(1);
    const after = await userRow(world.bounced.id);
    expect(after).toMatchObject({ bounce_score: 0, reset_bounce_score_after: null });
    expect(await siteAndRecipientSkip(forum.ctx, 'user_private_message', after, 'x')).toBeUndefined();
    // Nothing else is undone: the staff log of the revocation and the system message stay.
    expect(await forum.ctx.db.selectFrom('user_histories').selectAll().execute()).toEqual(historiesBefore);
    const otherUsers = await forum.ctx.db
      .selectFrom('users')
      .select(['id', 'bounce_score'])
      .where('id', 'not in', [world.bounced.id, world.replier.id])
      .execute();
    expect(otherUsers.every((u) => u.bounce_score === 0)).toBe(true);
    expect(await pendingRuns()).toHaveLength(1);
  });

  it('is on the runner’s recurring list, once a day', () => {
    expect(recurringJobs.find((j) => j.type === RESET_BOUNCE_SCORES_JOB)?.everyMs).toBe(DAY);
  });
});
