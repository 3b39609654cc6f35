// The event ring: pruning by age and by count, and where a reconnecting client may resume.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestForum, type TestForum } from '../testing/forum-fixture';
import { LiveEventHub, RING_MAX_AGE_MS } from './event-hub';
import { recordLiveEvents } from './record-event';

let forum: TestForum;
let hub: LiveEventHub;

beforeEach(async () => {
  forum = await startTestForum();
  hub = new LiveEventHub(forum.ctx.db);
});
afterEach(async () => {
  hub.close();
  await forum.destroy();
});

describe('LiveEventHub ring', () => {
  it('resumes inside the ring, asks for a resync past it or beyond the newest id', async () => {
    await recordLiveEvents(forum.ctx.db, [{ type: 'draft', userId: 1, draftKey: 'a' }]);
    await recordLiveEvents(forum.ctx.db, [{ type: 'draft', userId: 1, draftKey: 'b' }]);
    const newest = await hub.lastEventId();
    expect(await hub.resumeFrom(newest)).toBe(newest);
    expect(await hub.resumeFrom(newest - 1)).toBe(newest - 1);
    expect(await hub.resumeFrom(newest + 5)).toBeNull();
    // Everything is older than the ring keeps: all of it goes, and an old id must resync.
    await hub.pruneRing(Date.now() + RING_MAX_AGE_MS + 1000);
    expect(await forum.ctx.db.selectFrom('live_events').select('id').execute()).toEqual([]);
    expect(await hub.lastEventId()).toBe(newest);
    expect(await hub.resumeFrom(newest - 1)).toBeNull();
    expect(await hub.resumeFrom(newest)).toBe(newest);
  });

  it('delivers to a subscriber only the events it may see, once', async () => {
    const bob = await forum.user({ username: 'bob' });
    const got: string[] = [];
    hub.add({
      user: bob,
      cursor: await hub.lastEventId(),
      send: (events) => got.push(...events.map((e) => e.draft_key ?? '')),
    });
    await recordLiveEvents(forum.ctx.db, [
      { type: 'draft', userId: bob.id, draftKey: 'mine' },
      { type: 'draft', userId: bob.id + 1000, draftKey: 'theirs' },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    await hub.idle();
    hub.pump();
    await hub.idle();
    expect(got).toEqual(['mine']);
  });
});
