// @vitest-environment jsdom
// Words typed just before the page is left are not lost when the browser cuts the IndexedDB
// write short: they are journaled synchronously and put back by the next page's draft store.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDraft, type DraftContent } from './draft-content';
import { DraftStore } from './draft-store';
import { openComposerDb, type ComposerDb } from './local-db';
import { UnloadJournal } from './unload-journal';

const reply = { kind: 'reply' as const, topicId: 5, title: 'Budget' };
const content = (text: string): DraftContent => ({ ...emptyDraft(reply), reply: text });

/** localStorage's interface over a Map, one per test. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

let count = 0;
const opened: ComposerDb[] = [];
async function db(name = `journal-test-${++count}`): Promise<ComposerDb> {
  const d = await openComposerDb(name);
  opened.push(d);
  return d;
}
const store = (d: ComposerDb, journal: Storage, now?: () => number) =>
  new DraftStore({ db: d, journal, syncDelayMs: 60_000, ...(now ? { now } : {}) });

afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

describe('the unload journal', () => {
  it('holds the unsaved words the moment the page is left, before any IndexedDB write', async () => {
    const storage = new MemoryStorage();
    const d = await db();
    const drafts = store(d, storage);
    const stop = drafts.start(window);
    drafts.change('topic_5', () => content('typed right before the reload'));
    window.dispatchEvent(new Event('pagehide'));
    // Synchronously, in the same task as pagehide: all a leaving page can count on.
    expect(new UnloadJournal(storage, d.name).read().map((e) => e.content.reply)).toEqual([
      'typed right before the reload',
    ]);
    // The IndexedDB write did finish here, so the journal empties itself.
    await drafts.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(new UnloadJournal(storage, d.name).read()).toEqual([]);
    stop();
  });

  it('also holds words whose IndexedDB write had started but not finished', async () => {
    const storage = new MemoryStorage();
    const d = await db();
    const drafts = store(d, storage);
    const stop = drafts.start(window);
    drafts.change('topic_5', content('saved just as the page went'));
    const writing = drafts.flush(); // the save delay ran out a moment before leaving
    window.dispatchEvent(new Event('pagehide'));
    expect(new UnloadJournal(storage, d.name).read().map((e) => e.content.reply)).toEqual([
      'saved just as the page went',
    ]);
    await writing;
    stop();
  });

  it('puts journaled words back when the IndexedDB write was cut short', async () => {
    const storage = new MemoryStorage();
    const d = await db();
    const before = store(d, storage, () => 1_000);
    before.change('topic_5', content('saved earlier'));
    await before.flush();
    // The page left with newer words that never reached IndexedDB.
    new UnloadJournal(storage, d.name).write([
      { key: 'topic_5', content: content('saved earlier, and the last words'), at: 2_000 },
    ]);

    const after = store(d, storage, () => 3_000);
    expect((await after.open(reply)).content.reply).toBe('saved earlier, and the last words');
    expect((await d.get('drafts', 'topic_5'))?.content.reply).toBe('saved earlier, and the last words');
    expect(new UnloadJournal(storage, d.name).read()).toEqual([]);
  });

  it('never replaces a newer saved version, nor brings back a discarded draft', async () => {
    const storage = new MemoryStorage();
    const d = await db();
    const journal = new UnloadJournal(storage, d.name);
    journal.write([{ key: 'topic_5', content: content('older journaled words'), at: 1_000 }]);
    const drafts = store(d, storage, () => 2_000);
    await drafts.open(reply); // recovery ran
    drafts.change('topic_5', content('newer words'));
    await drafts.flush();
    journal.write([{ key: 'topic_5', content: content('older journaled words'), at: 1_500 }]);
    expect((await store(d, storage, () => 3_000).open(reply)).content.reply).toBe('newer words');

    journal.write([{ key: 'topic_6', content: content('thrown away'), at: 3_500 }]);
    await drafts.discard('topic_6');
    const later = store(d, storage, () => 4_000);
    expect((await later.open({ ...reply, topicId: 6 })).content.reply).toBe('');
  });

  it('keeps a journal per database, so accounts do not share words', async () => {
    const storage = new MemoryStorage();
    const a = await db();
    new UnloadJournal(storage, a.name).write([{ key: 'topic_5', content: content('account A'), at: 1 }]);
    const b = await db();
    expect((await store(b, storage).open(reply)).content.reply).toBe('');
    expect((await store(a, storage).open(reply)).content.reply).toBe('account A');
  });
});
