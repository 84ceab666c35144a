import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '../../../server/src/db/test-postgres';
import { benchDatabase, benchEngines, benchPostgresAdminUrl, engineName, meterPostgresCpu, stopBenchPostgres, type BenchEngine } from '../engines';
import { cpuSeconds, listeningPort, spawnTs, stopChild } from '../proc';
import type { QueryCount } from '../query-counter';
import { logGc, logQueries, logTail, samplePostgresWaits } from './storm-profile';
import { buildStorm, buildWarmUp, type PlanCategory, type PlanExpectation, type StormPlan, type VoteRequest } from './plan';
import { STORM_PROGRAMME, countedVotes } from './storm-setup';
import { startYunzhan } from './yunzhan-process';
import { copyPostgres, copySqlite, voteStatements, type SameSqlSetup } from './same-sql';
import type { StormResult } from './vote-generator';

// `npm run bench` section "votes" (issues 6 and 11): a storm of 10,000 vote requests in under a
// minute from 2,000 accounts behind 400 simulated addresses against one node (the real server, in
// its own process as `npm start` runs it: yunzhan-vote-server.ts), sent by a load generator in its
// own process over keep-alive loopback HTTP with bounded concurrency, and the same storm against two bare node:http servers on the same engine:
// - the minimal one (bare-vote-server.ts on better-sqlite3, bare-pg-vote-server.ts on pg): its own
//   small schema with the same keys, and the fewest statements that keep them;
// - the same-SQL one (bare-store-vote-server.ts): the statements the real server's query layer
//   sends for a vote, compiled from the store's own builders (same-sql.ts), on a copy of the real
//   server's database taken after the set-up. The goal (issue 11: p99 within 1.5x) is against it:
//   it is what the platform's layers (express, zod, policy, limits, Kysely, services) add to the
//   same SQL on the same schema.
// The servers run side by side and get the storm in slices, in turn (minimal, same-SQL, Yunzhan,
// minimal, …): the machine's other work in those minutes falls on all alike. Once per engine:
// SQLite in a temporary folder, then PostgreSQL (fresh databases; pg Pools of the real server's
// size). Every answer is counted; accepted + rejected + replays must equal sent and accepted must
// equal what the server counts, or the bench throws.

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Knobs of the vote storm (environment variables in brackets). */
export interface VoteStormOptions {
  /** Voters [BENCH_VOTE_ACCOUNTS]; five requests each. Default 2000 (10,000 requests). */
  accounts: number;
  /** Accounts behind one simulated address. Default 5. */
  perAddress: number;
  /** Window the requests are spread over, in seconds [BENCH_VOTE_SECONDS]; 0: as fast as possible. Default 50. */
  seconds: number;
  /** Requests in flight at most [BENCH_VOTE_CONCURRENCY]. Default 64. */
  concurrency: number;
  /** Untimed votes before each server's storm, from accounts of their own [BENCH_VOTE_WARMUP]. Default 500. */
  warmup: number;
  /** Slices of the storm, sent to the bare server and to Yunzhan in turn [BENCH_VOTE_SLICES]. Default 20 (2.5 s each at the defaults). */
  slices: number;
  /** Engines, in order [BENCH_ENGINES]. Default SQLite, then PostgreSQL. */
  engines: BenchEngine[];
  /**
   * Profile the real server over its storm [BENCH_VOTE_PROFILE=1]: its SQL by statement, its GC
   * pauses, the bursts of slow requests, and a V8 CPU profile written to
   * bench/out/vote-storm-<engine>.cpuprofile (read it with profile-summary.ts). Default off (it costs a little).
   */
  profile: boolean;
  /**
   * Only the cheap part of the profile [BENCH_VOTE_PROFILE=gc]: the server's GC pauses and the
   * bursts of slow requests, without the CPU and heap profilers or the SQL counter, which slow the
   * server down themselves. Implied by `profile`.
   */
  watchGc: boolean;
}

