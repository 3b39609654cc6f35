// Hot queries of a fixed shape, built and compiled by Kysely once per dialect and then run
// with new parameters: building and compiling a query cost more than running most of our
// small ones (the database keeps the prepared statement, keyed by the same SQL text).
import type { CompiledQuery, Compilable, Kysely, RootOperationNode } from 'kysely';

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

const templates = new WeakMap<object, Map<string, Template>>();

/**
 * Runs `build(db, ...args)` as a compiled query cached under `key`. The builder must use its
 * arguments only as values (no branching on them, no lists): everything that changes the SQL
 * text belongs in the key. A plain-object argument (an insert's row) stands for its
 * properties, each a value; its set of properties must then be the same on every call.
 */
export async function runCached<DB, R, A extends unknown[]>(
  db: Kysely<DB>,
  key: string,
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
  ...args: A
): Promise<R[]> {
  const executor = db.getExecutor();
  let byKey = templates.get(executor.adapter);
  if (!byKey) templates.set(executor.adapter, (byKey = new Map()));
  let template = byKey.get(key);
  if (!template) {
    const slots = args.map((a, i) =>
      isPlainObject(a) ? Object.fromEntries(Object.keys(a).map((k) => [k, new Slot(i, k)])) : new Slot(i),
    ) as unknown as A;
    const compiled = build(db, ...slots).compile();
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
  const parameters = template.params.map((p) => {
    if (!('arg' in p)) return p.value;
    const a = args[p.arg];
    return p.prop === undefined ? a : (a as Record<string, unknown>)[p.prop];
  });
  const query: CompiledQuery<R> = {
    sql: template.sql,
    query: template.query,
    parameters,
    queryId: { queryId: key },
  } as CompiledQuery<R>;
  return (await db.executeQuery(query)).rows;
}
