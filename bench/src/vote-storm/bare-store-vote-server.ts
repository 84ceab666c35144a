import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { phaseAt, type AwardSchedule } from '@yunzhan/shared';
import { hashToken, readVoteRequest, refuse, serveAnswers, voteAnswers, type Answer } from './bare-vote-http';
import type { SameSqlSetup, StatementTemplate } from './same-sql';

// The vote storm's same-SQL baseline: a bare node:http server running, on the driver alone, the
// very statements the real server's query layer sends for a vote (their SQL text compiled by
// Kysely from the store's own builders, same-sql.ts), on a copy of the real server's database
// taken after the set-up: the platform's schema (foreign keys, indexes), its accounts, sessions,
// programme, categories and entries. Per request: the session lookup, then one transaction (BEGIN
// IMMEDIATE on SQLite; BEGIN on PostgreSQL with the real pool's size) with the share-locked target
// reads, the look at the account's votes, the conditional insert and the votes up to the slot,
// as the award store does them. No express, no zod, no policy table, no rate limiter, no tallies.
// Run as its own process. Env: BARE_STORE_SETUP (a JSON SameSqlSetup).

const setup = JSON.parse(fs.readFileSync(process.env.BARE_STORE_SETUP!, 'utf8')) as SameSqlSetup;
const S = setup.statements;

/** A statement's parameters for a call: its named values in their slots, its constants as compiled. */
const parametersOf = (t: StatementTemplate, values: Record<string, unknown>) => t.slots.map((s) => ('name' in s ? values[s.name] : s.value));

/** What a transaction can run: a statement by name with its values. */
type Run = (name: keyof SameSqlSetup['statements'], values: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

interface Driver {
  run: Run;
  /** Runs `fn` in one transaction; a unique violation inside rolls it back and rethrows. */
  transaction<T>(fn: (run: Run) => Promise<T>): Promise<T>;
  count(): Promise<number>;
  close(): Promise<void>;
}

function sqliteDriver(file: string): Driver {
  const db = new Database(file);
  // The real store's pragmas (server/src/db/database.ts).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const prepared = Object.fromEntries(Object.entries(S).map(([name, t]) => [name, db.prepare(t.sql)]));
  const run: Run = async (name, values) => {
    const statement = prepared[name]!;
    const parameters = parametersOf(S[name], values);
    return statement.reader ? (statement.all(...parameters) as Record<string, unknown>[]) : (statement.run(...parameters), []);
  };
  const count = db.prepare<[], number>('SELECT count(*) FROM award_votes').pluck();
  return {
    run,
    async transaction(fn) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(run);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    count: async () => count.get()!,
    close: async () => void db.close(),
  };
}

function postgresDriver(url: string, poolSize: number): Driver {
  // int8 (COUNT) read as a number, as the real pool does.
  pg.types.setTypeParser(20, Number);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined);
  const on =
    (client: pg.Pool | pg.PoolClient): Run =>
    async (name, values) =>
      (await client.query({ text: S[name].sql, values: parametersOf(S[name], values) })).rows as Record<string, unknown>[];
  return {
    run: on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(on(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      } finally {
        client.release();
      }
    },
    count: async () => (await pool.query<{ n: number }>('SELECT count(*) AS n FROM award_votes')).rows[0]!.n,
    close: () => pool.end(),
  };
}

const driver = setup.engine === 'sqlite' ? sqliteDriver(setup.sqliteFile!) : postgresDriver(setup.postgresUrl!, setup.poolSize);
const programmeId = setup.programmeId;

/** The vote, as the award store casts it (vote-store.ts): look, refuse or replay, take the lowest free slot, answer with the votes up to it. */
async function vote(run: Run, userId: string, categoryId: string, entryId: string, key: string | null, limit: number): Promise<Answer> {
  for (let attempt = 0; attempt <= limit + 1; attempt++) {
    const look = { userId, programmeId, categoryId };
    const rows = (key === null ? await run('seenInCategory', look) : await run('seenWithKey', { ...look, key })) as {
      programme_id: string;
      category_id: string;
      entry_id: string;
      slot: number;
      idempotency_key: string | null;
    }[];
    const first = key === null ? undefined : rows.find((r) => r.idempotency_key === key);
    if (first) {
      if (first.programme_id !== programmeId || first.category_id !== categoryId || first.entry_id !== entryId) return voteAnswers.keyReused();
      await run('votesUpTo', { programmeId, categoryId, userId, slot: first.slot });
      return voteAnswers.replayed(categoryId, entryId);
    }
    const mine = rows.filter((r) => r.programme_id === programmeId && r.category_id === categoryId);
    if (mine.some((r) => r.entry_id === entryId)) return voteAnswers.alreadyVoted();
    if (mine.length >= limit) return voteAnswers.limit();
    const used = new Set(mine.map((r) => r.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const [inserted] = (await run('insertVote', { programmeId, categoryId, entryId, userId, slot, key, createdAt: new Date().toISOString() })) as { slot: number }[];
    if (inserted) {
      const upTo = (await run('votesUpTo', { programmeId, categoryId, userId, slot: Math.max(inserted.slot, ...used) })) as { entry_id: string }[];
      return voteAnswers.accepted(
        categoryId,
        entryId,
        upTo.map((r) => r.entry_id),
        limit,
      );
    }
  }
  throw new Error(`no slot for ${userId} after ${limit + 2} attempts`);
}

serveAnswers(
  async (req, body) => {
    if (req.method === 'GET' && req.url === '/count') return [200, { votes: await driver.count() }];
    if (req.method !== 'POST' || req.url !== '/votes') return refuse(404, 'NOT_FOUND');
    const read = readVoteRequest(req, body);
    if (Array.isArray(read)) return read;
    const [user] = await driver.run('sessionUser', { tokenHash: hashToken(read.token), now: new Date().toISOString() });
    if (!user) return refuse(401, 'UNAUTHENTICATED');
    return driver.transaction(async (run) => {
      const [category] = (await run('targetCategory', { programmeId, categoryId: read.categoryId })) as { votes_per_account: number }[];
      if (!category) return refuse(404, 'NOT_FOUND');
      const [target] = (await run('targetEntry', { programmeId, entryId: read.entryId })) as { category_id: string; status: string; schedule: string }[];
      if (!target || target.status !== 'active' || target.category_id !== read.categoryId) return refuse(404, 'NOT_FOUND');
      if (phaseAt(JSON.parse(target.schedule) as AwardSchedule, Date.now()) !== 'voting') return refuse(409, 'PHASE_CLOSED');
      return vote(run, user.id as string, read.categoryId, read.entryId, read.key, category.votes_per_account);
    });
  },
  () => driver.close(),
);
