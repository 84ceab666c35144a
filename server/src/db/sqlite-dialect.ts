import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import type { Db } from './database';

// SQLite under the query layer: the busy handling (waits on timers, not in SQLite's handler),
// BEGIN IMMEDIATE transactions, one prepared statement per SQL text, and the handle a hot
// statement may run on directly (directSqlite).

/** How long a statement waits for another connection's write lock, in ms. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Whether an error is SQLite's "database is locked" (another connection holds the write lock). */
export const isSqliteBusy = (err: unknown): boolean => typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Runs `fn`, which uses the SQLite handle directly (migrations, health, a copy's source), with
 * SQLite's own busy handler waiting up to SQLITE_BUSY_TIMEOUT_MS for another connection's write
 * lock. Outside it the handle's busy_timeout is 0: the query layer's statements wait on timers
 * instead (waitingConnection).
 */
export function withBusyWaits<T>(raw: BetterSqlite3.Database, fn: () => T): T {
  raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  try {
    return fn();
  } finally {
    raw.pragma('busy_timeout = 0');
  }
}

/**
 * Runs the query layer's statements so that waiting for another connection's write lock sleeps on
 * a timer instead of in SQLite's busy handler: that one blocks the event loop, so a second handle
 * in this process (a test's second node) could never let the lock holder finish its transaction.
 * The handle's busy_timeout is 0 (openSqlite), so a locked database answers SQLITE_BUSY at once
 * and the statement is tried again after a short sleep; an autocommit statement refused so has
 * done nothing. Inside a transaction the lock is held already (BEGIN IMMEDIATE) and statements
 * run as they are.
 */
function waitingConnection(inner: DatabaseConnection, raw: BetterSqlite3.Database): DatabaseConnection {
  return {
    async executeQuery<R>(query: CompiledQuery) {
      if (raw.inTransaction) return inner.executeQuery<R>(query);
      const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
      for (let attempt = 0; ; attempt++) {
        try {
          return await inner.executeQuery<R>(query);
        } catch (err) {
          if (!isSqliteBusy(err) || Date.now() >= deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 20) * (0.5 + Math.random())));
        }
      }
    },
    streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
  };
}

/**
 * SQLite's transactions start with BEGIN IMMEDIATE: the write lock is taken at once, so two
 * processes on one file wait for each other instead of failing to upgrade a read.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  #connection?: DatabaseConnection;
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly raw: BetterSqlite3.Database,
  ) {
    super(config);
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#connection ??= waitingConnection(connection, this.raw);
    return this.#connection;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: ConstructorParameters<typeof SqliteDialect>[0],
    private readonly raw: BetterSqlite3.Database,
  ) {
    super(config);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.config, this.raw);
  }
  override createAdapter() {
    return new DirectSqliteAdapter(this.raw);
  }
}

/**
 * SQLite's adapter, carrying the handle under it so that a hot statement (compiledQuery) can run
 * on it without Kysely's executor (directSqlite). The adapter is shared by the database's Kysely
 * instance and every transaction on it.
 */
class DirectSqliteAdapter extends SqliteAdapter {
  constructor(readonly raw: BetterSqlite3.Database) {
    super();
  }
}

/**
 * The better-sqlite3 handle under `db` when a statement may run straight on it, skipping Kysely's
 * executor (which costs more than the statement on a vote's path), with the same effect as running
 * it through Kysely; null when not:
 * - PostgreSQL: always null.
 * - In a transaction (`db.isTransaction`): the handle is the transaction's one connection, its
 *   BEGIN IMMEDIATE ran, and the statement is part of it, as through Kysely. (A transaction used
 *   after its end is Kysely's to refuse: null.)
 * - Outside one: only while no transaction is open on the handle (another request's, waiting on
 *   an await), so the statement runs in autocommit mode. Through Kysely it would wait for that
 *   transaction to end, so null then. A statement refused with SQLITE_BUSY (another process
 *   holds the write lock) has done nothing; the caller runs it through Kysely, which waits.
 */
export function directSqlite(db: Db): BetterSqlite3.Database | null {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof DirectSqliteAdapter)) return null;
  // A transaction whose BEGIN has not run or whose COMMIT has, or another request's transaction.
  return db.isTransaction === adapter.raw.inTransaction ? adapter.raw : null;
}

/** Statements prepared once per SQL text (Kysely prepares each query anew); bounded. */
export function cachingDatabase(raw: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = raw.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}
