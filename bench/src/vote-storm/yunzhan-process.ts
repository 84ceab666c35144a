import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, spawnTs, stopChild } from '../proc';
import type { QueryCount } from '../query-counter';
import type { PlanCategory } from './plan';

// The bench's side of yunzhan-vote-server.ts: starts the real server in its own process, waits
// for its set-up, and measures inside it around the storm.

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The server is set up: its address, the admin's cookie, the programme's categories, its voters (a JSON file) and its limits. */
export interface YunzhanReady {
  type: 'ready';
  url: string;
  admin: string;
  categories: PlanCategory[];
  votersFile: string;
  sqliteFile: string;
  rates: { user: { burst: number; perSecond: number }; address: { burst: number; perSecond: number } };
}

/** What the server's process measured of itself over the storm. */
export interface YunzhanMeasured {
  type: 'measured';
  eventLoopDelayMs: { p99: number; max: number };
  /** GC pauses; `at` in ms since the epoch. */
  gc?: { at: number; ms: number; kind: string }[];
  queries?: QueryCount[];
  profileFiles?: string[];
}

/** The bench's requests to the server's process. */
export type YunzhanControl = { type: 'measure-start' } | { type: 'measure-stop' };

/** A voter as storm-setup.ts creates them. */
export interface StormVoter {
  userId: string;
  token: string;
  cookie: string;
  address: string;
}

/** The running server process. */
export interface YunzhanProcess extends Omit<YunzhanReady, 'type' | 'votersFile'> {
  voters: StormVoter[];
  /** CPU seconds its process has used so far. */
  cpu(): number;
  /** Starts measuring inside the process; the result stops and returns what it measured (GC times on this process's clock). */
  measure(): Promise<() => Promise<Omit<YunzhanMeasured, 'type'>>>;
  stop(): Promise<void>;
}

function next<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the Yunzhan vote server exited with ${code} before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the server (on `databaseUrl`, else SQLite) with `voters` voters, `perAddress` to an address, and waits for its set-up. */
export async function startYunzhan(options: { databaseUrl?: string; voters: number; perAddress: number; dir: string }): Promise<YunzhanProcess> {
  const child = spawnTs(
    path.join(HERE, 'yunzhan-vote-server.ts'),
    { YZ_STORM_DIR: options.dir, YZ_STORM_VOTERS: String(options.voters), YZ_STORM_PER_ADDRESS: String(options.perAddress), YZ_STORM_DATABASE_URL: options.databaseUrl ?? '' },
    true,
  );
  const stop = () => stopChild(child, 15_000);
  try {
    const { type: _type, votersFile, ...ready } = await next<YunzhanReady>(child, 'ready');
    const voters = JSON.parse(fs.readFileSync(votersFile, 'utf8')) as StormVoter[];
    return {
      ...ready,
      voters,
      cpu: () => cpuSeconds(child.pid!) ?? 0,
      async measure() {
        const started = next<{ type: 'measuring' }>(child, 'measuring');
        child.send({ type: 'measure-start' } satisfies YunzhanControl);
        await started;
        return async () => {
          const measured = next<YunzhanMeasured>(child, 'measured');
          child.send({ type: 'measure-stop' } satisfies YunzhanControl);
          const { type: _t, gc, ...rest } = await measured;
          return { ...rest, ...(gc ? { gc: gc.map((g) => ({ ...g, at: g.at - performance.timeOrigin })) } : {}) };
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
