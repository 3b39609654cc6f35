// @vitest-environment jsdom
// The outbox: written locally first, Undo cancels within the window, offline sends are delivered
// exactly once on reconnect (the same Idempotency-Key on every attempt, even after a lost
// response), rejected sends stay until retried or discarded, and only one tab drains at a time.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostFields } from '../api/posts';
import { FakeForum } from '../api/testing/fake-forum';
import { emptyDraft, serializeDraftData, type DraftContent } from '../drafts/draft-content';
import { DraftStore } from '../drafts/draft-store';
import { openComposerDb, type ComposerDb } from '../drafts/local-db';
import { Outbox, type LockRequester, type OutboxEvent } from './outbox';

let dbCount = 0;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Setup = { forum: FakeForum; db: ComposerDb; drafts: DraftStore; outbox: Outbox; clock: { now: number } };

async function setup(
  opts: { forum?: FakeForum; dbName?: string; locks?: LockRequester | null; undoMs?: number } = {},
): Promise<Setup> {
  const forum = opts.forum ?? new FakeForum();
  const db = await openComposerDb(opts.dbName ?? `outbox-test-${++dbCount}`);
  cleanups.push(() => db.close());
  const clock = { now: 1_000_000 };
  const common = { now: () => clock.now, isOnline: () => !forum.offline, getHttp: async () => forum.http() };
  const drafts = new DraftStore({ db, syncDelayMs: 60_000, ...common });
  const outbox = new Outbox({
    db,
    drafts,
    ...common,
    undoMs: () => opts.undoMs ?? 5_000,
    locks: opts.locks ?? null,
    backoffMs: (attempt) => attempt * 1_000,
    autoDrain: false,
  });
  return { forum, db, drafts, outbox, clock };
}

const newMessage = (title: string): { fields: PostFields; draftKey: string; content: DraftContent } => {
  const draftKey = `new_private_message_${title.length}${title.charCodeAt(0)}`;
  const content = { ...emptyDraft({ kind: 'new', draftKey }), title, reply: `Body of ${title}` };
  return {
    draftKey,
    content,
    fields: {
      title,
      raw: content.reply,
      archetype: 'private_message',
      target_recipients: 'alice,bob@example.org',
    },
  };
};

const postRequests = (forum: FakeForum) => forum.requestsTo('POST', '/posts.json');

