// The outbox: Send writes the message to IndexedDB first (with a fresh idempotency key, in the
// same transaction that takes its draft away), then waits out the undo window, then POSTs. A
// network failure keeps the message queued and retried with backoff and on `online` events; the
// Idempotency-Key header is the same on every attempt, so a retry after a lost response never
// posts twice. A rejected send (4xx) stays visible until the person retries, edits or discards it.
// Only one tab drains at a time (Web Locks when the browser has them).
import { browserSaysOnline } from '../api/connectivity';
import type { AxiosInstance } from 'axios';
import { isRetryable, toApiError } from '../api/api-error';
import {
  createPost,
  schedulePost,
  type CreatedPost,
  type PostFields,
  type ScheduledPost,
} from '../api/posts';
import type { DraftContent } from '../drafts/draft-content';
import type { DraftStore } from '../drafts/draft-store';
import type { ComposerDb, OutboxEntry } from '../drafts/local-db';
import { DEFAULT_UNDO_SECONDS } from './send-settings';

export type DeliveryResult =
  { kind: 'posted'; post: CreatedPost } | { kind: 'scheduled'; scheduled: ScheduledPost };

export type OutboxEvent =
  | { type: 'changed' }
  | { type: 'delivered'; id: string; draftKey: string; result: DeliveryResult }
  | { type: 'failed'; id: string; message: string };

/** The subset of the Web Locks API the outbox uses (navigator.locks). */
export type LockRequester = {
  request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
};

export type OutboxOptions = {
  db: ComposerDb;
  getHttp: () => Promise<AxiosInstance>;
  drafts: DraftStore;
  undoMs?: () => number;
  now?: () => number;
  isOnline?: () => boolean;
  locks?: LockRequester | null;
  /** Delay before the n-th retry (n ≥ 1). */
  backoffMs?: (attempt: number) => number;
  /** Drain on timers by itself; tests drive drain() instead. */
  autoDrain?: boolean;
};

export type SendRequest = {
  fields: PostFields;
  draftKey: string;
  content: DraftContent;
  /** ISO time: the backend sends it then ("Send later"). */
  sendAt?: string | null;
};

// Per database, so tabs of the same account take turns and tabs of other accounts do not wait.
const lockName = (db: ComposerDb) => `foyer-outbox-drain:${db.name}`;
const channelName = (db: ComposerDb) => `foyer-outbox:${db.name}`;

function browserLocks(): LockRequester | null {
  // Web Locks are in Chromium (Electron) and modern browsers; jsdom and old engines lack them,
  // and then the in-process single-flight drain is the only guard.
  if (typeof navigator === 'undefined' || !('locks' in navigator) || !navigator.locks) return null;
  return navigator.locks as LockRequester;
}

export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(5 * 60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return base * (0.8 + Math.random() * 0.4);
}

