import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

// Profiling aid for benches that run the real server in their own process: counts the SQL the
// process sends, by statement text, with the time each took (pg: from the call to the answer,
// so a round trip and the wait for the socket; better-sqlite3: the synchronous call). It wraps
// the drivers' own methods (pg.Client#query and #connect, counted as `(new PostgreSQL connection)`; better-sqlite3's Statement run/get/all/iterate and
// Database pragma/exec) for this process only; nothing in the server changes.

/** One statement text's count and time. */
export interface QueryCount {
  sql: string;
  count: number;
  ms: number;
}

const counts = new Map<string, QueryCount>();
let counting = false;
let installed = false;

function record(sql: string, ms: number): void {
  if (!counting) return;
  const text = sql.replace(/\s+/g, ' ').trim();
  const c = counts.get(text);
  if (c) {
    c.count += 1;
    c.ms += ms;
  } else counts.set(text, { sql: text, count: 1, ms });
}

function install(): void {
  if (installed) return;
  installed = true;
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const query = pg.Client.prototype.query as unknown as Query;
  (pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const sql = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '?');
    const t0 = performance.now();
    const result = query.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => record(sql, performance.now() - t0),
        () => record(sql, performance.now() - t0),
      );
    }
    return result;
  };
  type Connect = (this: pg.Client, ...args: unknown[]) => unknown;
  const connect = pg.Client.prototype.connect as unknown as Connect;
  (pg.Client.prototype as unknown as { connect: Connect }).connect = function (this: pg.Client, ...args: unknown[]) {
    const t0 = performance.now();
    const done = (err?: unknown) => record(err ? '(failed PostgreSQL connection)' : '(new PostgreSQL connection)', performance.now() - t0);
    // pg-pool connects with a callback; others await the promise.
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (err: unknown, ...rest: unknown[]) => {
        done(err);
        return (callback as (...a: unknown[]) => unknown)(err, ...rest);
      };
    }
    const result = connect.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(() => done(), done);
    return result;
  };
  const probe = new BetterSqlite3(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const inner = statement[method]!;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return inner.apply(this, args);
      } finally {
        record(this.source, performance.now() - t0);
      }
    };
  }
  const database = BetterSqlite3.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['pragma', 'exec']) {
    const inner = database[method]!;
    database[method] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return inner.apply(this, args);
      } finally {
        record(`${method === 'pragma' ? 'PRAGMA ' : ''}${String(args[0])}`, performance.now() - t0);
      }
    };
  }
}

/** Starts counting (from zero) in this process. */
export function startCountingQueries(): void {
  install();
  counts.clear();
  counting = true;
}

/** Stops counting; the statements counted, most frequent first. */
export function stopCountingQueries(): QueryCount[] {
  counting = false;
  return [...counts.values()].sort((a, b) => b.count - a.count || b.ms - a.ms);
}
