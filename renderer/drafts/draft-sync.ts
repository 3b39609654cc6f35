// Pushes local drafts to the forum's draft API with Discourse's sequence check. When the forum's
// copy changed elsewhere (another device saved it: a 409, or a different server draft found on
// first contact), the draft stops syncing and keeps both versions until the person picks or
// merges. Network failures leave the local copy unsynced; the next change, an `online` event or
// the periodic pass tries again.
import type { AxiosInstance } from 'axios';
import { deleteServerDraft, fetchServerDraft, saveServerDraft, type ServerDraft } from '../api/drafts';
import { parseDraftData, sameDraftContent, serializeDraftData, type DraftContent } from './draft-content';
import type { DraftStore } from './draft-store';
import type { DraftRecord } from './local-db';

export class DraftSync {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DraftStore,
    private readonly getHttp: (() => Promise<AxiosInstance>) | undefined,
    private readonly delayMs: number,
  ) {}

  schedule(key: string): void {
    if (!this.getHttp) return;
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.syncKey(key);
      }, this.delayMs),
    );
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  async syncAll(): Promise<void> {
    const records = await this.store.db.getAll('drafts').catch(() => []);
    await Promise.all(records.filter(needsSync).map((r) => this.syncKey(r.key)));
  }

  /** Stops every scheduled sync (the store is being shut down). */
  cancelAll(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }

  /** One sync at a time per key; a call during a sync runs after it. */
  syncKey(key: string): Promise<void> {
    const previous = this.running.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.syncOnce(key, 0));
    this.running.set(key, next);
    void next.finally(() => {
      if (this.running.get(key) === next) this.running.delete(key);
    });
    return next;
  }

  private async syncOnce(key: string, attempt: number): Promise<void> {
    if (!this.getHttp || !this.store.isOnline()) return;
    try {
      const record = await this.store.get(key);
      if (!record || !needsSync(record)) return;
      const http = await this.getHttp();
      let sequence = record.sequence;
      if (sequence === null) {
        // First contact for this key: the forum may already hold a draft from another device.
        const server = await fetchServerDraft(http, key);
        const serverContent = contentOf(key, server);
        if (serverContent && !sameDraftContent(serverContent, record.content)) {
          return await this.markConflict(key, serverContent, server.sequence);
        }
        sequence = server.sequence;
      }
      const result = await saveServerDraft(http, key, serializeDraftData(record.content), sequence);
      if (result.ok) return await this.markSynced(key, record.revision, result.sequence);
      const server = result.conflict ?? (await fetchServerDraft(http, key));
      const serverContent = contentOf(key, server);
      if (serverContent && sameDraftContent(serverContent, record.content)) {
        return await this.markSynced(key, record.revision, server.sequence);
      }
      if (!serverContent && attempt === 0) {
        // Removed elsewhere (discarded or sent there): this device's copy is now the only one,
        // so keep it rather than lose it, saved on the forum's current sequence.
        await this.update(key, (r) => {
          r.sequence = server.sequence;
        });
        return await this.syncOnce(key, attempt + 1);
      }
      await this.markConflict(key, serverContent, server.sequence);
    } catch {
      // Offline, forum down, a rejected save or the database closing: the local copy is safe and
      // stays marked unsynced for the next pass.
    }
  }

  private async update(key: string, change: (record: DraftRecord) => void): Promise<DraftRecord | undefined> {
    const tx = this.store.db.transaction('drafts', 'readwrite');
    const record = await tx.store.get(key);
    // Gone meanwhile (sent or discarded): nothing to record.
    if (record) {
      change(record);
      await tx.store.put(record);
    }
    await tx.done;
    return record;
  }

  private async markSynced(key: string, revision: number, sequence: number): Promise<void> {
    const record = await this.update(key, (r) => {
      r.sequence = sequence;
      r.syncedRevision = Math.max(r.syncedRevision, revision);
    });
    if (!record) return;
    this.store.emit({ type: 'synced', key });
    if (record.revision > record.syncedRevision) this.schedule(key);
  }

  private async markConflict(
    key: string,
    server: DraftContent | null,
    serverSequence: number,
  ): Promise<void> {
    const tx = this.store.db.transaction(['drafts', 'draftHistory'], 'readwrite');
    const record = await tx.objectStore('drafts').get(key);
    if (record) {
      record.conflict = { server, serverSequence, detectedAt: this.store.now() };
      // The other version also goes into history, so it stays restorable whatever is picked.
      if (server) await this.store.addSnapshot(tx.objectStore('draftHistory'), key, server, 'other-device');
      await tx.objectStore('drafts').put(record);
    }
    await tx.done;
    if (record) this.store.emit({ type: 'conflict', key });
  }

  /**
   * The forum says this draft changed (a live `draft` event, also sent for our own saves). With
   * local edits not yet on the forum, pushing them finds out whether it is a conflict; without,
   * a newer version from another device replaces this one (kept in history first).
   */
  async pull(key: string): Promise<void> {
    if (!this.getHttp || !this.store.isOnline()) return;
    try {
      const record = await this.store.get(key);
      if (!record || record.conflict) return;
      if (needsSync(record)) return await this.syncKey(key);
      const server = await fetchServerDraft(await this.getHttp(), key);
      if (server.sequence === record.sequence) return;
      const content = contentOf(key, server);
      // Removed elsewhere (sent or discarded there): this copy stays until the person discards it.
      if (!content || sameDraftContent(content, record.content)) {
        await this.update(key, (r) => {
          r.sequence = server.sequence;
        });
        return;
      }
      await this.adopt(key, content, server.sequence);
    } catch {
      // Offline or the forum is down: the next event or sync pass catches up.
    }
  }

  private async adopt(key: string, content: DraftContent, sequence: number): Promise<void> {
    const tx = this.store.db.transaction(['drafts', 'draftHistory'], 'readwrite');
    const record = await tx.objectStore('drafts').get(key);
    // Typed into meanwhile: leave it to the next push, which will report the conflict.
    const adopted = record !== undefined && !needsSync(record) && !record.conflict;
    if (adopted) {
      await this.store.addSnapshot(tx.objectStore('draftHistory'), key, record.content, 'before-restore');
      record.content = content;
      record.revision += 1;
      record.syncedRevision = record.revision;
      record.sequence = sequence;
      record.updatedAt = this.store.now();
      await tx.objectStore('drafts').put(record);
    }
    await tx.done;
    if (adopted) this.store.emit({ type: 'replaced', key, content });
  }

  /** Removes the forum's copy, whatever its sequence now is. Best effort. */
  async deleteOnServer(key: string): Promise<void> {
    if (!this.getHttp || !this.store.isOnline()) return;
    try {
      const http = await this.getHttp();
      const server = await fetchServerDraft(http, key);
      if (server.data !== null) await deleteServerDraft(http, key, server.sequence);
    } catch {
      // The forum keeps a stale copy; the Drafts list shows it and it can be discarded there.
    }
  }
}

function needsSync(record: DraftRecord): boolean {
  return record.conflict === null && record.revision > record.syncedRevision;
}

function contentOf(key: string, server: ServerDraft): DraftContent | null {
  return server.data === null ? null : parseDraftData(key, server.data);
}