/** One server's storm: the generator's figures, the server's CPU and its own count. */
export interface StormRun extends StormResult {
  /** CPU of the server process over the storm, % of one core. */
  serverCpu: number;
  /** Votes the server counted afterwards. */
  counted: number;
  /** The server's event-loop delay over the storm, in ms (Yunzhan only, measured in its process). */
  eventLoopDelayMs?: { p99: number; max: number };
  /** CPU of the PostgreSQL backends of this server's database over the storm, % of one core (PostgreSQL only). */
  databaseCpu?: number;
  /** With `profile`: the real server's statements over the storm, most frequent first. */
  queries?: QueryCount[];
}

/** One engine's pair of runs and what the plan says they must give. */
export interface EngineStorm {
  engine: BenchEngine;
  requests: number;
  expected: PlanExpectation;
  /** The minimal bare server: its own small schema and the fewest statements that keep the same keys. */
  bare: StormRun;
  /** The same-SQL bare server: the store's own statements on a copy of the real database, on the driver alone (the goal's baseline). */
  sameSql: StormRun;
  yunzhan: StormRun;
  /** Load average (1 min) when this engine's pair started. */
  loadAverage: number;
}

/** Every engine's runs. */
export interface VoteStormFigures {
  options: VoteStormOptions;
  rates: { user: { burst: number; perSecond: number }; address: { burst: number; perSecond: number } };
  loadAverage: { before: number[]; after: number[] };
  engines: EngineStorm[];
}

/** The options from the environment, with their defaults. */
export function voteStormOptions(env: NodeJS.ProcessEnv = process.env): VoteStormOptions {
  const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number(v) >= 0 ? Number(v) : d);
  return {
    accounts: num(env.BENCH_VOTE_ACCOUNTS, 2000),
    perAddress: 5,
    seconds: num(env.BENCH_VOTE_SECONDS, 50),
    concurrency: Math.max(1, num(env.BENCH_VOTE_CONCURRENCY, 64)),
    warmup: num(env.BENCH_VOTE_WARMUP, 500),
    slices: Math.max(1, num(env.BENCH_VOTE_SLICES, 20)),
    engines: benchEngines(env),
    profile: env.BENCH_VOTE_PROFILE === '1',
    watchGc: env.BENCH_VOTE_PROFILE === '1' || env.BENCH_VOTE_PROFILE === 'gc',
  };
}

/** How to meter one target of a storm: its process's CPU seconds so far, and its PostgreSQL database (URL) if any. */
interface Meter {
  serverCpu: () => number;
  database?: string;
}

/** One target's storm as measured here: CPU over its own slices, and when its slices ran (this process's clock, ms). */
type Measured = StormResult & { serverCpu: number; databaseCpu?: number; windows: { start: number; end: number; offset: number }[] };

/** Runs the generator on a plan; each target's CPU is summed over its own slices. */
async function storm(plan: StormPlan, dir: string, meters: Meter[]): Promise<Measured[]> {
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  const child = spawnTs(path.join(HERE, 'vote-generator.ts'), { VOTE_STORM_PLAN: file }, true);
  const acc = meters.map(() => ({ cpu: 0, database: 0, wall: 0, windows: [] as Measured['windows'], open: undefined as { at: number; cpu: number; database?: () => number } | undefined }));
  try {
    return await new Promise((resolve, reject) => {
      child.on('message', (m: { type: string; target?: number; phase?: string; results?: StormResult[]; message?: string }) => {
        if (m.type === 'slice') {
          const a = acc[m.target!]!;
          const meter = meters[m.target!]!;
          if (m.phase === 'start') a.open = { at: performance.now(), cpu: meter.serverCpu(), ...(meter.database ? { database: meterPostgresCpu(meter.database) } : {}) };
          else if (a.open) {
            const end = performance.now();
            const wall = (end - a.open.at) / 1000;
            a.windows.push({ start: a.open.at, end, offset: a.wall });
            a.cpu += meter.serverCpu() - a.open.cpu;
            if (a.open.database) a.database += (a.open.database() / 100) * wall;
            a.wall += wall;
            a.open = undefined;
          }
        } else if (m.type === 'result' && m.results) {
          resolve(
            m.results.map((r, t) => {
              const a = acc[t]!;
              return { ...r, serverCpu: (a.cpu / a.wall) * 100, windows: a.windows, ...(meters[t]!.database ? { databaseCpu: (a.database / a.wall) * 100 } : {}) };
            }),
          );
        } else if (m.type === 'error') reject(new Error(`vote generator failed: ${m.message}`));
      });
      child.once('exit', (code) => reject(new Error(`vote generator exited with ${code}`)));
    });
  } finally {
    await stopChild(child, 10_000);
  }
}

