// Opens the forum's SQLite file: WAL for concurrent readers, foreign keys on, a busy
// timeout so the admin CLI can write while the server runs, then runs pending migrations.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type QueryExecutor } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './schema';
import { migrations } from './migrations/index';

export type Db = Kysely<Database>;

/** Prepares (or finds in the cache) a statement on a database's one connection. */
export type PrepareStatement = (sql: string) => BetterSqlite3.Statement;

// Each open database's statement cache, by its Kysely adapter: the adapter is created once per
// Kysely instance and shared by every transaction started from it, so a transaction finds the
// cache of the connection it holds.
const statementCaches = new WeakMap<object, PrepareStatement>();

/**
 * The statement cache behind `db`, for code that runs fixed statements directly (synchronously)
 * instead of through Kysely's executor; undefined for a Kysely instance not opened here.
 * Only safe where nothing else can be using the connection in between: inside a transaction
 * that `db` is (it holds the one connection), or for a read that may see another flow's
 * uncommitted writes.
 */
export function statementCacheOf(db: { getExecutor(): QueryExecutor }): PrepareStatement | undefined {
  return statementCaches.get(db.getExecutor().adapter);
}

export interface OpenedDatabase {
  db: Db;
  sqlite: BetterSqlite3.Database;
  file: string;
  close(): Promise<void>;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Kysely prepares every query afresh and better-sqlite3 keeps no cache, so preparing cost more
 * than running most of our small queries. Statements are reusable and the one connection runs
 * one query at a time, so a bounded cache keyed by SQL text is safe.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 2000) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (stmt) {
        // Refresh its place so the least recently used statement is evicted first.
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'foyer.sqlite');
}

export async function openDatabase(dataDir: string): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const file = databaseFile(dataDir);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  const cache = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cache }) });
  statementCaches.set(db.getExecutor().adapter, cache.prepare);
  const { error, results } = await new Migrator({
    db,
    provider,
    // Migrations are numbered by the branch that wrote them, so a later-numbered one can land
    // first; each creates its own tables, so applying a lower number afterwards is safe.
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`Could not migrate ${file}: ${failed?.migrationName ?? ''} ${String(error)}`);
  }
  return { db, sqlite, file, close: () => db.destroy() };
}
