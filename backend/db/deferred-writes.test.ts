// Deferred writes (deferred-writes.ts): a transaction that writes posts under savepoints keeps
// its index writes, live events and jobs until just before commit, in order, and a savepoint rolled
// back takes the writes made since it opened along.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './database';
import { deferWrites, flushDeferredWrites } from './deferred-writes';
import { rollbackToSavepoint, withSavepoint } from '../email/inbound/staged-cleanup';
import { enqueueJob } from '../jobs/queue';
import { recordLiveEvents } from '../live/record-event';
import { indexPost, unindexPosts } from '../search/search-index';
import { startTestForum, type TestForum } from '../testing/forum-fixture';

let forum: TestForum;
beforeEach(async () => {
  forum = await startTestForum();
});
afterEach(async () => {
  await forum.destroy();
});

const author = { username: 'guest', name: 'Guest' };
const index = async (db: Db, id: number, words: string) => {
  await recordLiveEvents(db, [{ type: 'post_created', postId: id }]);
  await enqueueJob(db, { type: 'test_job', payload: { id }, uniqueKey: `post-${id}` });
  await indexPost(db, { id, post_number: 2, raw: words, post_type: 1 }, { title: 'A conversation' }, author, {
    fresh: true,
  });
};
const announced = async (db: Db) =>
  (await db.selectFrom('live_events').select('post_id').orderBy('id').execute()).map((r) => r.post_id);
const queued = async (db: Db) =>
  (await db.selectFrom('jobs').select('payload').where('type', '=', 'test_job').orderBy('id').execute()).map(
    (r) => (JSON.parse(r.payload) as { id: number }).id,
  );
const found = async (db: Db, word: string) =>
  (
    await sql<{
      rowid: number;
    }>`SELECT rowid FROM post_search WHERE post_search MATCH ${word} ORDER BY rowid`.execute(db)
  ).rows.map((r) => r.rowid);

describe('deferred writes', () => {
  it('writes at the flush what the surviving savepoints indexed, in order', async () => {
    const trx = await forum.ctx.db.startTransaction().execute();
    deferWrites(trx);
    await withSavepoint(trx, 'email', () => index(trx, 1001, 'kept marmalade'));
    await expect(
      withSavepoint(trx, 'email', async () => {
        await index(trx, 1002, 'failed marmalade');
        throw new Error('this email fails');
      }),
    ).rejects.toThrow('this email fails');
    await withSavepoint(trx, 'email', async () => {
      await index(trx, 1003, 'rejected marmalade');
      // A rejection: everything since the savepoint opened is undone, the savepoint stays open.
      await rollbackToSavepoint(trx, 'email');
      await index(trx, 1004, 'after the rollback marmalade');
      await withSavepoint(trx, 'destination', () => index(trx, 1005, 'nested marmalade'));
    });
    await index(trx, 1006, 'deleted marmalade');
    await unindexPosts(trx, [1006]);
    // Nothing reached the index or the event log before the flush.
    expect(await found(trx, 'marmalade')).toEqual([]);
    expect(await announced(trx)).toEqual([]);
    expect(await queued(trx)).toEqual([]);
    await flushDeferredWrites(trx);
    await trx.commit().execute();
    expect(await found(forum.ctx.db, 'marmalade')).toEqual([1001, 1004, 1005]);
    // Events in the order they were recorded, the rolled-back ones gone.
    expect(await announced(forum.ctx.db)).toEqual([1001, 1004, 1005, 1006]);
    expect(await queued(forum.ctx.db)).toEqual([1001, 1004, 1005, 1006]);
  });

  it('leaves other transactions indexing as they write', async () => {
    const trx = await forum.ctx.db.startTransaction().execute();
    await index(trx, 2001, 'immediate quince');
    expect(await found(trx, 'quince')).toEqual([2001]);
    expect(await announced(trx)).toEqual([2001]);
    expect(await queued(trx)).toEqual([2001]);
    await trx.commit().execute();
  });
});