/** Throws unless the run's answers add up to what was sent and what the server counted. */
function reconcile(name: string, run: StormRun, requests: number, expected: PlanExpectation, log: (s: string) => void): void {
  const rejected = Object.values(run.rejected).reduce((a, b) => a + b, 0);
  const anomalies = Object.values(run.anomalies).reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  if (run.sent !== requests) problems.push(`sent ${run.sent} of the plan's ${requests}`);
  if (run.accepted + rejected + run.replays !== run.sent) problems.push(`accepted ${run.accepted} + rejected ${rejected} + replays ${run.replays} != sent ${run.sent}`);
  if (anomalies > 0) problems.push(`${anomalies} answers neither accepted, replayed nor refused: ${JSON.stringify(run.anomalies)} (first: ${run.firstAnomaly})`);
  if (run.accepted !== run.counted) problems.push(`accepted ${run.accepted} != counted ${run.counted}`);
  // With no rate limiting in the way, the plan fixes every total whatever the order of arrival.
  if (!run.rejected.RATE_LIMITED) {
    if (run.accepted !== expected.accepted) problems.push(`accepted ${run.accepted} != the plan's ${expected.accepted}`);
    if (run.replays !== expected.replays) problems.push(`replays ${run.replays} != the plan's ${expected.replays}`);
    if (JSON.stringify(Object.entries(run.rejected).sort()) !== JSON.stringify(Object.entries(expected.rejected).sort())) {
      problems.push(`rejected ${JSON.stringify(run.rejected)} != the plan's ${JSON.stringify(expected.rejected)}`);
    }
  } else log(`    ${name}: ${run.rejected.RATE_LIMITED} requests were rate limited; the plan's totals are not comparable, only the reconciliation`);
  if (problems.length > 0) throw new Error(`vote storm (${name}) does not reconcile:\n  ${problems.join('\n  ')}`);
  log(`    ${name}: reconciled — sent ${run.sent} = accepted ${run.accepted} + rejected ${rejected} + replays ${run.replays}; counted ${run.counted} = accepted`);
}

/** The untimed warm-up votes against a server, at the storm's rate; throws unless every one was accepted. Returns how many. */
async function warmUp(target: StormPlan['targets'][number], warm: VoteRequest[], options: VoteStormOptions, dir: string, meter: Meter): Promise<number> {
  if (warm.length === 0) return 0;
  const perSecond = options.seconds > 0 ? (options.accounts * 5) / options.seconds : 0;
  const [run] = await storm({ targets: [target], requests: warm, seconds: perSecond > 0 ? warm.length / perSecond : 0, concurrency: options.concurrency, slices: 1 }, dir, [meter]);
  if (run!.accepted !== warm.length) throw new Error(`vote storm warm-up: ${run!.accepted} of ${warm.length} accepted; refused ${JSON.stringify(run!.rejected)}, anomalies ${JSON.stringify(run!.anomalies)} (first: ${run!.firstAnomaly})`);
  return run!.accepted;
}

/** The bare baseline on an engine, running: its own process and database, with the same accounts (sessions) and entries. */
interface BareServer {
  target: StormPlan['targets'][number];
  meter: Meter;
  databaseName?: string;
  /** Votes it holds. */
  count(): Promise<number>;
  stop(): Promise<void>;
}

