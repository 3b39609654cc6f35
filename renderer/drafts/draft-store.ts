// Drafts are written to IndexedDB first (at most `saveDelayMs` after a change, and at once when
// the page is hidden or closed: DraftSaveQueue), keep their last versions as snapshots, and are
// then synced to the forum's draft API by DraftSync. The network is a sync target, never the
// only copy.
import { browserSaysOnline } from '../api/connectivity';
import type { AxiosInstance } from 'axios';
import { fetchServerDraft, listServerDrafts } from '../api/drafts';
import { draftKeyForTarget, newMessageDraftKey, type ComposerTarget } from '../composer/composer-target';
import {
  isEmptyDraft,
  parseDraftData,
  sameDraftContent,
  emptyDraft,
  type DraftContent,
} from './draft-content';
import { DraftSaveQueue } from './draft-save-queue';
import { DraftSync } from './draft-sync';
import { defaultJournalStorage, UnloadJournal } from './unload-journal';
import type { IDBPObjectStore } from 'idb';
import type { ComposerDb, ComposerDbSchema, DraftRecord, DraftSnapshot, SnapshotReason } from './local-db';

type HistoryStore = IDBPObjectStore<
  ComposerDbSchema,
  ['drafts', 'draftHistory'],
  'draftHistory',
  'readwrite'
>;

export type DraftEvent =
  | { type: 'saved'; key: string }
  /** Content changed from outside the editor (restore, conflict choice): reload it. */
  | { type: 'replaced'; key: string; content: DraftContent }
  | { type: 'conflict'; key: string }
  | { type: 'synced'; key: string }
  | { type: 'removed'; key: string }
  /** IndexedDB refused the write (disk full, private mode): the editor still holds the text. */
  | { type: 'save-failed'; key: string; message: string };

export type DraftStoreOptions = {
  db: ComposerDb;
  /** The forum; absent means local-only (no server sync). */
  getHttp?: () => Promise<AxiosInstance>;
  /** Local write delay after a change; the brief's bound is 0.5 s, this stays under it. */
  saveDelayMs?: number;
  /** Delay before pushing local changes to the server. */
  syncDelayMs?: number;
  /** Minimum time between "edit" snapshots of one draft. */
  snapshotEveryMs?: number;
  historyLimit?: number;
  now?: () => number;
  isOnline?: () => boolean;
  /** Where unsaved words go synchronously when the page is left (unload-journal.ts); null: nowhere. */
  journal?: Storage | null;
};

export type OpenedDraft = { key: string; content: DraftContent };

export type DraftListItem = {
  key: string;
  content: DraftContent;
  updatedAt: number;
  /** local: only here; server: only on the forum (another device); both: here and synced. */
  source: 'local' | 'server' | 'both';
  state: 'synced' | 'unsynced' | 'conflict';
};

export class DraftStore {
  readonly db: ComposerDb;
  readonly sync: DraftSync;
  readonly now: () => number;
  readonly isOnline: () => boolean;
  private readonly getHttp: (() => Promise<AxiosInstance>) | undefined;
  private readonly snapshotEveryMs: number;
  private readonly historyLimit: number;
  private readonly saves: DraftSaveQueue;
  private readonly listeners = new Set<(event: DraftEvent) => void>();
  /** Server sequences learned for keys that have no local record yet. */
  private readonly knownSequences = new Map<string, number>();
  private stopped = false;
  private readonly journal: UnloadJournal;
  /** Words the last page journaled on its way out, put back into IndexedDB before drafts open. */
  private readonly recovered: Promise<void>;

  constructor(options: DraftStoreOptions) {
    this.db = options.db;
    this.getHttp = options.getHttp;
    this.snapshotEveryMs = options.snapshotEveryMs ?? 60_000;
    this.historyLimit = options.historyLimit ?? 20;
    this.now = options.now ?? Date.now;
    this.isOnline = options.isOnline ?? browserSaysOnline;
    this.sync = new DraftSync(this, options.getHttp, options.syncDelayMs ?? 1_000);
    const storage = options.journal === undefined ? defaultJournalStorage() : options.journal;
    this.journal = new UnloadJournal(storage, options.db.name);
    this.saves = new DraftSaveQueue({
      persist: (key, content) => this.persist(key, content),
      onWriteFailed: (key, error) =>
        this.emit({
          type: 'save-failed',
          key,
          message: error instanceof Error ? error.message : String(error),
        }),
      journal: this.journal,
      saveDelayMs: options.saveDelayMs ?? 300,
      now: this.now,
    });
    this.recovered = this.saves.recover((key) => this.get(key));
  }

