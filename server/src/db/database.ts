import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResult, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { AppError } from '@yunzhan/shared';
import { translateConnectionFailure } from './database-unavailable';
import { MIGRATIONS, type Migration } from './migrations';
import type { Schema } from './schema';
import { WalCheckpointer } from './wal-checkpointer';
import { ImmediateSqliteDialect, cachingDatabase, withBusyWaits } from './sqlite-dialect';

/** The engines the data layer runs on. */
export type Engine = 'sqlite' | 'postgres';

/** A query executor: the database itself or a transaction on it. */
export type Db = Kysely<Schema>;

/** An open database: the Kysely handle and what it runs on. */
export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Where it is, for logs and /healthz (a file, or host:port/database without credentials). */
  readonly location: string;
  /** The thread that checkpoints a SQLite file's WAL (SQLite files only). */
  readonly walCheckpointer?: WalCheckpointer;
  /** The better-sqlite3 handle (SQLite only): migrations and pragmas need it. */
  readonly sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** The configuration is unusable (a DATABASE_URL with an unknown scheme, bad credentials, no server). */
export class DatabaseConfigError extends AppError {
  constructor(message: string) {
    super('DATABASE_CONFIG', message);
  }
}

/** What to open: PostgreSQL when `url` is set, else the SQLite file. */
export interface OpenOptions {
  /** DATABASE_URL: `postgres://` or `postgresql://`. */
  url?: string;
  /** SQLite file (or `:memory:`) when there is no url. */
  sqliteFile?: string;
  /** Run pending migrations after opening. Default true. */
  migrate?: boolean;
  /** Connections in the PostgreSQL pool. Default 10. */
  poolSize?: number;
}

/** Opens the database the options name, checks it answers, and migrates it. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options.poolSize ?? 10) : openSqlite(options.sqliteFile ?? ':memory:');
  if (options.migrate !== false) {
    try {
      await migrateDatabase(database);
    } catch (err) {
      await database.close().catch(() => undefined);
      throw err;
    }
  }
  return database;
}

/** `host:port/database` of a PostgreSQL URL, without user or password. Throws DATABASE_CONFIG on another scheme. */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError('DATABASE_URL is not a URL; expected postgres://user@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseConfigError(`DATABASE_URL has the scheme "${parsed.protocol.replace(/:$/, '')}"; only postgres:// and postgresql:// are supported (leave it unset for SQLite)`);
  }
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
}

