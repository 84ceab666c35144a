import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { DEFAULT_LADDER, type BatchHandlers, type BatchJob, type BatchJobState } from '@yunzhan/shared';
import { openDatabase, type Database, type Engine } from '../../../../server/src/db/database';
import { openTestStore, type TestStore } from '../../../../server/src/db/test-engines';
import { createDbJobQueue, type DbJobQueue, type DbJobQueueOptions } from '../db-job-queue';
import type { JobTables } from '../job-store';

// What the batch queue's tests share: jobs of each type, handlers, waits, and a fixture that
// gives each test its queues on a fresh database and closes them after it.

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const HANGING_PROCESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hanging-job-process.ts');

export const publish = (streamId = 's1'): BatchJob => ({
  type: 'recording-publish',
  payload: { eventId: 'ev-1', streamId, streamDir: `/tmp/${streamId}` },
});
export const vod = (assetId = 'a1'): BatchJob => ({
  type: 'vod-hls',
  payload: { assetId, sourcePath: '/tmp/in.mp4', outputDir: `/tmp/${assetId}`, renditions: [...DEFAULT_LADDER], segmentSeconds: 2 },
});

/** Handlers for both types from one function. */
export const both = (fn: BatchHandlers['recording-publish']): BatchHandlers => ({
  'recording-publish': fn,
  'vod-hls': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
  'image-renditions': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
  'audio-aac': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
});
export const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
export const stateIs = (q: DbJobQueue, id: string, state: BatchJobState) =>
  until(async () => {
    const job = await q.get(id);
    return job?.state === state ? job : null;
  }, `job ${id} to be ${state}`);

/** The job tables of an open database, as the server hands them to the queue. */
export const jobTables = (database: Database) => database.db as unknown as Kysely<JobTables>;

/** Starts the hanging process on `target` and kills it (SIGKILL) once its job is active. */
export async function killMidJob(target: TestStore['target'], id: string, leaseMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', HANGING_PROCESS, JSON.stringify(target), id, String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until(() => new Promise<boolean>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().includes('active')))), 'the job to start in the child', 30_000);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Each test's queues on a fresh database of `engine` (label: the test file's own database), closed after it. */
export function useQueueFixture(engine: Engine, label: string) {
  let t: TestStore | undefined;
  const open: DbJobQueue[] = [];
  const nodes: Database[] = [];
  beforeEach(async () => {
    t = await openTestStore(engine, label);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
    await Promise.all(nodes.splice(0).map((d) => d.close()));
    await t?.dispose();
    t = undefined;
  });
  const store = () => {
    if (!t) throw new Error('the queue fixture is used outside a test');
    return t;
  };
  return {
    /** The test's database. */
    get t(): TestStore {
      return store();
    },
    /** A queue on the test database, or on `database` (another node's handle). */
    queue(options: Partial<DbJobQueueOptions> = {}, database: Database = store().database): DbJobQueue {
      const q = createDbJobQueue({ db: jobTables(database), engine, logger, ...options });
      open.push(q);
      return q;
    },
    /** A second handle on the same database: another node. */
    async otherNode(): Promise<Database> {
      const database = await openDatabase({ ...store().target, migrate: false });
      nodes.push(database);
      return database;
    },
  };
}
