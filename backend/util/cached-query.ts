// Hot queries of a fixed shape, built and compiled by Kysely once per dialect and then run
// with new parameters: building and compiling a query cost more than running most of our
// small ones (the database keeps the prepared statement, keyed by the same SQL text).
// Inside a transaction they skip Kysely's executor too and run the prepared statement
// directly: the transaction holds the one connection, and the executor's promise hops per
// statement cost more than the statement itself.
import {
  sql,
  type CompiledQuery,
  type Compilable,
  type Kysely,
  type RawBuilder,
  type RootOperationNode,
} from 'kysely';
import { statementCacheOf } from '../db/database';

/** Stands for the i-th argument (or its property `prop`) while the query is built; compiled as a parameter. */
class Slot {
  constructor(
    readonly index: number,
    readonly prop?: string,
  ) {}
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

interface Template {
  sql: string;
  query: RootOperationNode;
  /** Per compiled parameter: the argument (or argument's property) it takes, or a constant of the query. */
  params: ({ arg: number; prop?: string } | { value: unknown })[];
}

/** A query builder, or a raw sql`` query (for statements Kysely cannot build, e.g. on FTS5 tables). */
type Buildable<R> = Compilable<R> | RawBuilder<R>;

const templates = new WeakMap<object, Map<string, Template>>();

/** The compiled template under `key`, built (with slots for the arguments) on first use. */
function templateFor<DB, R, A extends unknown[]>(
  db: Kysely<DB>,
  key: string,
  build: (db: Kysely<DB>, ...args: A) => Buildable<R>,
  args: A,
): Template {
  const adapter = db.getExecutor().adapter;
  let byKey = templates.get(adapter);
  if (!byKey) templates.set(adapter, (byKey = new Map()));
  let template = byKey.get(key);
  if (!template) {
    const slots = args.map((a, i) =>
      isPlainObject(a) ? Object.fromEntries(Object.keys(a).map((k) => [k, new Slot(i, k)])) : new Slot(i),
    ) as unknown as A;
    // A raw sql`` query compiles against the database it is given; a query builder ignores it.
    const compiled = (build(db, ...slots) as RawBuilder<R>).compile(db);
    template = {
      sql: compiled.sql,
      query: compiled.query,
      params: compiled.parameters.map((p) =>
        p instanceof Slot
          ? { arg: p.index, ...(p.prop !== undefined ? { prop: p.prop } : {}) }
          : { value: p },
      ),
    };
    byKey.set(key, template);
  }
  return template;
}

type Statement = ReturnType<NonNullable<ReturnType<typeof statementCacheOf>>>;
type RowFactory = (values: unknown[]) => Record<string, unknown>;
const rowFactories = new WeakMap<Statement, RowFactory>();

/**
 * A function that turns one raw row (an array of values, in column order) into the object
 * better-sqlite3 would build. better-sqlite3 builds each row in C++, one property at a time
 * through V8's slow path; a literal with the statement's columns is built in JS at full speed
 * (profiled: building rows was a tenth of the main thread's time in an email burst). Column
 * names come from our own SQL; JSON.stringify quotes them. A name given twice keeps its last
 * value, as better-sqlite3's objects do.
 */
function rowFactoryOf(stmt: Statement): RowFactory {
  let make = rowFactories.get(stmt);
  if (!make) {
    const fields = stmt.columns().map((c, i) => `${JSON.stringify(c.name)}: v[${i}]`);
    make = new Function('v', `return { ${fields.join(', ')} };`) as RowFactory;
    rowFactories.set(stmt, make);
  }
  return make;
}

/** The rows of a reading statement, as objects (see rowFactoryOf). */
function allRows(stmt: Statement, parameters: unknown[]): unknown[] {
  const make = rowFactoryOf(stmt);
  // Raw mode is the statement's state, shared with Kysely's driver (same cache): set it only
  // for this call.
  stmt.raw(true);
  try {
    return (stmt.all(parameters) as unknown[][]).map(make);
  } finally {
    stmt.raw(false);
  }
}

function parametersOf(template: Template, args: readonly unknown[]): unknown[] {
  return template.params.map((p) => {
    if (!('arg' in p)) return p.value;
    const a = args[p.arg];
    return p.prop === undefined ? a : (a as Record<string, unknown>)[p.prop];
  });
}

/**
 * Runs `build(db, ...args)` as a compiled query cached under `key`. The builder must use its
 * arguments only as values (no branching on them, no lists): everything that changes the SQL
 * text belongs in the key. A plain-object argument (an insert's row) stands for its
 * properties, each a value; its set of properties must then be the same on every call.
 */
export async function runCached<DB, R, A extends unknown[]>(
  db: Kysely<DB>,
  key: string,
  build: (db: Kysely<DB>, ...args: A) => Buildable<R>,
  ...args: A
): Promise<R[]> {
  const template = templateFor(db, key, build, args);
  const parameters = parametersOf(template, args);
  if (db.isTransaction) {
    const prepare = statementCacheOf(db);
    if (prepare) {
      const stmt = prepare(template.sql);
      if (stmt.reader) return allRows(stmt, parameters) as R[];
      stmt.run(parameters);
      return [];
    }
  }
  const query: CompiledQuery<R> = {
    sql: template.sql,
    query: template.query,
    parameters,
    queryId: { queryId: key },
  } as CompiledQuery<R>;
  return (await db.executeQuery(query)).rows;
}

/** Rows per statement in runCachedRows: a few compiled shapes, not one per count. */
const ROWS_PER_STATEMENT = 32;

/**
 * A multi-row statement (an INSERT of `rows`) through runCached, in chunks of at most
 * ROWS_PER_STATEMENT rows, each shape compiled once under `${key}:${count}`.
 */
export async function runCachedRows<DB, Row extends object>(
  db: Kysely<DB>,
  key: string,
  rows: readonly Row[],
  build: (db: Kysely<DB>, ...values: Row[]) => Buildable<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await runCached(db, `${key}:${chunk.length}`, build, ...chunk);
  }
}

/**
 * A cached read run at once, on the connection as it is: it sees the writes of a transaction
 * another flow has open (no waiting for it to finish). For reads where that is harmless (a
 * record that exists once written). Undefined when the database has no statement cache
 * (callers then use runCached).
 */
export function readCachedNow<DB, R, A extends unknown[]>(
  db: Kysely<DB>,
  key: string,
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
  ...args: A
): R[] | undefined {
  const prepare = statementCacheOf(db);
  if (!prepare) return undefined;
  const template = templateFor(db, key, build, args);
  const stmt = prepare(template.sql);
  if (!stmt.reader) throw new Error(`readCachedNow runs reads only: ${key}`);
  return allRows(stmt, parametersOf(template, args)) as R[];
}

/**
 * Runs a statement without parameters or results (SAVEPOINT, RELEASE, …): directly inside a
 * transaction, as runCached does, else through Kysely.
 */
export async function runStatement<DB>(db: Kysely<DB>, text: string): Promise<void> {
  const prepare = db.isTransaction ? statementCacheOf(db) : undefined;
  if (prepare) prepare(text).run();
  else await sql.raw(text).execute(db);
}
