// The composer's IndexedDB: drafts, their earlier versions and the outbox, in one database so
// that "put the message in the outbox and remove its draft" is one transaction. One database per
// account (forum origin + user id in the name), so a second person signing in on the same
// browser never sees, nor sends, the first one's drafts and outbox.
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PostFields } from '../api/posts';
import type { DraftContent } from './draft-content';

export type DraftConflict = {
  /** The other device's version; null when the draft was removed there. */
  server: DraftContent | null;
  serverSequence: number;
  detectedAt: number;
};

export type DraftRecord = {
  key: string;
  content: DraftContent;
  updatedAt: number;
  /** Bumped on every local change. */
  revision: number;
  /** The local revision the server is known to hold. */
  syncedRevision: number;
  /** Discourse's draft sequence for this key, once known. */
  sequence: number | null;
  conflict: DraftConflict | null;
  lastSnapshotAt: number;
};

export type SnapshotReason = 'edit' | 'before-restore' | 'before-conflict-choice' | 'other-device' | 'server';

export type DraftSnapshot = {
  id?: number;
  key: string;
  savedAt: number;
  content: DraftContent;
  reason: SnapshotReason;
};

export type OutboxEntry = {
  id: string;
  /** Sent as the Idempotency-Key header on every attempt, so the forum posts it once. */
  idempotencyKey: string;
  createdAt: number;
  /** Sending order: messages leave in the order they were sent. */
  order: number;
  /** End of the undo window: nothing is sent before this. */
  sendAfter: number;
  /** ISO time for "send later"; the backend sends it then. */
  sendAt: string | null;
  fields: PostFields;
  /** The draft as it was, to restore on undo or edit. */
  draft: { key: string; content: DraftContent; sequence: number | null };
  status: 'pending' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
};

export interface ComposerDbSchema extends DBSchema {
  drafts: { key: string; value: DraftRecord };
  draftHistory: { key: number; value: DraftSnapshot; indexes: { 'by-key': string } };
  outbox: { key: string; value: OutboxEntry };
}

export type ComposerDb = IDBPDatabase<ComposerDbSchema>;

/** The name used before databases were per account; also the prefix of the per-account names. */
export const DEFAULT_COMPOSER_DB = 'foyer-composer';

/** Whose drafts: the forum's origin (where requests go) and the signed-in user's id there. */
export type ComposerAccount = { forum: string; userId: number };

export function composerDbName(account: ComposerAccount): string {
  return `${DEFAULT_COMPOSER_DB}:${account.forum}:${account.userId}`;
}

export function openComposerDb(name: string = DEFAULT_COMPOSER_DB): Promise<ComposerDb> {
  return openDB<ComposerDbSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('drafts', { keyPath: 'key' });
      const history = db.createObjectStore('draftHistory', { keyPath: 'id', autoIncrement: true });
      history.createIndex('by-key', 'key');
      db.createObjectStore('outbox', { keyPath: 'id' });
    },
  });
}

/**
 * The signed-in account's database. A database from before accounts were kept apart belongs to
 * whoever signs in first: its records move here and it is emptied and deleted, so the next
 * account to sign in starts with nothing of it.
 */
export async function openAccountComposerDb(
  account: ComposerAccount,
  legacyName: string = DEFAULT_COMPOSER_DB,
): Promise<ComposerDb> {
  const db = await openComposerDb(composerDbName(account));
  try {
    await adoptLegacyDb(db, legacyName);
  } catch {
    // The old records stay where they are; the account's own database works regardless.
  }
  return db;
}

async function legacyDbExists(name: string): Promise<boolean> {
  // Chromium and fake-indexeddb list databases; without the list, opening tells (and creates an
  // empty one, which adoptLegacyDb deletes again).
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((info) => info.name === name);
}

async function adoptLegacyDb(target: ComposerDb, legacyName: string): Promise<void> {
  if (!(await legacyDbExists(legacyName))) return;
  // No version: open whatever is there without creating stores in it.
  const legacy = (await openDB(legacyName)) as unknown as ComposerDb;
  try {
    const stores = ['drafts', 'draftHistory', 'outbox'] as const;
    if (stores.every((name) => legacy.objectStoreNames.contains(name))) {
      const from = legacy.transaction([...stores], 'readonly');
      const [drafts, history, outbox] = await Promise.all([
        from.objectStore('drafts').getAll(),
        from.objectStore('draftHistory').getAll(),
        from.objectStore('outbox').getAll(),
      ]);
      await from.done;
      const to = target.transaction([...stores], 'readwrite');
      // A copy interrupted before the old database was emptied may run again: keep what is here.
      for (const record of drafts)
        if (!(await to.objectStore('drafts').get(record.key))) await to.objectStore('drafts').put(record);
      for (const entry of outbox)
        if (!(await to.objectStore('outbox').get(entry.id))) await to.objectStore('outbox').put(entry);
      const kept = new Set(
        (await to.objectStore('draftHistory').getAll()).map((h) => `${h.key}\n${h.savedAt}`),
      );
      for (const { id: _oldId, ...snapshot } of history)
        if (!kept.has(`${snapshot.key}\n${snapshot.savedAt}`))
          await to.objectStore('draftHistory').add(snapshot);
      await to.done;
      // Emptied first: even if the delete below waits on a tab still holding it open, nobody
      // else can adopt these records again.
      const clear = legacy.transaction([...stores], 'readwrite');
      await Promise.all(stores.map((name) => clear.objectStore(name).clear()));
      await clear.done;
    }
  } finally {
    legacy.close();
  }
  // Not awaited: a tab of an older version may hold it open; the delete completes when it closes.
  void deleteDB(legacyName).catch(() => undefined);
}
