// A last-moment copy of unsaved draft changes in localStorage. Leaving the page (reload, closing
// the window) starts an IndexedDB write that the browser may cut short when the old page goes
// away: in Chromium with a slowed CPU, 3 of 12 reloads right after typing lost the last words
// (e2e/specs/drafts.spec.ts saw it once unthrottled). localStorage writes synchronously, so the
// words are kept, and the next start puts them into IndexedDB. One journal per composer database
// (so per account); entries leave it once IndexedDB holds them or the draft is gone.
import type { DraftContent } from './draft-content';

export type JournalEntry = { key: string; content: DraftContent; at: number };

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<JournalEntry>;
  return typeof e.key === 'string' && typeof e.at === 'number' && typeof e.content === 'object';
}

/** The browser's localStorage when there is one (not in some workers and test environments). */
export function defaultJournalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled by policy: the journal is off, IndexedDB still saves as before.
    return null;
  }
}

export class UnloadJournal {
  private readonly storageKey: string;

  constructor(
    private readonly storage: Storage | null,
    databaseName: string,
  ) {
    this.storageKey = `foyer.unload-journal:${databaseName}`;
  }

  read(): JournalEntry[] {
    if (!this.storage) return [];
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return [];
    }
  }

  /** Adds or replaces entries by key. Synchronous, so it completes inside pagehide. */
  write(entries: JournalEntry[]): void {
    if (!this.storage || entries.length === 0) return;
    const keys = new Set(entries.map((e) => e.key));
    this.save([...this.read().filter((e) => !keys.has(e.key)), ...entries]);
  }

  /** Drops a key's entry, unless it was written after `upTo` (a later leave of the page). */
  drop(key: string, upTo = Infinity): void {
    if (!this.storage) return;
    const entries = this.read();
    const kept = entries.filter((e) => e.key !== key || e.at > upTo);
    if (kept.length !== entries.length) this.save(kept);
  }

  private save(entries: JournalEntry[]): void {
    try {
      if (entries.length === 0) this.storage?.removeItem(this.storageKey);
      else this.storage?.setItem(this.storageKey, JSON.stringify(entries));
    } catch {
      // Quota exceeded: IndexedDB's write is still under way; nothing better can be done now.
    }
  }
}
