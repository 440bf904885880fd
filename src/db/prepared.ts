import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Where a parameter goes while a prepared query is built: its position among the arguments. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query Kysely builds and compiles once, run with new values each time. Kysely builds a query's
 * tree and compiles it to SQL on every call, which costs more CPU than the rest of the request path
 * for the queries every Slack request runs (the replay check, the reader's roles, `/so status`'s
 * case); their SQL never changes, only the values do.
 *
 * `build` gets one stand-in per argument and must pass each as a value Kysely sends as a parameter
 * (`where(col, '=', x)`, `values({ col: x })`): not to a function of it, not as a list (`in`). That
 * is checked when the query is first compiled: a stand-in missing from the parameters throws.
 */
export function prepared<DB, A extends unknown[], O>(build: (db: Kysely<DB>, ...args: A) => Compilable<O>): (db: Kysely<DB>, ...args: A) => Promise<QueryResult<O>> {
  let compiled: CompiledQuery<O> | null = null;
  return (db, ...args) => {
    if (!compiled) {
      const slots = args.map((_, i) => new Slot(i)) as A;
      compiled = build(db, ...slots).compile();
      const used = new Set(compiled.parameters.flatMap((p) => (p instanceof Slot ? [p.index] : [])));
      const missing = slots.findIndex((_, i) => !used.has(i));
      if (missing >= 0) throw new Error(`prepared query: argument ${missing} is not sent as a parameter of ${compiled.sql}`);
    }
    const { sql, query, queryId, parameters } = compiled;
    return db.executeQuery<O>({ sql, query, queryId, parameters: parameters.map((p) => (p instanceof Slot ? args[p.index] : p)) });
  };
}
