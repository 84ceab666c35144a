import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '@yunzhan/server';
import { openDatabase, type Database } from '../server/src/db/database';
import { createStore } from '../server/src/db/db-store';
import { schemaTables } from '../server/src/db/db-copy';
import { MIGRATIONS } from '../server/src/db/migrations';
import { createTestDatabase, type TestDatabase } from '../server/src/db/test-postgres';

// `npm run db -- migrate | status | copy`, run as the operator runs it (a separate process), on a
// SQLite file the real server seeded (demo accounts, events, exhibition, works, award programme)
// plus sessions, chat and award audit rows, and on fresh PostgreSQL databases.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-db-cli-'));
const dataDir = path.join(root, '.data');
const sqliteFile = path.join(dataDir, 'yunzhan.sqlite');
const databases: TestDatabase[] = [];
const FUTURE = '2999-01-01T00:00:00.000Z';

/** Runs the CLI with `args`; `env` replaces the database variables (none set: the DATA_DIR file). */
function db(args: string[], env: Record<string, string> = {}, viaNpm = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _url, DATABASE_FILE: _file, ...rest } = process.env;
  const child = viaNpm
    ? spawn('npm', ['run', '--silent', 'db', '--', ...args], { cwd: ROOT, env: { ...rest, DATA_DIR: dataDir, ...env } })
    : spawn(process.execPath, ['--import', 'tsx', 'server/src/db/db-cli.ts', ...args], { cwd: ROOT, env: { ...rest, DATA_DIR: dataDir, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function freshPostgres(label: string): Promise<TestDatabase> {
  const created = await createTestDatabase(label);
  databases.push(created);
  return created;
}

/** Every row of every table, as comparable data: each row's source columns, rows sorted. */
async function contents(database: Database, columnsOf: (table: string) => string[]): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const table of schemaTables()) {
    const columns = columnsOf(table);
    const rows = await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>).selectFrom(table).select(columns).execute();
    all[table] = rows.map((r) => JSON.stringify(columns.map((c) => r[c]))).sort();
  }
  return all;
}

let auditHighWater = 0;

beforeAll(async () => {
  // The real server seeds the file: demo accounts and events, the exhibition's works, the award programme.
  const server = await startServer(
    loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'admin-test-password', HOST_PASSWORD: 'host-test-password', REHEARSAL: 'off', RTMP_PORT: 'off', SRT_PORT: 'off', MEDIASOUP_WORKERS: '1' }),
    { logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }) },
  );
  await server.demoExhibition;
  await server.close();

  const database = await openDatabase({ sqliteFile });
  const store = createStore(database);
  const admin = (await store.users.byUsername('admin'))!;
  await store.sessions.create('session-hash-1', admin.id, FUTURE);
  const event = (await store.events.list())[0]!;
  const now = new Date().toISOString();
  for (let seq = 1; seq <= 3; seq++) {
    await database.db
      .insertInto('chat_messages')
      .values({ id: `m${seq}`, channel: `event:${event.id}`, seq, user_id: admin.id, display_name: 'Admin', text: `message ${seq}`, reply_to: null, danmaku: null, client_id: null, created_at: now, badge: null })
      .execute();
  }
  // AUTOINCREMENT never reuses an id, even a deleted one: the copy's sequence must not either.
  const programme = await database.db.selectFrom('award_programmes').select('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 3; i++) {
    await database.db.insertInto('award_audit').values({ programme_id: programme.id, at: now, actor_id: admin.id, action: 'test', entry_id: null, category_id: null, detail: '{}' }).execute();
  }
  const { max } = await database.db.selectFrom('award_audit').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
  auditHighWater = Number(max);
  await database.db.deleteFrom('award_audit').where('id', '=', auditHighWater).execute();
  await database.close();
});

