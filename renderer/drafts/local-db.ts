// The composer's IndexedDB: drafts, their earlier versions and the outbox, in one database so
// that "put the message in the outbox and remove its draft" is one transaction. One database per
// account (the name), so two forums never share drafts.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
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

export const DEFAULT_COMPOSER_DB = 'foyer-composer';

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
