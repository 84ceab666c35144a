import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db, Engine } from './database';
import { directSqlite, isSqliteBusy } from './sqlite-dialect';

/** What a compiled query's parameter is: a named value of each run, or a constant of the query. */
export type Slot = { name: string } | { value: unknown };

/** A query as one engine compiled it, with where each run's values go. */
export interface Template {
  compiled: CompiledQuery;
  slots: Slot[];
}

/** A query compiled once per engine: run it with a call's values, or read what it compiled to. */
export interface CompiledStatement<P, O> {
  (db: Db, engine: Engine, values: P): Promise<O[]>;
  /** The SQL text and parameter slots the engine's dialect gives (the bench's bare baseline runs the same text). */
  template(db: Db, engine: Engine): Template;
}

/** The placeholder standing for `name` while the query is built (a string no caller sends). */
const placeholder = (name: string) => `\u0000yunzhan-param:${name}\u0000`;

/**
 * A query on a hot path (a vote, a session lookup), built and compiled by Kysely once per engine
 * and then run with each call's values. Kysely builds a query's immutable tree and compiles it
 * to SQL on every call, which on SQLite costs more than running the statement; this keeps one
 * compiled text per engine (so SQLite's statement cache is hit too) and swaps the values in.
 *
 * `build` receives placeholders for the named values and must use each of them as a value
 * (a parameter of the compiled SQL), the same way whatever the values are: anything that changes
 * the shape of the query (an optional condition, an array's length) needs a query of its own.
 * Values the builder writes itself stay constants of the query. Checked when first compiled: a
 * name that does not come out as a parameter throws.
 *
 * On SQLite the statement runs on the driver's handle directly whenever that is the same as
 * running it through Kysely (directSqlite): Kysely's executor allocates more per call than a
 * vote's statements cost.
 */
export function compiledQuery<P extends Record<string, unknown>, O>(
  names: readonly (keyof P & string)[],
  build: (db: Db, engine: Engine, p: P) => Compilable<O>,
): CompiledStatement<P, O> {
  const templates = new Map<Engine, Template>();
  const template = (db: Db, engine: Engine): Template => {
    let t = templates.get(engine);
    if (t) return t;
    const stand = Object.fromEntries(names.map((n) => [n, placeholder(n)])) as unknown as P;
    const compiled = build(db, engine, stand).compile();
    const byPlaceholder = new Map(names.map((n) => [placeholder(n), n]));
    const slots = compiled.parameters.map((v): Slot => (typeof v === 'string' && byPlaceholder.has(v) ? { name: byPlaceholder.get(v)! } : { value: v }));
    const used = new Set(slots.flatMap((s) => ('name' in s ? [s.name] : [])));
    const unused = names.filter((n) => !used.has(n));
    if (unused.length > 0) throw new Error(`compiledQuery: ${unused.join(', ')} did not come out as parameters of ${compiled.sql}`);
    templates.set(engine, (t = { compiled, slots }));
    return t;
  };
  // SQLite: the statement prepared once per handle (a process may hold several databases).
  const prepared = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();
  const statementOn = (raw: BetterSqlite3.Database) => {
    let stmt = prepared.get(raw);
    if (!stmt) prepared.set(raw, (stmt = raw.prepare(templates.get('sqlite')!.compiled.sql)));
    return stmt;
  };
  const run = async (db: Db, engine: Engine, values: P) => {
    const { compiled, slots } = template(db, engine);
    const parameters = slots.map((s) => ('name' in s ? values[s.name] : s.value));
    const raw = directSqlite(db);
    if (raw) {
      try {
        const stmt = statementOn(raw);
        return (stmt.reader ? stmt.all(...parameters) : (stmt.run(...parameters), [])) as O[];
      } catch (err) {
        // Refused before it did anything: Kysely's connection waits for the lock and runs it again.
        if (db.isTransaction || !isSqliteBusy(err)) throw err;
      }
    }
    const result = await db.executeQuery<O>({ ...compiled, parameters } as CompiledQuery<O>);
    return result.rows;
  };
  return Object.assign(run, { template });
}