async function startBare(engine: BenchEngine, voters: { userId: string; token: string }[], categories: PlanCategory[], dir: string): Promise<BareServer> {
  const setup = path.join(dir, `bare-setup-${engine}.json`);
  fs.writeFileSync(setup, JSON.stringify({ sessions: voters.map((v) => ({ token: v.token, userId: v.userId })), categories }));
  const database = engine === 'postgres' ? await benchDatabase('bare_votes') : undefined;
  const server = database
    ? spawnTs(path.join(HERE, 'bare-pg-vote-server.ts'), { BARE_VOTE_DB_URL: database.url, BARE_VOTE_SETUP: setup }, false)
    : spawnTs(path.join(HERE, 'bare-vote-server.ts'), { BARE_VOTE_DB: path.join(dir, 'bare.sqlite'), BARE_VOTE_SETUP: setup }, false);
  return listeningBare(server, database, 'bare vote server');
}

/**
 * The same-SQL baseline on an engine, running: its own process on a copy of the real server's
 * database taken now (after the set-up, before any vote), running the store's own statements.
 */
async function startSameSql(engine: BenchEngine, real: { sqliteFile: string; postgresUrl?: string }, dir: string): Promise<BareServer> {
  const database = engine === 'postgres' ? await benchDatabase('same_sql_votes') : undefined;
  const sqliteFile = path.join(dir, 'same-sql.sqlite');
  try {
    if (database) copyPostgres(real.postgresUrl!, database.url);
    else copySqlite(real.sqliteFile, sqliteFile);
  } catch (err) {
    await database?.drop();
    throw err;
  }
  const setup: SameSqlSetup = {
    engine,
    ...(database ? { postgresUrl: database.url } : { sqliteFile }),
    // The real store's pool size (openDatabase's default).
    poolSize: 10,
    programmeId: STORM_PROGRAMME,
    statements: voteStatements(engine),
  };
  const file = path.join(dir, `same-sql-setup-${engine}.json`);
  fs.writeFileSync(file, JSON.stringify(setup));
  return listeningBare(spawnTs(path.join(HERE, 'bare-store-vote-server.ts'), { BARE_STORE_SETUP: file }, false), database, 'same-SQL vote server');
}