describe('outbox', () => {
  it('stores the message and removes its draft before anything is sent', async () => {
    const { forum, db, drafts, outbox } = await setup();
    const message = newMessage('Quarterly numbers');
    drafts.change(message.draftKey, message.content);
    await drafts.flush();

    const entry = await outbox.enqueue(message);
    expect(postRequests(forum)).toHaveLength(0);
    expect(await db.get('outbox', entry.id)).toMatchObject({
      status: 'pending',
      fields: { title: 'Quarterly numbers' },
    });
    expect(await db.get('drafts', message.draftKey)).toBeUndefined();
    expect(entry.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Undo within the window cancels the send and gives the draft back', async () => {
    const { forum, drafts, outbox, clock } = await setup();
    const message = newMessage('Oops');
    const entry = await outbox.enqueue(message);
    clock.now += 4_000;
    await outbox.drain();
    expect(postRequests(forum)).toHaveLength(0); // still inside the 5 s window

    expect(await outbox.undo(entry.id)).not.toBeNull();
    clock.now += 10_000;
    await outbox.drain();
    expect(postRequests(forum)).toHaveLength(0);
    expect(forum.posts).toHaveLength(0);
    expect(await outbox.count()).toBe(0);
    expect((await drafts.get(message.draftKey))?.content).toEqual(message.content);
  });

  it('Undo after the window is refused: the message is on its way', async () => {
    const { outbox, clock } = await setup();
    const entry = await outbox.enqueue(newMessage('Late'));
    clock.now += 5_000;
    expect(await outbox.undo(entry.id)).toBeNull();
  });

  it('delivers after the window and clears the draft on the forum', async () => {
    const { forum, drafts, outbox, clock } = await setup();
    const message = newMessage('Hello');
    drafts.change(message.draftKey, message.content);
    await drafts.flush();
    await drafts.sync.syncKey(message.draftKey);
    expect(forum.drafts.has(message.draftKey)).toBe(true);

    const events: OutboxEvent[] = [];
    outbox.subscribe((e) => events.push(e));
    await outbox.enqueue(message);
    clock.now += 5_000;
    await outbox.drain();
    expect(forum.posts).toHaveLength(1);
    expect(forum.posts[0]?.fields).toMatchObject({ title: 'Hello', draft_key: message.draftKey });
    expect(forum.drafts.has(message.draftKey)).toBe(false);
    expect(await outbox.count()).toBe(0);
    expect(events.find((e) => e.type === 'delivered')).toMatchObject({
      draftKey: message.draftKey,
      result: { kind: 'posted', post: { topicId: forum.posts[0]!.topicId, postNumber: 1 } },
    });
  });

  it('queues offline and delivers two messages exactly once each on reconnect, even after a lost response', async () => {
    const { forum, outbox, clock } = await setup({ undoMs: 0 });
    forum.offline = true;
    const first = await outbox.enqueue(newMessage('First'));
    const second = await outbox.enqueue(newMessage('Second one'));
    await outbox.drain();
    expect(forum.posts).toHaveLength(0);
    expect(await outbox.count()).toBe(2);

    // Back online, but the answer to the first POST is lost after the forum stored it.
    forum.offline = false;
    forum.loseResponses = 1;
    const stop = outbox.start(window);
    cleanups.push(stop);
    window.dispatchEvent(new Event('online'));
    await outbox.drain();
    expect(forum.posts.map((p) => p.fields.title)).toEqual(['First', 'Second one']);
    expect(await outbox.count()).toBe(1); // "First" is still waiting for its answer

    clock.now += 60_000; // past the backoff
    await outbox.drain();
    expect(await outbox.count()).toBe(0);
    expect(forum.posts.map((p) => p.fields.title)).toEqual(['First', 'Second one']);

    const keys = postRequests(forum).map((r) => [
      r.body && (r.body as PostFields).title,
      r.headers['idempotency-key'],
    ]);
    expect(keys).toEqual([
      ['First', first.idempotencyKey],
      ['Second one', second.idempotencyKey],
      ['First', first.idempotencyKey],
    ]);
  });

  it('keeps a rejected send visible; Retry sends it with the same key', async () => {
    const { forum, outbox, clock } = await setup({ undoMs: 0 });
    forum.failNext('POST', '/posts.json', 422, ['Title seems unclear, is it a complete sentence?']);
    const entry = await outbox.enqueue(newMessage('hm'));
    const failures: string[] = [];
    outbox.subscribe((e) => e.type === 'failed' && failures.push(e.message));
    await outbox.drain();
    const [failed] = await outbox.list();
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: 'Title seems unclear, is it a complete sentence?',
    });
    expect(failures).toHaveLength(1);

    clock.now += 3_600_000;
    await outbox.drain();
    expect(postRequests(forum)).toHaveLength(1); // failed messages wait for the person

    await outbox.retry(entry.id);
    expect(forum.posts).toHaveLength(1);
    expect(await outbox.count()).toBe(0);
    expect(postRequests(forum).map((r) => r.headers['idempotency-key'])).toEqual([
      entry.idempotencyKey,
      entry.idempotencyKey,
    ]);
  });

  it('Discard drops a failed send; Edit turns it back into a draft', async () => {
    const { forum, drafts, outbox } = await setup({ undoMs: 0 });
    forum.failNext('POST', '/posts.json', 422, ['You cannot send to nobody@nowhere']);
    forum.failNext('POST', '/posts.json', 403, ['You are not allowed to message that group']);
    const a = newMessage('Discard me');
    const b = newMessage('Edit me please');
    const discard = await outbox.enqueue(a);
    const edit = await outbox.enqueue(b);
    await outbox.drain();
    expect((await outbox.list()).map((e) => e.status)).toEqual(['failed', 'failed']);

    await outbox.discard(discard.id);
    expect((await outbox.edit(edit.id))?.draft.content).toEqual(b.content);
    expect(await outbox.count()).toBe(0);
    expect((await drafts.get(b.draftKey))?.content).toEqual(b.content);
    expect(await drafts.get(a.draftKey)).toBeUndefined();
    expect(forum.posts).toHaveLength(0);
  });

  it('schedules "send later" on the backend', async () => {
    const { forum, outbox, clock } = await setup();
    const sendAt = '2030-01-02T08:00:00.000Z';
    await outbox.enqueue({ ...newMessage('Monday note'), sendAt });
    clock.now += 5_000;
    await outbox.drain();
    expect(forum.posts).toHaveLength(0);
    expect(forum.scheduled).toHaveLength(1);
    expect(forum.scheduled[0]).toMatchObject({ send_at: sendAt, fields: { title: 'Monday note' } });
    expect(forum.scheduled[0]?.fields.draft_key).toBeUndefined();
  });

  it('schedules once even when the answer to the first attempt was lost: the same key both times', async () => {
    const { forum, outbox, clock } = await setup({ undoMs: 0 });
    const sendAt = '2030-01-02T08:00:00.000Z';
    forum.loseResponses = 1;
    const entry = await outbox.enqueue({ ...newMessage('Monday note'), sendAt });
    await outbox.drain();
    expect(await outbox.count()).toBe(1);
    clock.now += 60_000;
    await outbox.drain();
    expect(await outbox.count()).toBe(0);
    expect(forum.scheduled).toHaveLength(1);
    const attempts = forum.requestsTo('POST', '/foyer/scheduled-posts.json');
    expect(attempts.map((r) => r.headers['idempotency-key'])).toEqual([
      entry.idempotencyKey,
      entry.idempotencyKey,
    ]);
  });

  it('lets only one tab drain at a time', async () => {
    // Two tabs on one database with a shared lock manager that behaves like navigator.locks.
    const held = new Map<string, Promise<unknown>>();
    let concurrent = 0;
    let maxConcurrent = 0;
    const locks: LockRequester = {
      async request(name, callback) {
        while (held.has(name)) await held.get(name);
        const run = (async () => {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          try {
            return await callback({ name });
          } finally {
            concurrent--;
          }
        })();
        held.set(name, run);
        try {
          return await run;
        } finally {
          held.delete(name);
        }
      },
    };
    const forum = new FakeForum();
    const dbName = `outbox-tabs-${++dbCount}`;
    const tabA = await setup({ forum, dbName, locks, undoMs: 0 });
    const tabB = await setup({ forum, dbName, locks, undoMs: 0 });
    for (const title of ['one', 'two', 'three']) await tabA.outbox.enqueue(newMessage(title));
    await Promise.all([tabA.outbox.drain(), tabB.outbox.drain(), tabA.outbox.drain()]);
    expect(maxConcurrent).toBe(1);
    expect(postRequests(forum)).toHaveLength(3);
    expect(forum.posts.map((p) => p.fields.title)).toEqual(['one', 'two', 'three']);
  });

  it('restores a draft that was being synced when it was sent back', async () => {
    const { forum, drafts, outbox } = await setup();
    const message = newMessage('Sync race');
    forum.saveDraftElsewhere(message.draftKey, serializeDraftData(message.content));
    const entry = await outbox.enqueue(message);
    await outbox.undo(entry.id);
    const record = await drafts.get(message.draftKey);
    expect(record?.content).toEqual(message.content);
  });
});