// PostgreSQL's int8 (COUNT, SUM of integers) and numeric come back as strings from pg; every
// figure we store fits a double, so they are read as numbers, as SQLite gives them.
const PG_NUMBER_TYPES = new Set([20, 1700]);
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (PG_NUMBER_TYPES.has(oid) && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Longest a statement may run on PostgreSQL, in ms (migrations included: each is one transaction of DDL). */
const PG_STATEMENT_TIMEOUT_MS = 60_000;
/** Longest a PostgreSQL session may sit idle inside a transaction, in ms. */
const PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const location = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes as pg.CustomTypesConfig,
    // A server that does not answer is unavailable after 5 s, not a hang.
    connectionTimeoutMillis: 5_000,
    // TCP keepalives find a connection a firewall or a failover cut silently while it sat idle.
    keepAlive: true,
    // No request waits on one statement for longer than this (a lock held by a stuck node, a
    // runaway query): it fails instead, and the transaction rolls back.
    statement_timeout: PG_STATEMENT_TIMEOUT_MS,
    // A node that dies or hangs inside a transaction does not hold its locks for longer than this.
    idle_in_transaction_session_timeout: PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: 'yunzhan',
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the
  // process. The next query finds out and answers DATABASE_UNAVAILABLE.
  pool.on('error', () => undefined);
  // A checked-out client emits 'error' too when its connection drops (pg-pool listens only while it
  // is idle); its queries reject with the error and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseConfigError(`DATABASE_URL: cannot use PostgreSQL at ${location}: ${(err as Error).message}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: translatingPool(pool) }) });
  return {
    db,
    engine: 'postgres',
    location,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * The pool as Kysely sees it, with pg's connection failures (refused, cut, timed out, server
 * shutting down) thrown as DATABASE_UNAVAILABLE. pg-pool drops a broken client when it is released,
 * so once the server is back the next connect succeeds: no restart needed.
 */
function translatingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((...args: Parameters<pg.PoolClient['query']>) => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      // The cursor form returns the cursor itself; only promises carry errors to translate.
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(translateConnectionFailure(err))) : result;
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw translateConnectionFailure(err);
      }
      // The same wrapper for the same client: Kysely keeps per-client state keyed by it.
      let w = wrapped.get(client);
      if (!w) wrapped.set(client, (w = wrap(client)));
      return w;
    },
    end: () => pool.end(),
  };
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // Statements of the query layer wait for a locked database on timers (waitingConnection);
  // direct uses of the handle ask for SQLite's own wait (withBusyWaits).
  raw.pragma('busy_timeout = 0');
  // A file's WAL is checkpointed by a thread of its own, not inside whichever COMMIT fills it.
  const checkpointer =
    file === ':memory:'
      ? undefined
      : new WalCheckpointer(raw, file, {
          onFallback: (err) => process.emitWarning(`SQLite WAL checkpoints are back on the server's connection: ${err.message}`, { code: 'YUNZHAN_WAL_CHECKPOINT' }),
        });
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: cachingDatabase(raw) }, raw) });
  return {
    db,
    engine: 'sqlite',
    location: file,
    sqlite: raw,
    ...(checkpointer ? { walCheckpointer: checkpointer } : {}),
    async close() {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

/** Runs `fn` in a transaction, or in the caller's when `db` already is one. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Kysely's name of a migration: its number, zero-padded so that names sort in order. */
export const migrationName = (id: number): string => String(id).padStart(4, '0');

/** The SQL of a migration on an engine (PostgreSQL: its own text, or the portable one with PostgreSQL's type names). */
export function migrationSql(m: Migration, engine: Engine): string {
  if (engine === 'sqlite') return m.sql;
  if (m.postgres !== undefined) return m.postgres;
  return m.sql
    .replace(/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bREAL\b/g, 'DOUBLE PRECISION');
}

/** Applies one migration on SQLite the documented way (see Migration.rebuildsTables). */
function applySqlite(raw: BetterSqlite3.Database, m: Migration): void {
  const foreignKeys = raw.pragma('foreign_keys', { simple: true }) as number;
  if (m.rebuildsTables) raw.pragma('foreign_keys = OFF');
  try {
    raw.transaction(() => {
      raw.exec(m.sql);
      if (m.rebuildsTables) {
        const broken = raw.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`Migration ${m.id} (${m.name}) would break ${broken.length} foreign key(s)`);
      }
    })();
  } finally {
    if (m.rebuildsTables) raw.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

function migrator(database: Database, migrations: readonly Migration[]): Migrator {
  return new Migrator({
    db: database.db,
    provider: {
      async getMigrations() {
        return Object.fromEntries(
          migrations.map((m) => [
            migrationName(m.id),
            {
              async up(db: Kysely<unknown>) {
                if (database.engine === 'sqlite') withBusyWaits(database.sqlite!, () => applySqlite(database.sqlite!, m));
                // pg runs a parameterless text as one simple query, several statements included.
                else await sql.raw(migrationSql(m, 'postgres')).execute(db);
              },
            },
          ]),
        );
      },
    },
  });
}

/**
 * SQLite files from before the query layer recorded their migrations in `schema_migrations`;
 * they are copied into Kysely's table once, so the file upgrades in place.
 */
function adoptLegacySqliteLog(raw: BetterSqlite3.Database): void {
  const legacy = raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!legacy) return;
  raw.exec('CREATE TABLE IF NOT EXISTS kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)');
  raw.transaction(() => {
    const rows = raw.prepare('SELECT id, applied_at FROM schema_migrations').all() as { id: number; applied_at: string }[];
    const insert = raw.prepare('INSERT OR IGNORE INTO kysely_migration (name, timestamp) VALUES (?, ?)');
    for (const r of rows) insert.run(migrationName(r.id), r.applied_at);
    raw.exec('DROP TABLE schema_migrations');
  })();
}

/**
 * Applies the pending migrations, in order. On PostgreSQL the whole run holds an advisory lock
 * and one transaction, so nodes starting together migrate once; on SQLite each migration has its
 * own transaction. Returns the numbers applied; throws with the failing one named.
 */
export async function migrateDatabase(database: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  if (database.engine === 'sqlite') withBusyWaits(database.sqlite!, () => adoptLegacySqliteLog(database.sqlite!));
  const { error, results } = await migrator(database, migrations).migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => Number(r.migrationName));
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const m = failed ? migrations.find((x) => migrationName(x.id) === failed.migrationName) : undefined;
    throw new AppError('MIGRATION_FAILED', `Migration ${m ? `${m.id} (${m.name})` : ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return applied;
}

/** Every migration with whether and when it was applied. */
export async function migrationStatus(
  database: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ id: number; name: string; appliedAt: string | null }[]> {
  if (database.engine === 'sqlite') withBusyWaits(database.sqlite!, () => adoptLegacySqliteLog(database.sqlite!));
  const infos = await migrator(database, migrations).getMigrations();
  const applied = new Map(infos.map((i) => [i.name, i.executedAt?.toISOString() ?? null]));
  return migrations.map((m) => ({ id: m.id, name: m.name, appliedAt: applied.get(migrationName(m.id)) ?? null }));
}

export type { MigrationResult };
