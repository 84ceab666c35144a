import { execFileSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { VOTE_STATEMENTS } from '../../../server/src/awards/vote-store';
import { sessionUser } from '../../../server/src/db/account-event-store';
import type { Slot } from '../../../server/src/db/compiled-query';
import type { Db } from '../../../server/src/db/database';
import type { Schema } from '../../../server/src/db/schema';
import type { BenchEngine } from '../engines';

// What the same-SQL baseline (bare-store-vote-server.ts) is given: the SQL text of every statement
// the real server's query layer sends for a vote, compiled from the store's own builders by the
// engine's Kysely dialect (so it cannot drift from the store), and a copy of the real server's
// database after the set-up.

/** One statement: its SQL text and, per placeholder, a named value of the call or a constant. */
export interface StatementTemplate {
  sql: string;
  slots: Slot[];
}

const STATEMENTS = { sessionUser, ...VOTE_STATEMENTS };

/** The baseline's set-up file (its path in BARE_STORE_SETUP). */
export interface SameSqlSetup {
  engine: BenchEngine;
  sqliteFile?: string;
  postgresUrl?: string;
  /** Connections in the PostgreSQL pool: the real server's. */
  poolSize: number;
  programmeId: string;
  statements: Record<keyof typeof STATEMENTS, StatementTemplate>;
}

/** A Kysely that only compiles, in the engine's dialect. */
function compiler(engine: BenchEngine): Db {
  return new Kysely<Schema>({
    dialect:
      engine === 'sqlite'
        ? { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() }
        : { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
}

/** Every statement of a vote as the engine's dialect compiles it. */
export function voteStatements(engine: BenchEngine): SameSqlSetup['statements'] {
  const db = compiler(engine);
  return Object.fromEntries(
    Object.entries(STATEMENTS).map(([name, statement]) => {
      const { compiled, slots } = statement.template(db, engine);
      return [name, { sql: compiled.sql, slots }];
    }),
  ) as SameSqlSetup['statements'];
}

/** Copies a live SQLite database to `to` (one consistent snapshot, VACUUM INTO). */
export function copySqlite(from: string, to: string): void {
  const db = new BetterSqlite3(from, { readonly: true });
  try {
    db.prepare('VACUUM INTO ?').run(to);
  } finally {
    db.close();
  }
}

/** Copies a PostgreSQL database's schema and rows into an empty one (pg_dump piped into psql, as an operator would). */
export function copyPostgres(fromUrl: string, toUrl: string): void {
  const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', '--dbname', fromUrl], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('psql', ['--quiet', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--dbname', toUrl], { input: dump, stdio: ['pipe', 'ignore', 'pipe'] });
}