  subscribe(listener: (event: DraftEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: DraftEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get(key: string): Promise<DraftRecord | undefined> {
    return this.db.get('drafts', key);
  }

  /**
   * The draft for a target: the local copy when there is one, else the forum's (a draft started
   * on another device), else an empty draft under a fresh key for new messages.
   */
  async open(target: ComposerTarget): Promise<OpenedDraft> {
    await this.recovered;
    const key = draftKeyForTarget(target) ?? newMessageDraftKey(this.now());
    // A reply keeps one draft per topic; the post being answered is the latest one asked for.
    const retarget = (content: DraftContent): DraftContent =>
      target.kind === 'reply' ? { ...content, target } : content;
    const local = await this.get(key);
    if (local) return { key, content: retarget(local.content) };
    const fromServer = await this.loadFromServer(key);
    return { key, content: fromServer ? retarget(fromServer) : emptyDraft(target) };
  }

  private async loadFromServer(key: string): Promise<DraftContent | null> {
    if (!this.getHttp || !this.isOnline()) return null;
    try {
      const server = await fetchServerDraft(await this.getHttp(), key);
      this.knownSequences.set(key, server.sequence);
      const content = server.data === null ? null : parseDraftData(key, server.data);
      if (!content) return null;
      const record = this.newRecord(key, content, server.sequence);
      record.syncedRevision = record.revision;
      const tx = this.db.transaction(['drafts', 'draftHistory'], 'readwrite');
      if (!(await tx.objectStore('drafts').get(key))) {
        await tx.objectStore('drafts').put(record);
        await this.addSnapshot(tx.objectStore('draftHistory'), key, content, 'server');
      }
      await tx.done;
      return content;
    } catch {
      // Offline or the forum is down: the person starts from an empty draft; a later sync
      // finds the server copy and shows both versions if they differ.
      return null;
    }
  }

  /**
   * Records a change; it reaches IndexedDB within `saveDelayMs` even while typing continues. The
   * content may be a function, read only when it is written (DraftSaveQueue.change).
   */
  change(key: string, content: DraftContent | (() => DraftContent)): void {
    this.saves.change(key, content);
  }

  /** Writes every pending change now (page hidden, closing, before sending). */
  flush(key?: string): Promise<void> {
    return this.saves.flush(key);
  }

  /** Drops unsaved changes for a key (the message went to the outbox with its final content). */
  detach(key: string): void {
    this.saves.drop(key);
    this.sync.cancel(key);
  }

  newRecord(key: string, content: DraftContent, sequence: number | null): DraftRecord {
    return {
      key,
      content,
      updatedAt: this.now(),
      revision: 1,
      syncedRevision: 0,
      sequence,
      conflict: null,
      lastSnapshotAt: this.now(),
    };
  }

  private async persist(key: string, content: DraftContent, reason?: SnapshotReason): Promise<void> {
    const tx = this.db.transaction(['drafts', 'draftHistory'], 'readwrite');
    const drafts = tx.objectStore('drafts');
    const existing = await drafts.get(key);
    if (!existing && isEmptyDraft(content)) return tx.done;
    if (existing && sameDraftContent(existing.content, content) && !reason) return tx.done;
    const record = existing ?? this.newRecord(key, content, this.knownSequences.get(key) ?? null);
    if (existing) {
      if (reason) await this.addSnapshot(tx.objectStore('draftHistory'), key, existing.content, reason);
      record.content = content;
      record.revision += 1;
      record.updatedAt = this.now();
    }
    if (!existing || this.now() - record.lastSnapshotAt >= this.snapshotEveryMs) {
      await this.addSnapshot(tx.objectStore('draftHistory'), key, content, 'edit');
      record.lastSnapshotAt = this.now();
    }
    await drafts.put(record);
    await tx.done;
    this.emit({ type: 'saved', key });
    if (!this.stopped) this.sync.schedule(key);
  }

  async addSnapshot(
    history: HistoryStore,
    key: string,
    content: DraftContent,
    reason: SnapshotReason,
  ): Promise<void> {
    await history.add({ key, content, reason, savedAt: this.now() });
    const ids = await history.index('by-key').getAllKeys(key);
    // Keys are auto-incremented, so the lowest ids are the oldest snapshots.
    for (const id of ids.sort((a, b) => a - b).slice(0, Math.max(0, ids.length - this.historyLimit))) {
      await history.delete(id);
    }
  }

  /** Earlier versions, newest first (at most `historyLimit`). */
  async history(key: string): Promise<DraftSnapshot[]> {
    const snapshots = await this.db.getAllFromIndex('draftHistory', 'by-key', key);
    return snapshots.sort((a, b) => b.savedAt - a.savedAt || (b.id ?? 0) - (a.id ?? 0));
  }

  /** Puts an earlier version back; the current text becomes a snapshot first, so nothing is lost. */
  async restore(key: string, snapshotId: number): Promise<DraftContent> {
    await this.flush(key);
    const snapshot = await this.db.get('draftHistory', snapshotId);
    if (!snapshot || snapshot.key !== key) throw new Error('That earlier version no longer exists.');
    await this.replace(key, snapshot.content, 'before-restore');
    return snapshot.content;
  }

  /** Sets content from outside the editor, keeping the previous text as a snapshot. */
  async replace(key: string, content: DraftContent, reason: SnapshotReason): Promise<void> {
    await this.persist(key, content, reason);
    this.emit({ type: 'replaced', key, content });
  }

  /** The person's answer to a conflict: their pick or merge becomes the draft and syncs again. */
  async resolveConflict(key: string, content: DraftContent): Promise<void> {
    await this.flush(key);
    const tx = this.db.transaction(['drafts', 'draftHistory'], 'readwrite');
    const record = await tx.objectStore('drafts').get(key);
    if (!record?.conflict) return tx.done;
    await this.addSnapshot(tx.objectStore('draftHistory'), key, record.content, 'before-conflict-choice');
    record.sequence = record.conflict.serverSequence;
    record.conflict = null;
    record.content = content;
    record.revision += 1;
    record.updatedAt = this.now();
    await tx.objectStore('drafts').put(record);
    await tx.done;
    this.emit({ type: 'replaced', key, content });
    await this.sync.syncKey(key);
  }

  /** Removes a draft everywhere (local copy, its history, the server copy). */
  async discard(key: string): Promise<void> {
    this.detach(key);
    await this.removeLocal(key);
    await this.sync.deleteOnServer(key);
  }

  /**
   * After a message left the outbox (or was discarded from it): its history and the forum's copy
   * go too, unless the person has already started a new draft under the same key.
   */
  async forgetSent(key: string, sentAt: number): Promise<void> {
    const record = await this.get(key);
    if (record && record.updatedAt > sentAt) return;
    await this.removeLocal(key);
    await this.sync.deleteOnServer(key);
  }

  async removeLocal(key: string): Promise<void> {
    const tx = this.db.transaction(['drafts', 'draftHistory'], 'readwrite');
    await tx.objectStore('drafts').delete(key);
    const history = tx.objectStore('draftHistory');
    for (const id of await history.index('by-key').getAllKeys(key)) await history.delete(id);
    await tx.done;
    this.journal.drop(key);
    this.emit({ type: 'removed', key });
  }

  /** Local drafts merged with the forum's (drafts started on other devices). */
  async list(): Promise<{ items: DraftListItem[]; serverReachable: boolean }> {
    await this.recovered;
    await this.flush();
    const local = await this.db.getAll('drafts');
    const items: DraftListItem[] = local
      .filter((r) => !isEmptyDraft(r.content) || r.conflict)
      .map((r) => ({
        key: r.key,
        content: r.content,
        updatedAt: r.updatedAt,
        source: r.syncedRevision > 0 ? 'both' : 'local',
        state: r.conflict ? 'conflict' : r.revision > r.syncedRevision ? 'unsynced' : 'synced',
      }));
    let serverReachable = false;
    if (this.getHttp && this.isOnline()) {
      try {
        const rows = await listServerDrafts(await this.getHttp());
        serverReachable = true;
        const localKeys = new Set(local.map((r) => r.key));
        for (const row of rows) {
          if (localKeys.has(row.key) || row.data === null) continue;
          const content = parseDraftData(row.key, row.data, row.title);
          if (!content || isEmptyDraft(content)) continue;
          const updatedAt = row.updatedAt ? Date.parse(row.updatedAt) : 0;
          items.push({ key: row.key, content, updatedAt, source: 'server', state: 'synced' });
        }
      } catch {
        // The local list is complete on its own; the view says the forum was not reached.
      }
    }
    items.sort((a, b) => b.updatedAt - a.updatedAt);
    return { items, serverReachable };
  }

  /** Flushes on hide/close and syncs when the connection returns. Returns a stop function. */
  start(target: Window = window): () => void {
    const flush = () => this.saves.leavePage();
    const onVisibility = () => {
      if (target.document.visibilityState === 'hidden') flush();
    };
    const online = () => void this.sync.syncAll();
    this.stopped = false;
    target.addEventListener('beforeunload', flush);
    target.addEventListener('pagehide', flush);
    target.document.addEventListener('visibilitychange', onVisibility);
    target.addEventListener('online', online);
    const retry = setInterval(online, 60_000);
    void this.sync.syncAll();
    return () => {
      target.removeEventListener('beforeunload', flush);
      target.removeEventListener('pagehide', flush);
      target.document.removeEventListener('visibilitychange', onVisibility);
      target.removeEventListener('online', online);
      clearInterval(retry);
      this.stopped = true;
      this.sync.cancelAll();
    };
  }
}