afterAll(async () => {
  for (const d of databases) await d.drop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('npm run db -- status and migrate', () => {
  it('lists every migration of the server’s SQLite file as applied, through the npm script', async () => {
    const { code, stdout } = await db(['status'], {}, true);
    expect(code).toBe(0);
    expect(stdout).toContain(`SQLite at ${sqliteFile}`);
    const lines = stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(MIGRATIONS.length);
    for (const [i, m] of MIGRATIONS.entries()) expect(lines[i]).toMatch(new RegExp(`^\\s*${m.id}  \\d{4}-\\d\\d-\\d\\dT\\S+\\s+${m.name.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('shows a fresh PostgreSQL database all pending, applies every migration once, then has nothing to apply', async () => {
    const target = await freshPostgres('cli-migrate');
    const before = await db(['status'], { DATABASE_URL: target.url });
    expect(before.code).toBe(0);
    const whenApplied = (stdout: string) => stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[1]);
    expect(whenApplied(before.stdout)).toEqual(MIGRATIONS.map(() => 'pending'));

    const applied = await db(['migrate'], { DATABASE_URL: target.url });
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim().split('\n').slice(1)).toEqual(MIGRATIONS.map((m) => `Applied ${m.id}: ${m.name}`));

    const after = await db(['status'], { DATABASE_URL: target.url });
    for (const when of whenApplied(after.stdout)) expect(when).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await db(['migrate'], { DATABASE_URL: target.url })).stdout).toContain(`Nothing to apply: all ${MIGRATIONS.length} migrations are applied.`);
  });

  it('says in one line that DATABASE_URL cannot be used, and exits 1', async () => {
    const { code, stderr } = await db(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^db: DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:1\/none: .*ECONNREFUSED/)]);
  });

  it('answers a bad command line with the usage and exit code 2', async () => {
    for (const args of [['nonsense'], [], ['copy', '--from', sqliteFile], ['copy', '--from', path.join(root, 'missing.sqlite'), '--to', 'postgres://x@127.0.0.1/y'], ['copy', '--from', sqliteFile, '--to', 'mysql://x@y/z'], ['copy', '--bogus']]) {
      const { code, stderr } = await db(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain('Usage: npm run db -- <command>');
    }
  });
});

describe('npm run db -- copy', () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await freshPostgres('cli-copy');
  });

  it('copies every table into an empty PostgreSQL database, counts matching, and the stores there return the same data', async () => {
    const { code, stdout, stderr } = await db(['copy', '--from', sqliteFile, '--to', target.url]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const counts = Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => /^(\w+)\s+(\d+)\s+(\d+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, [Number(m[2]), Number(m[3])]]),
    );
    expect(Object.keys(counts).sort()).toEqual(schemaTables());
    for (const [table, [source, copied]] of Object.entries(counts)) expect(copied, table).toBe(source);
    // The seed filled the tables this test reads, so equal counts are not zeros.
    for (const table of ['users', 'sessions', 'events', 'event_hosts', 'assets', 'works', 'exhibitions', 'published_works', 'award_programmes', 'award_audit', 'chat_messages']) {
      expect(counts[table]![0], table).toBeGreaterThan(0);
    }

    const source = await openDatabase({ sqliteFile, migrate: false });
    const copied = await openDatabase({ url: target.url });
    try {
      const sourceColumns = (table: string) => (source.sqlite!.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map((c) => c.name);
      expect(await contents(copied, sourceColumns)).toEqual(await contents(source, sourceColumns));

      // Tables that PostgreSQL gives a `rowid` identity (to list rows in the order written, as
      // SQLite's rowid does) list them in the same order after the copy.
      const { rows: withRowid } = await sql<{ table: string }>`
        SELECT table_name AS table FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'rowid'`.execute(copied.db);
      for (const { table } of withRowid) {
        const order = (d: Database) => sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY rowid`.execute(d.db);
        const key = sourceColumns(table);
        const rowsOf = async (d: Database) => (await order(d)).rows.map((r) => JSON.stringify(key.map((c) => r[c])));
        expect(await rowsOf(copied), table).toEqual(await rowsOf(source));
      }

      const [from, to] = [createStore(source), createStore(copied)];
      expect(await to.users.list()).toEqual(await from.users.list());
      expect(await to.users.staff()).toEqual(await from.users.staff());
      expect(await to.events.list()).toEqual(await from.events.list());
      expect((await to.sessions.user('session-hash-1', new Date().toISOString()))?.username).toBe('admin');

      // The identity goes on after SQLite's high-water mark, the deleted last id included.
      const programme = await copied.db.selectFrom('award_programmes').select('id').executeTakeFirstOrThrow();
      const inserted = await copied.db
        .insertInto('award_audit')
        .values({ programme_id: programme.id, at: new Date().toISOString(), actor_id: 'x', action: 'after-copy', entry_id: null, category_id: null, detail: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBe(auditHighWater + 1);
      await copied.db.deleteFrom('award_audit').where('action', '=', 'after-copy').execute();
    } finally {
      await source.close();
      await copied.close();
    }
  });

  it('refuses a target that already has rows, naming them, and leaves it as it was', async () => {
    const count = async () => {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        return Number((await client.query('SELECT count(*) AS n FROM users')).rows[0].n);
      } finally {
        await client.end();
      }
    };
    const before = await count();
    const { code, stderr } = await db(['copy', '--from', sqliteFile, '--to', target.url]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^db: The target .* already has rows \(in .*users.*\); copy only into an empty database\n$/);
    expect(await count()).toBe(before);
  });

  it('exits 1 and keeps nothing when a table’s count differs after copying', async () => {
    const lossy = await freshPostgres('cli-lossy');
    expect((await db(['migrate'], { DATABASE_URL: lossy.url })).code).toBe(0);
    // A trigger that silently drops every other chat message: the copy must notice.
    const client = new pg.Client({ connectionString: lossy.url });
    await client.connect();
    try {
      await client.query(`
        CREATE FUNCTION drop_odd() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.seq % 2 = 1 THEN RETURN NULL; END IF; RETURN NEW; END $$;
        CREATE TRIGGER lossy BEFORE INSERT ON chat_messages FOR EACH ROW EXECUTE FUNCTION drop_odd();`);
      const { code, stdout, stderr } = await db(['copy', '--from', sqliteFile, '--to', lossy.url]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^chat_messages\s+3\s+1 {2}MISMATCH$/m);
      expect(stderr).toContain('row counts differ; the copy was rolled back and the target left empty');
      const { rows } = await client.query(`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM events) + (SELECT count(*) FROM chat_messages) AS n`);
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await client.end();
    }
  });
});