export class Outbox {
  private readonly db: ComposerDb;
  private readonly getHttp: () => Promise<AxiosInstance>;
  private readonly drafts: DraftStore;
  private readonly undoMs: () => number;
  private readonly now: () => number;
  private readonly isOnline: () => boolean;
  private readonly locks: LockRequester | null;
  private readonly backoffMs: (attempt: number) => number;
  private readonly autoDrain: boolean;
  private readonly listeners = new Set<(event: OutboxEvent) => void>();
  private readonly inFlight = new Set<string>();
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private channel: BroadcastChannel | null = null;
  private stopped = false;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.getHttp = options.getHttp;
    this.drafts = options.drafts;
    this.undoMs = options.undoMs ?? (() => DEFAULT_UNDO_SECONDS * 1000);
    this.now = options.now ?? Date.now;
    this.isOnline = options.isOnline ?? browserSaysOnline;
    this.locks = options.locks !== undefined ? options.locks : browserLocks();
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.autoDrain = options.autoDrain ?? true;
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: OutboxEvent, broadcast = true): void {
    for (const listener of this.listeners) listener(event);
    if (broadcast && event.type === 'changed') this.channel?.postMessage('changed');
  }

  async list(): Promise<OutboxEntry[]> {
    const entries = await this.db.getAll('outbox');
    return entries.sort((a, b) => a.order - b.order);
  }

  async count(): Promise<number> {
    return this.db.count('outbox');
  }

  isSending(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Send: the message is in IndexedDB and its draft gone, in one transaction, before anything else. */
  async enqueue(request: SendRequest): Promise<OutboxEntry> {
    this.drafts.detach(request.draftKey);
    const tx = this.db.transaction(['outbox', 'drafts'], 'readwrite');
    const draft = await tx.objectStore('drafts').get(request.draftKey);
    // Messages leave in the order they were sent, even when two land in the same millisecond.
    const order = 1 + Math.max(0, ...(await tx.objectStore('outbox').getAll()).map((e) => e.order));
    const now = this.now();
    const entry: OutboxEntry = {
      id: crypto.randomUUID(),
      idempotencyKey: crypto.randomUUID(),
      createdAt: now,
      order,
      sendAfter: now + Math.max(0, this.undoMs()),
      sendAt: request.sendAt ?? null,
      fields: { ...request.fields, draft_key: request.draftKey },
      draft: { key: request.draftKey, content: request.content, sequence: draft?.sequence ?? null },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
    };
    await tx.objectStore('outbox').put(entry);
    await tx.objectStore('drafts').delete(request.draftKey);
    await tx.done;
    this.emit({ type: 'changed' });
    this.drafts.emit({ type: 'removed', key: request.draftKey });
    this.schedule();
    return entry;
  }

  /**
   * Takes a message back out of the outbox and makes it a draft again (Undo within the window,
   * or Edit of a failed message). Null when it is already on its way or gone.
   */
  async takeBack(id: string, opts: { onlyWithinUndoWindow: boolean }): Promise<OutboxEntry | null> {
    if (this.inFlight.has(id)) return null;
    const tx = this.db.transaction(['outbox', 'drafts'], 'readwrite');
    const entry = await tx.objectStore('outbox').get(id);
    if (
      !entry ||
      (opts.onlyWithinUndoWindow && (entry.status !== 'pending' || this.now() >= entry.sendAfter))
    ) {
      await tx.done;
      return null;
    }
    const drafts = tx.objectStore('drafts');
    const existing = await drafts.get(entry.draft.key);
    const record =
      existing ?? this.drafts.newRecord(entry.draft.key, entry.draft.content, entry.draft.sequence);
    if (existing) {
      record.content = entry.draft.content;
      record.revision += 1;
      record.updatedAt = this.now();
    }
    await drafts.put(record);
    await tx.objectStore('outbox').delete(id);
    await tx.done;
    this.emit({ type: 'changed' });
    this.drafts.emit({ type: 'replaced', key: entry.draft.key, content: entry.draft.content });
    this.drafts.sync.schedule(entry.draft.key);
    return entry;
  }

  undo(id: string): Promise<OutboxEntry | null> {
    return this.takeBack(id, { onlyWithinUndoWindow: true });
  }

  edit(id: string): Promise<OutboxEntry | null> {
    return this.takeBack(id, { onlyWithinUndoWindow: false });
  }

  /** A failed message goes back in the queue with the same idempotency key. */
  async retry(id: string): Promise<void> {
    await this.update(id, (entry) => {
      entry.status = 'pending';
      entry.nextAttemptAt = this.now();
      entry.lastError = null;
    });
    await this.drain({ ignoreBackoff: true });
  }

  async discard(id: string): Promise<void> {
    if (this.inFlight.has(id)) return;
    const entry = await this.db.get('outbox', id);
    if (!entry) return;
    await this.db.delete('outbox', id);
    await this.drafts.forgetSent(entry.draft.key, entry.createdAt);
    this.emit({ type: 'changed' });
  }

  private async update(id: string, change: (entry: OutboxEntry) => void): Promise<OutboxEntry | undefined> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const entry = await tx.store.get(id);
    if (entry) {
      change(entry);
      await tx.store.put(entry);
    }
    await tx.done;
    this.emit({ type: 'changed' });
    return entry;
  }

  /** Sends every message that is due. Concurrent calls share one pass; tabs take turns. */
  drain(opts: { ignoreBackoff?: boolean } = {}): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    const run = async () => {
      do {
        this.drainAgain = false;
        await (this.locks
          ? this.locks.request(lockName(this.db), () => this.drainPass(opts))
          : this.drainPass(opts));
      } while (this.drainAgain);
    };
    this.draining = run().finally(() => {
      this.draining = null;
      this.schedule();
    });
    return this.draining;
  }

  private async drainPass(opts: { ignoreBackoff?: boolean }): Promise<void> {
    // Read under the lock: another tab may have delivered or taken back messages meanwhile.
    for (const entry of await this.list()) {
      if (!this.isOnline()) return;
      const now = this.now();
      if (entry.status !== 'pending' || now < entry.sendAfter) continue;
      if (!opts.ignoreBackoff && now < entry.nextAttemptAt) continue;
      await this.deliver(entry);
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    // Re-read: an Undo may have removed it between listing and now.
    if (!(await this.db.get('outbox', entry.id))) return;
    this.inFlight.add(entry.id);
    this.emit({ type: 'changed' }, false);
    try {
      const http = await this.getHttp();
      const result: DeliveryResult = entry.sendAt
        ? {
            kind: 'scheduled',
            scheduled: await this.scheduleOnce(http, entry, entry.sendAt),
          }
        : { kind: 'posted', post: await createPost(http, entry.fields, entry.idempotencyKey) };
      await this.db.delete('outbox', entry.id);
      this.inFlight.delete(entry.id);
      this.emit({ type: 'changed' });
      this.emit({ type: 'delivered', id: entry.id, draftKey: entry.draft.key, result });
      await this.drafts.forgetSent(entry.draft.key, entry.createdAt);
    } catch (error) {
      const failure = toApiError(error, 'Sending');
      this.inFlight.delete(entry.id);
      await this.update(entry.id, (e) => {
        e.attempts += 1;
        e.lastError = failure.message;
        if (isRetryable(failure)) {
          e.nextAttemptAt = this.now() + this.backoffMs(e.attempts);
        } else {
          e.status = 'failed';
        }
      });
      if (!isRetryable(failure)) this.emit({ type: 'failed', id: entry.id, message: failure.message });
    }
  }

  /**
   * Send later with the entry's Idempotency-Key, as for sending now: a retry after a lost answer
   * gets the first scheduled post back. The draft key is left out: the outbox removes the draft
   * itself, and a key stored with the schedule would make the forum drop whatever draft has that
   * key at send time.
   */
  private scheduleOnce(http: AxiosInstance, entry: OutboxEntry, sendAt: string): Promise<ScheduledPost> {
    const { draft_key: _omitted, ...fields } = entry.fields;
    return schedulePost(http, fields, sendAt, entry.idempotencyKey);
  }

  /** One timer for the next message that becomes due. */
  private schedule(): void {
    if (!this.autoDrain || this.stopped) return;
    void this.list()
      .then((entries) => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        const due = entries
          .filter((e) => e.status === 'pending' && !this.inFlight.has(e.id))
          .map((e) => Math.max(e.sendAfter, e.nextAttemptAt));
        if (due.length === 0) return;
        const wait = Math.max(0, Math.min(...due) - this.now());
        this.timer = setTimeout(() => this.drainInBackground(), wait);
      })
      .catch(() => {
        // The database is closing; the next start() schedules again.
      });
  }

  /** Timer- and event-driven drains: failures are already recorded per message. */
  private drainInBackground(opts: { ignoreBackoff?: boolean } = {}): void {
    this.drain(opts).catch(() => {
      // Only a database failure gets here; the periodic pass tries again.
    });
  }

  /** Drains on reconnect, on a slow periodic pass and when another tab changes the outbox. */
  start(target: Window = window): () => void {
    this.stopped = false;
    const online = () => this.drainInBackground({ ignoreBackoff: true });
    target.addEventListener('online', online);
    const periodic = setInterval(() => this.drainInBackground(), 30_000);
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(channelName(this.db));
      this.channel.onmessage = () => {
        this.emit({ type: 'changed' }, false);
        this.schedule();
      };
    }
    this.drainInBackground();
    return () => {
      this.stopped = true;
      target.removeEventListener('online', online);
      clearInterval(periodic);
      if (this.timer) clearTimeout(this.timer);
      this.channel?.close();
      this.channel = null;
    };
  }
}
