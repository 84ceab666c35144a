import { createTestDatabase, ensurePostgres, type TestDatabase, type TestPostgres } from '../../server/src/db/test-postgres';
import fs from 'node:fs';
import { cpuSeconds, startedAtSeconds, uptimeSeconds } from './proc';

/** The database engines a bench section runs on. */
export type BenchEngine = 'sqlite' | 'postgres';

const ENGINES: readonly BenchEngine[] = ['sqlite', 'postgres'];

/** BENCH_ENGINES (comma-separated, default `sqlite,postgres`), in that order. */
export function benchEngines(env: NodeJS.ProcessEnv = process.env): BenchEngine[] {
  const asked = (env.BENCH_ENGINES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((e) => !(ENGINES as readonly string[]).includes(e));
  if (unknown.length > 0) throw new Error(`BENCH_ENGINES: unknown engine(s) ${unknown.join(', ')}; known: ${ENGINES.join(', ')}`);
  return asked.length === 0 ? [...ENGINES] : ENGINES.filter((e) => asked.includes(e));
}

/** Name of an engine in the printed tables. */
export const engineName = (engine: BenchEngine) => (engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');

let found: Promise<TestPostgres> | undefined;

/**
 * A fresh, empty PostgreSQL database for one server of a bench (drop it afterwards). The service at
 * 127.0.0.1:5432 when it answers, else a throwaway cluster (test-postgres.ts), found once per run.
 */
export async function benchDatabase(label: string): Promise<TestDatabase> {
  found ??= ensurePostgres().then((p) => {
    // createTestDatabase reads it, so that it does not look for (or start) a second cluster.
    process.env.TEST_POSTGRES_URL = p.adminUrl;
    return p;
  });
  await found;
  return createTestDatabase(`bench_${label}`);
}

/** The admin URL of the PostgreSQL the bench databases are on (after benchDatabase). */
export async function benchPostgresAdminUrl(): Promise<string> {
  if (!found) throw new Error('no bench PostgreSQL yet: call benchDatabase first');
  return (await found).adminUrl;
}

/** Stops the throwaway cluster, if the bench had to start one. */
export async function stopBenchPostgres(): Promise<void> {
  const p = await found;
  found = undefined;
  await p?.stop();
}

/** Pids of the PostgreSQL backends connected to `database` (their process title names it). */
function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split(/[\0 ]/).includes(database)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** The backends each database had at its last full look (meterPostgresCpu's end). */
const knownBackends = new Map<string, number[]>();

/**
 * CPU of the PostgreSQL backends serving one database (a URL or a name), from now: call the
 * result at the end for % of one core. Other databases' clients (other tests on the same server)
 * and the server's shared processes (WAL writer, checkpointer) are not counted. A backend started
 * in between counts from its start; one that ended in between is lost.
 *
 * The start reads only the backends found at this database's last end, when there was one: the
 * full look through /proc takes milliseconds of this process, and the vote storm's Yunzhan server
 * runs in this process, so a look when its slice begins would hold up its first requests. The
 * end looks at every process; a backend not known at the start counts whole if it started after
 * the start, and is left out if it was older (it sat idle between the two looks).
 */
export function meterPostgresCpu(database: string): () => number {
  const name = database.includes('://') ? decodeURIComponent(new URL(database).pathname.slice(1)) : database;
  const at = performance.now();
  const since = uptimeSeconds();
  const start = new Map((knownBackends.get(name) ?? backendPids(name)).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  return () => {
    const now = backendPids(name);
    knownBackends.set(name, now);
    let used = 0;
    for (const pid of now) {
      const before = start.get(pid) ?? ((startedAtSeconds(pid) ?? 0) >= since ? 0 : undefined);
      if (before !== undefined) used += (cpuSeconds(pid) ?? before) - before;
    }
    return (used / ((performance.now() - at) / 1000)) * 100;
  };
}
