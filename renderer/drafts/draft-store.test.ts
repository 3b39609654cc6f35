// @vitest-environment jsdom
// Drafts are never lost: saved to IndexedDB within 0.5 s, still there after a "reload" (a new
// store on the same database), synced with Discourse's draft sequence, conflicts keep both
// versions, and earlier versions can be restored.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeForum } from '../api/testing/fake-forum';
import { emptyDraft, parseDraftData, serializeDraftData, type DraftContent } from './draft-content';
import { DraftStore, type DraftStoreOptions } from './draft-store';
import { openComposerDb, type ComposerDb } from './local-db';

const reply = { kind: 'reply' as const, topicId: 5, title: 'Budget' };
const content = (text: string): DraftContent => ({ ...emptyDraft(reply), reply: text });

let dbCount = 0;
const open: ComposerDb[] = [];
async function freshDb(name = `drafts-test-${++dbCount}`): Promise<ComposerDb> {
  const db = await openComposerDb(name);
  open.push(db);
  return db;
}

function store(db: ComposerDb, forum?: FakeForum, extra: Partial<DraftStoreOptions> = {}): DraftStore {
  return new DraftStore({
    db,
    syncDelayMs: 60_000, // tests sync explicitly
    ...(forum ? { getHttp: async () => forum.http(), isOnline: () => !forum.offline } : {}),
    ...extra,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('local drafts', () => {
  it('reaches IndexedDB within 0.5 s of a change, even while typing continues', async () => {
    const db = await freshDb();
    const drafts = store(db);
    const started = performance.now();
    drafts.change('topic_5', content('H'));
    // Keep typing every 50 ms: a plain debounce would never write; the store must.
    let savedAt = 0;
    for (let i = 0; i < 12 && !savedAt; i++) {
      await sleep(50);
      drafts.change('topic_5', content('Hello'.slice(0, (i % 5) + 1)));
      if (await db.get('drafts', 'topic_5')) savedAt = performance.now() - started;
    }
    await drafts.flush();
    expect(savedAt).toBeGreaterThan(0);
    expect(savedAt).toBeLessThan(500);
  });

  it('writes at once when the page is hidden', async () => {
    const db = await freshDb();
    const drafts = store(db);
    const stop = drafts.start(window);
    drafts.change('topic_5', content('typed just before switching away'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(20); // far less than the 300 ms save delay
    expect((await db.get('drafts', 'topic_5'))?.content.reply).toBe('typed just before switching away');
    stop();
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  });

  it('survives a reload: a new store on the same database reopens the draft', async () => {
    const name = `drafts-reload-${++dbCount}`;
    const first = store(await freshDb(name));
    first.change('topic_5', content('Half-written **reply**'));
    await first.flush();
    (await open[open.length - 1])!.close();

    const afterReload = store(await freshDb(name));
    const opened = await afterReload.open(reply);
    expect(opened).toEqual({ key: 'topic_5', content: content('Half-written **reply**') });
  });

  it('answers the post asked for when a topic draft is reopened from another post', async () => {
    const drafts = store(await freshDb());
    drafts.change('topic_5', { ...content('continuing'), target: { ...reply, replyToPostNumber: 2 } });
    await drafts.flush();
    const reopened = await drafts.open({ ...reply, replyToPostNumber: 7 });
    expect(reopened.content).toMatchObject({ reply: 'continuing', target: { replyToPostNumber: 7 } });
  });

  it('gives each new message its own key so several can be kept', async () => {
    let now = 1_700_000_000_000;
    const drafts = store(await freshDb(), undefined, { now: () => now });
    const a = await drafts.open({ kind: 'new' });
    now += 1;
    const b = await drafts.open({ kind: 'new' });
    expect(a.key).toBe('new_private_message_1700000000000');
    expect(b.key).not.toBe(a.key);
    drafts.change(a.key, { ...a.content, title: 'First' });
    drafts.change(b.key, { ...b.content, title: 'Second' });
    const { items } = await drafts.list();
    expect(items.map((i) => i.content.title).sort()).toEqual(['First', 'Second']);
  });

  it('keeps the last 20 versions and restores one, keeping the current text too', async () => {
    let now = 1_000;
    const drafts = store(await freshDb(), undefined, { now: () => now, snapshotEveryMs: 10 });
    for (let i = 1; i <= 25; i++) {
      now += 100;
      drafts.change('topic_5', content(`version ${i}`));
      await drafts.flush();
    }
    const history = await drafts.history('topic_5');
    expect(history).toHaveLength(20);
    expect(history[0]?.content.reply).toBe('version 25');
    expect(history.at(-1)?.content.reply).toBe('version 6');

    const events: string[] = [];
    drafts.subscribe((e) => events.push(e.type));
    const v10 = history.find((s) => s.content.reply === 'version 10')!;
    now += 100;
    await drafts.restore('topic_5', v10.id!);
    expect((await drafts.get('topic_5'))?.content.reply).toBe('version 10');
    expect(events).toContain('replaced');
    const after = await drafts.history('topic_5');
    expect(after.some((s) => s.reason === 'before-restore' && s.content.reply === 'version 25')).toBe(true);
  });
});

describe('server sync', () => {
  it('saves to the forum with the draft sequence and follows it', async () => {
    const forum = new FakeForum();
    const drafts = store(await freshDb(), forum);
    drafts.change('topic_5', content('first'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');
    expect(forum.drafts.get('topic_5')?.data).toBe(serializeDraftData(content('first')));

    drafts.change('topic_5', content('second'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');
    const saves = forum
      .requestsTo('POST', '/drafts.json')
      .map((r) => (r.body as { sequence: number }).sequence);
    expect(saves).toEqual([0, 1]); // the forum's current sequence, then the one the first save returned
    expect(parseDraftData('topic_5', forum.drafts.get('topic_5')!.data)?.reply).toBe('second');
    const record = await drafts.get('topic_5');
    expect(record?.syncedRevision).toBe(record?.revision);
  });

  it('keeps working offline and syncs when the connection returns', async () => {
    const forum = new FakeForum();
    forum.offline = true;
    const drafts = store(await freshDb(), forum);
    drafts.change('topic_5', content('written on a train'));
    await drafts.flush();
    await drafts.sync.syncAll();
    expect(forum.drafts.size).toBe(0);
    expect((await drafts.get('topic_5'))?.content.reply).toBe('written on a train');

    forum.offline = false;
    const stop = drafts.start(window);
    window.dispatchEvent(new Event('online'));
    await sleep(50);
    expect(parseDraftData('topic_5', forum.drafts.get('topic_5')!.data)?.reply).toBe('written on a train');
    stop();
  });

  it('shows both versions when another device changed the draft, and syncs the choice', async () => {
    const forum = new FakeForum();
    const drafts = store(await freshDb(), forum);
    const conflicts: string[] = [];
    drafts.subscribe((e) => e.type === 'conflict' && conflicts.push(e.key));
    drafts.change('topic_5', content('from the laptop'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');

    forum.saveDraftElsewhere('topic_5', serializeDraftData(content('from the phone')));
    drafts.change('topic_5', content('from the laptop, edited'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');

    const record = await drafts.get('topic_5');
    expect(conflicts).toEqual(['topic_5']);
    expect(record?.content.reply).toBe('from the laptop, edited');
    expect(record?.conflict?.server?.reply).toBe('from the phone');
    // The phone's text stays restorable whatever is picked.
    expect((await drafts.history('topic_5')).some((s) => s.content.reply === 'from the phone')).toBe(true);
    // While unresolved, nothing overwrites the other device's copy.
    drafts.change('topic_5', content('from the laptop, edited again'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');
    expect(parseDraftData('topic_5', forum.drafts.get('topic_5')!.data)?.reply).toBe('from the phone');

    await drafts.resolveConflict('topic_5', content('merged: laptop and phone'));
    expect(parseDraftData('topic_5', forum.drafts.get('topic_5')!.data)?.reply).toBe(
      'merged: laptop and phone',
    );
    expect((await drafts.get('topic_5'))?.conflict).toBeNull();
  });

  it('takes a newer version saved on another device when nothing changed here', async () => {
    const forum = new FakeForum();
    const drafts = store(await freshDb(), forum);
    const replaced: string[] = [];
    drafts.subscribe((e) => e.type === 'replaced' && replaced.push(e.content.reply));
    drafts.change('topic_5', content('v1 from here'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');

    forum.saveDraftElsewhere('topic_5', serializeDraftData(content('v2 from the phone')));
    await drafts.sync.pull('topic_5'); // what a live "draft" event triggers
    expect((await drafts.get('topic_5'))?.content.reply).toBe('v2 from the phone');
    expect(replaced).toEqual(['v2 from the phone']);
    expect((await drafts.history('topic_5')).map((s) => s.content.reply)).toContain('v1 from here');

    // Our own save's event changes nothing.
    await drafts.sync.pull('topic_5');
    expect(replaced).toHaveLength(1);
  });

  it('finds a draft started on another device when first syncing a local one', async () => {
    const forum = new FakeForum();
    forum.saveDraftElsewhere('topic_5', serializeDraftData(content('phone text')));
    forum.offline = true;
    const drafts = store(await freshDb(), forum);
    expect((await drafts.open(reply)).content.reply).toBe(''); // offline: starts empty
    drafts.change('topic_5', content('laptop text'));
    await drafts.flush();
    forum.offline = false;
    await drafts.sync.syncKey('topic_5');
    const record = await drafts.get('topic_5');
    expect(record?.conflict?.server?.reply).toBe('phone text');
    expect(record?.content.reply).toBe('laptop text');
  });

  it('opens a draft from the forum when this device has none', async () => {
    const forum = new FakeForum();
    forum.saveDraftElsewhere('topic_5', serializeDraftData(content('started on the phone')));
    const drafts = store(await freshDb(), forum);
    expect((await drafts.open(reply)).content.reply).toBe('started on the phone');
    expect((await drafts.get('topic_5'))?.sequence).toBe(1);
  });

  it('lists local and forum drafts together', async () => {
    const forum = new FakeForum();
    const other = { ...emptyDraft({ kind: 'new', draftKey: 'new_private_message_1' }), title: 'From phone' };
    forum.saveDraftElsewhere('new_private_message_1', serializeDraftData(other));
    const drafts = store(await freshDb(), forum);
    drafts.change('topic_5', content('local only'));
    const { items, serverReachable } = await drafts.list();
    expect(serverReachable).toBe(true);
    expect(items.map((i) => [i.key, i.source, i.state])).toEqual(
      expect.arrayContaining([
        ['topic_5', 'local', 'unsynced'],
        ['new_private_message_1', 'server', 'synced'],
      ]),
    );
  });

  it('reads every page of the forum drafts', async () => {
    const forum = new FakeForum();
    for (let i = 1; i <= 60; i++) {
      const key = `new_private_message_${i}`;
      forum.saveDraftElsewhere(
        key,
        serializeDraftData({ ...emptyDraft({ kind: 'new', draftKey: key }), title: `n${i}` }),
      );
    }
    const { items } = await store(await freshDb(), forum).list();
    expect(items).toHaveLength(60);
    expect(forum.requestsTo('GET', '/drafts.json').map((r) => r.params.offset ?? 0)).toEqual([0, 50]);
  });

  it('discards everywhere', async () => {
    const forum = new FakeForum();
    const drafts = store(await freshDb(), forum);
    drafts.change('topic_5', content('to throw away'));
    await drafts.flush();
    await drafts.sync.syncKey('topic_5');
    await drafts.discard('topic_5');
    expect(await drafts.get('topic_5')).toBeUndefined();
    expect(await drafts.history('topic_5')).toEqual([]);
    expect(forum.drafts.has('topic_5')).toBe(false);
  });
});
