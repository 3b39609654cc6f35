// @vitest-environment jsdom
// One composer database per account: two people signing in on one browser never share drafts
// or the outbox, and the database from before accounts were kept apart goes to the first
// person who signs in, once, and to nobody after them.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDraft, type DraftContent } from './draft-content';
import {
  composerDbName,
  openAccountComposerDb,
  openComposerDb,
  type ComposerAccount,
  type ComposerDb,
  type DraftRecord,
  type OutboxEntry,
} from './local-db';

const opened: ComposerDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
let run = 0;

async function open(account: ComposerAccount, legacyName?: string): Promise<ComposerDb> {
  const db = await openAccountComposerDb(account, legacyName);
  opened.push(db);
  return db;
}

const content = (text: string): DraftContent => ({
  ...emptyDraft({ kind: 'reply', topicId: 5, title: 'Budget' }),
  reply: text,
});

const draft = (key: string, text: string): DraftRecord => ({
  key,
  content: content(text),
  updatedAt: 1,
  revision: 1,
  syncedRevision: 0,
  sequence: null,
  conflict: null,
  lastSnapshotAt: 0,
});

const outboxEntry = (id: string, raw: string): OutboxEntry => ({
  id,
  idempotencyKey: `key-${id}`,
  createdAt: 1,
  order: 1,
  sendAfter: 1,
  sendAt: null,
  fields: { raw, topic_id: 5 },
  draft: { key: 'topic_5', content: content(raw), sequence: null },
  status: 'pending',
  attempts: 0,
  nextAttemptAt: 1,
  lastError: null,
});

const databaseNames = async () => (await indexedDB.databases()).map((d) => d.name);

describe('composer database per account', () => {
  it('keeps each account (forum + user) apart', async () => {
    const forum = `https://forum-${++run}.example`;
    const alice = await open({ forum, userId: 1 });
    await alice.put('drafts', draft('topic_5', 'Alice writes'));
    await alice.put('outbox', outboxEntry('a1', 'Alice sends'));

    const bob = await open({ forum, userId: 2 });
    expect(await bob.getAll('drafts')).toEqual([]);
    expect(await bob.getAll('outbox')).toEqual([]);
    // User 1 on another forum is another person.
    const elsewhere = await open({ forum: `https://other-${run}.example`, userId: 1 });
    expect(await elsewhere.count('drafts')).toBe(0);

    alice.close();
    const aliceAgain = await open({ forum, userId: 1 });
    expect((await aliceAgain.get('drafts', 'topic_5'))?.content.reply).toBe('Alice writes');
    expect(await aliceAgain.count('outbox')).toBe(1);
    expect(composerDbName({ forum, userId: 1 })).not.toBe(composerDbName({ forum, userId: 2 }));
  });

  it('gives the unkeyed database to the first account that opens, then deletes it', async () => {
    const legacyName = `legacy-composer-${++run}`;
    const forum = `https://forum-${run}.example`;
    const legacy = await openComposerDb(legacyName);
    await legacy.put('drafts', draft('topic_5', 'Written before the upgrade'));
    await legacy.add('draftHistory', {
      key: 'topic_5',
      savedAt: 5,
      content: content('An older version'),
      reason: 'edit',
    });
    await legacy.put('outbox', outboxEntry('queued', 'Queued offline before the upgrade'));
    legacy.close();

    const first = await open({ forum, userId: 7 }, legacyName);
    expect((await first.get('drafts', 'topic_5'))?.content.reply).toBe('Written before the upgrade');
    expect((await first.getAll('draftHistory')).map((h) => h.content.reply)).toEqual(['An older version']);
    expect((await first.get('outbox', 'queued'))?.idempotencyKey).toBe('key-queued');
    await expect.poll(databaseNames).not.toContain(legacyName);

    const second = await open({ forum, userId: 8 }, legacyName);
    expect(await second.count('drafts')).toBe(0);
    expect(await second.count('outbox')).toBe(0);
    expect(await second.count('draftHistory')).toBe(0);
  });

  it('does nothing (and creates nothing) when there is no old database', async () => {
    const legacyName = `never-existed-${++run}`;
    const db = await open({ forum: 'https://fresh.example', userId: 1 }, legacyName);
    expect(await db.count('drafts')).toBe(0);
    expect(await databaseNames()).not.toContain(legacyName);
  });
});