/** A bare server's process once it listens, with its database (dropped when it stops); stopped and dropped if it never listens. */
async function listeningBare(server: ChildProcess, database: TestDatabase | undefined, what: string): Promise<BareServer> {
  const stop = async () => {
    await stopChild(server, 10_000);
    await database?.drop();
  };
  try {
    const baseUrl = `http://127.0.0.1:${await listeningPort(server, what)}`;
    return {
      target: { baseUrl, path: '/votes' },
      meter: { serverCpu: () => cpuSeconds(server.pid!) ?? 0, ...(database ? { database: database.url } : {}) },
      ...(database ? { databaseName: database.name } : {}),
      count: async () => ((await (await fetch(`${baseUrl}/count`)).json()) as { votes: number }).votes,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The ten slowest requests of a run, as one line. */
const slowestOf = (r: StormResult) => r.slowestTen.map((s) => `${s.ms.toFixed(0)} @ ${s.atSeconds.toFixed(2)} #${s.index}`).join(', ');

type Rates = VoteStormFigures['rates'];

/** One engine: the real server on it, the programme and voters, the bare baseline's storm, then Yunzhan's. */
async function stormOn(engine: BenchEngine, options: VoteStormOptions, dir: string, log: (s: string) => void): Promise<EngineStorm & { rates: Rates }> {
  const name = engineName(engine);
  const loadAverage = os.loadavg()[0]!;
  log(`  ${name}: load average ${loadAverage.toFixed(1)}`);
  const database = engine === 'postgres' ? await benchDatabase('votes') : undefined;
  // The real server in its own process, as `npm start` runs it; the load generator speaks for 400
  // client addresses through X-Forwarded-For, as a proxy would. The programme through the HTTP
  // API, the voters through the server's store (storm-setup.ts).
  const setUpAt = performance.now();
  const server = await startYunzhan({ ...(database ? { databaseUrl: database.url } : {}), voters: options.warmup + options.accounts, perAddress: options.perAddress, dir }).catch(async (err: unknown) => {
    await database?.drop();
    throw err;
  });
  try {
    const { rates, admin, categories, voters } = server;
    log(`  vote rate limits (the server's defaults): per account ${rates.user.burst} then ${rates.user.perSecond}/s, per address ${rates.address.burst} then ${rates.address.perSecond}/s`);
    log(`  set-up on ${name}: the server in its own process; programme "${STORM_PROGRAMME}" in voting (5 categories × 4 entries), ${voters.length} voters (${options.warmup} of them for the warm-up) behind ${Math.ceil(voters.length / options.perAddress)} addresses, in ${((performance.now() - setUpAt) / 1000).toFixed(1)} s`);
    const warm = buildWarmUp(voters.slice(0, options.warmup), categories);
    const { requests, expected } = buildStorm(voters.slice(options.warmup), categories);
    if (warm.length > 0) log(`  warm-up of each server before the storm: ${warm.length} first votes from accounts not in the storm, at the storm's rate, untimed, all to be accepted (not in the counts below)`);
    log(`  plan: ${requests.length} requests (${expected.accepted} to accept, ${expected.replays} retries to replay, refusals ${JSON.stringify(expected.rejected)}), over ${options.seconds} s, at most ${options.concurrency} in flight`);

    const bare = await startBare(engine, voters, categories, dir);
    const same = await startSameSql(engine, { sqliteFile: server.sqliteFile, ...(database ? { postgresUrl: database.url } : {}) }, dir).catch(async (err: unknown) => {
      await bare.stop();
      throw err;
    });
    try {
      const yz = { target: { baseUrl: server.url, path: `/api/awards/${STORM_PROGRAMME}/votes` }, meter: { serverCpu: server.cpu, ...(database ? { database: database.url } : {}) } };
      const bareWarmed = await warmUp(bare.target, warm, options, dir, bare.meter);
      const sameWarmed = await warmUp(same.target, warm, options, dir, same.meter);
      const warmed = await warmUp(yz.target, warm, options, dir, yz.meter);
      const driver = engine === 'sqlite' ? 'better-sqlite3' : 'pg (one Pool)';
      log(
        `  the storm, in ${options.slices} slices sent in turn to three servers on ${name}: the minimal bare node:http + ${driver} vote server (its own small schema, the fewest statements ` +
          `that keep the same keys, one transaction); the same-SQL bare node:http + ${driver} server (the store's own statements, compiled by Kysely from its builders, on a copy of the ` +
          "real database: the goal's baseline); and the Yunzhan server (express, session, policy, rate limits, zod, award store, live tally):",
      );
      // Inside the server's process: its event loop, its GC, with `profile` its SQL and CPU.
      const stopMeasuring = await server.measure();
      const adminUrl = options.profile && database ? await benchPostgresAdminUrl() : undefined;
      const waits = adminUrl
        ? await Promise.all([samplePostgresWaits(adminUrl, bare.databaseName!), samplePostgresWaits(adminUrl, same.databaseName!), samplePostgresWaits(adminUrl, database!.name)])
        : undefined;
      const t = performance.now();
      const [bareRun, sameRun, result] = await storm(
        { targets: [bare.target, same.target, yz.target], requests, seconds: options.seconds, concurrency: options.concurrency, slices: options.slices },
        dir,
        [bare.meter, same.meter, yz.meter],
      );
      const { eventLoopDelayMs, gc, queries, profileFiles } = await stopMeasuring();
      await waits?.[0](`bare ${name}`, log);
      await waits?.[1](`same-SQL ${name}`, log);
      await waits?.[2](`Yunzhan ${name}`, log);
      if (profileFiles) log(`    CPU and allocation profiles of the server's process over the storm: ${profileFiles.join(', ')}`);
      log(`    done in ${((performance.now() - t) / 1000).toFixed(1)} s`);

      const { windows: _bareWindows, ...bareMeasured } = bareRun!;
      const bareStorm: StormRun = { ...bareMeasured, counted: (await bare.count()) - bareWarmed };
      log(`    bare: slowest request ${bareStorm.slowest.ms.toFixed(0)} ms, sent ${bareStorm.slowest.atSeconds.toFixed(1)} s into its storm; longest connect ${bareStorm.maxConnectMs.toFixed(0)} ms`);
      reconcile(`bare ${name}`, bareStorm, requests.length, expected, log);
      if (options.watchGc) logTail(`bare ${name}`, bareStorm, log);
      const { windows: _sameWindows, ...sameMeasured } = sameRun!;
      const sameStorm: StormRun = { ...sameMeasured, counted: (await same.count()) - sameWarmed };
      log(`    same-SQL: slowest request ${sameStorm.slowest.ms.toFixed(0)} ms, sent ${sameStorm.slowest.atSeconds.toFixed(1)} s into its storm; longest connect ${sameStorm.maxConnectMs.toFixed(0)} ms`);
      reconcile(`same-SQL ${name}`, sameStorm, requests.length, expected, log);
      if (options.watchGc) logTail(`same-SQL ${name}`, sameStorm, log);

      const { windows, ...measured } = result!;
      if (queries) logQueries(queries, requests.length, log);
      if (gc) logGc(gc, windows, log);
      if (options.watchGc) logTail(`Yunzhan ${name}`, measured, log);
      log(`    Yunzhan: ten slowest (ms @ s into its storm, #index): ${slowestOf(measured)}`);
      const counted = await countedVotes(server.url, admin);
      const yunzhan: StormRun = { ...measured, counted: counted.total - warmed, eventLoopDelayMs, ...(queries ? { queries } : {}) };
      log(`    Yunzhan: slowest request ${yunzhan.slowest.ms.toFixed(0)} ms, sent ${yunzhan.slowest.atSeconds.toFixed(1)} s into its storm; longest connect ${yunzhan.maxConnectMs.toFixed(0)} ms; event-loop delay over the whole storm p99 ${yunzhan.eventLoopDelayMs!.p99.toFixed(0)} ms, max ${yunzhan.eventLoopDelayMs!.max.toFixed(0)} ms`);
      log(`    counted per category (with the warm-up's ${warmed}): ${JSON.stringify(counted.byCategory)}`);
      reconcile(`Yunzhan ${name}`, yunzhan, requests.length, expected, log);
      log(
        `    p99 ${name}: Yunzhan ${yunzhan.latencyMs.p99.toFixed(1)} ms / same-SQL ${sameStorm.latencyMs.p99.toFixed(1)} ms = ${(yunzhan.latencyMs.p99 / sameStorm.latencyMs.p99).toFixed(2)}x; ` +
          `/ minimal bare ${bareStorm.latencyMs.p99.toFixed(1)} ms = ${(yunzhan.latencyMs.p99 / bareStorm.latencyMs.p99).toFixed(2)}x`,
      );
      return { engine, requests: requests.length, expected, bare: bareStorm, sameSql: sameStorm, yunzhan, loadAverage, rates };
    } finally {
      await same.stop();
      await bare.stop();
    }
  } finally {
    await server.stop();
    await database?.drop();
  }
}

/** Runs the storm on each engine, bare baseline first, then Yunzhan; throws if any run fails to reconcile. */
export async function measureVoteStorm(log: (s: string) => void, options = voteStormOptions()): Promise<VoteStormFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-vote-storm-'));
  const loadBefore = os.loadavg();
  log(`  load average before: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores; engines: ${options.engines.map(engineName).join(', ')}`);
  try {
    const engines: EngineStorm[] = [];
    let rates: Rates | undefined;
    for (const engine of options.engines) {
      const { rates: r, ...run } = await stormOn(engine, options, dir, log);
      rates ??= r;
      engines.push(run);
    }
    return { options, rates: rates!, loadAverage: { before: loadBefore, after: os.loadavg() }, engines };
  } finally {
    await stopBenchPostgres();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
