// Writes a transaction may hold back until just before its commit. The email receiver writes
// a batch of emails in one transaction, each in a savepoint; some writes cost far more one at a
// time inside those savepoints than together at the end:
// - the full-text index: FTS5 writes its pending terms out as a new segment whenever a
//   savepoint or a statement journal opens after it was touched, so each email cost a segment
//   (and its merging), paid by the statement after it;
// - live events, jobs and notifications: a few multi-row inserts for the batch instead of one
//   or two per email.
// Deferred writes of one kind run in the order they were made, inside the same transaction, so
// they commit or roll back with everything else. A savepoint rolled back discards those made
// since it opened (withSavepoint in email/inbound/staged-cleanup.ts keeps the marks).
import type { Db } from './database';

/** A kind of write that can wait: its `flush` writes any number of them, in order. */
export interface DeferrableWrite<T> {
  /** Writes the items now, or holds them back when `db` is a deferring transaction. */
  write(db: Db, items: readonly T[]): Promise<void>;
}

interface Entry {
  flush: (db: Db, items: readonly unknown[]) => Promise<void>;
  item: unknown;
}

const deferring = new WeakMap<Db, Entry[]>();

export function deferrableWrite<T>(
  flush: (db: Db, items: readonly T[]) => Promise<void>,
): DeferrableWrite<T> {
  const run = flush as Entry['flush'];
  return {
    async write(db, items) {
      const entries = deferring.get(db);
      if (!entries) return flush(db, items);
      for (const item of items) entries.push({ flush: run, item });
    },
  };
}

/** From now until flushDeferredWrites, `trx` holds back the deferrable writes made through it. */
export function deferWrites(trx: Db): void {
  deferring.set(trx, []);
}

/** Where `db`'s deferred writes stand, for discardWritesSince (0 when it defers none). */
export function deferredWritesMark(db: Db): number {
  return deferring.get(db)?.length ?? 0;
}

/** A savepoint opened at `mark` was rolled back: the writes deferred since go with it. */
export function discardWritesSince(db: Db, mark: number): void {
  const entries = deferring.get(db);
  if (entries && entries.length > mark) entries.length = mark;
}

/**
 * Runs `trx`'s deferred writes (outside any savepoint, before its commit) and stops deferring.
 * Each kind's writes run together, in the order they were made: the kinds write different
 * tables, so only the order within a kind matters, and together they make few multi-row inserts.
 */
export async function flushDeferredWrites(trx: Db): Promise<void> {
  const entries = deferring.get(trx) ?? [];
  deferring.delete(trx);
  const byKind = new Map<Entry['flush'], unknown[]>();
  for (const { flush, item } of entries) {
    const items = byKind.get(flush);
    if (items) items.push(item);
    else byKind.set(flush, [item]);
  }
  for (const [flush, items] of byKind) await flush(trx, items);
}
