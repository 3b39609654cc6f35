// Changes on their way to IndexedDB. Each reaches it at most `saveDelayMs` after it was made,
// even while typing continues; whatever has not arrived when the page is left (still waiting,
// or its write still under way) goes synchronously into the unload journal (unload-journal.ts),
// and the next start puts it back. What a write does with the content is the DraftStore's.
import type { DraftContent } from './draft-content';
import type { DraftRecord } from './local-db';
import type { JournalEntry, UnloadJournal } from './unload-journal';

export type DraftSaveQueueOptions = {
  /** Writes one draft's content to IndexedDB. */
  persist: (key: string, content: DraftContent) => Promise<void>;
  /** A delayed write failed; nobody awaits it, so this is the only one to hear of it. */
  onWriteFailed: (key: string, error: unknown) => void;
  journal: UnloadJournal;
  saveDelayMs: number;
  now: () => number;
};

export class DraftSaveQueue {
  private readonly pending = new Map<
    string,
    { content: DraftContent | (() => DraftContent); timer: ReturnType<typeof setTimeout> }
  >();
  private readonly writes = new Set<Promise<void>>();
  /** Content handed to IndexedDB whose write has not finished, by key. */
  private readonly inFlight = new Map<string, DraftContent>();

  constructor(private readonly options: DraftSaveQueueOptions) {}

  /**
   * Puts back the words the last page journaled on its way out. A journaled version wins only
   * where IndexedDB has nothing as recent (its write was cut short).
   */
  async recover(get: (key: string) => Promise<DraftRecord | undefined>): Promise<void> {
    const { journal, persist } = this.options;
    for (const entry of journal.read()) {
      try {
        const record = await get(entry.key);
        if (!record || record.updatedAt < entry.at) await persist(entry.key, entry.content);
        journal.drop(entry.key, entry.at);
      } catch {
        // IndexedDB refused: the entry stays for the next start.
      }
    }
  }

  /**
   * Records a change. The content may be a function, read only when it is written: turning a
   * long editor document into markdown costs milliseconds, too much for every keystroke.
   */
  change(key: string, content: DraftContent | (() => DraftContent)): void {
    const pending = this.pending.get(key);
    if (pending) {
      pending.content = content;
      return;
    }
    const timer = setTimeout(() => {
      this.writePending(key).catch((error: unknown) => this.options.onWriteFailed(key, error));
    }, this.options.saveDelayMs);
    this.pending.set(key, { content, timer });
  }

  /** Writes every pending change (or `key`'s) now, and waits for all writes under way. */
  async flush(key?: string): Promise<void> {
    const keys = key === undefined ? [...this.pending.keys()] : [key];
    await Promise.all(keys.map((k) => this.writePending(k)));
    await Promise.all([...this.writes]);
  }

  /** Forgets a key's unsaved changes, journaled ones included. */
  drop(key: string): void {
    const pending = this.pending.get(key);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(key);
    this.inFlight.delete(key);
    this.options.journal.drop(key);
  }

  /**
   * The page is being left: the IndexedDB write may not finish before it goes, so the journal
   * is written at once, and cleared again when the write did finish.
   */
  leavePage(): void {
    const journaled = this.journalPending();
    this.flush().then(
      () => journaled.forEach((entry) => this.options.journal.drop(entry.key, entry.at)),
      () => undefined, // not saved: the journal keeps the words for the next start
    );
  }

  private writePending(key: string): Promise<void> {
    const pending = this.pending.get(key);
    if (!pending) return Promise.resolve();
    clearTimeout(pending.timer);
    this.pending.delete(key);
    const content = typeof pending.content === 'function' ? pending.content() : pending.content;
    // Until IndexedDB confirms, the content counts as unsaved (the journal takes it on leaving).
    this.inFlight.set(key, content);
    const write = this.options.persist(key, content).finally(() => {
      this.writes.delete(write);
      if (this.inFlight.get(key) === content) this.inFlight.delete(key);
    });
    this.writes.add(write);
    return write;
  }

  /**
   * Unsaved changes into the journal, synchronously: those waiting for the save delay and those
   * whose IndexedDB write is still under way (it may be cut short too).
   */
  private journalPending(): JournalEntry[] {
    const at = this.options.now();
    const entries: JournalEntry[] = [];
    for (const [key, pending] of this.pending) {
      // Read once: the IndexedDB write that follows uses the same content.
      if (typeof pending.content === 'function') pending.content = pending.content();
      entries.push({ key, content: pending.content, at });
    }
    for (const [key, content] of this.inFlight)
      if (!this.pending.has(key)) entries.push({ key, content, at });
    this.options.journal.write(entries);
    return entries;
  }
}
