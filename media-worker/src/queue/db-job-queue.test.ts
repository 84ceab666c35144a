import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, DEFAULT_LADDER, MediaRejectedError, type BatchHandlers, type BatchJob, type BatchJobRecord, type BatchJobState, type VodHlsPayload } from '@yunzhan/shared';
import { openDatabase, type Database } from '../../../server/src/db/database';
import { ENGINES, openTestStore, type TestStore } from '../../../server/src/db/test-engines';
import { createDbJobQueue, type DbJobQueue, type DbJobQueueOptions } from './db-job-queue';
import { isRetryable } from './job-common';
import { ORPHAN_ERROR, type JobTables } from './job-store';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const HANGING_PROCESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'hanging-job-process.ts');

const publish = (streamId = 's1'): BatchJob => ({
  type: 'recording-publish',
  payload: { eventId: 'ev-1', streamId, streamDir: `/tmp/${streamId}` },
});
const vod = (assetId = 'a1'): BatchJob => ({
  type: 'vod-hls',
  payload: { assetId, sourcePath: '/tmp/in.mp4', outputDir: `/tmp/${assetId}`, renditions: [...DEFAULT_LADDER], segmentSeconds: 2 },
});

/** Handlers for both types from one function. */
const both = (fn: BatchHandlers['recording-publish']): BatchHandlers => ({
  'recording-publish': fn,
  'vod-hls': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
  'image-renditions': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
  'audio-aac': (_payload, ctx) => fn({ eventId: 'x', streamId: 'x', streamDir: '/x' }, ctx),
});
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
const stateIs = (q: DbJobQueue, id: string, state: BatchJobState) =>
  until(async () => {
    const job = await q.get(id);
    return job?.state === state ? job : null;
  }, `job ${id} to be ${state}`);

/** The job tables of an open database, as the server hands them to the queue. */
const jobTables = (database: Database) => database.db as unknown as Kysely<JobTables>;

/** Starts the hanging process on `target` and kills it (SIGKILL) once its job is active. */
async function killMidJob(target: TestStore['target'], id: string, leaseMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', HANGING_PROCESS, JSON.stringify(target), id, String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until(() => new Promise<boolean>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().includes('active')))), 'the job to start in the child', 30_000);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

describe.each(ENGINES)('the batch queue on %s', (engine) => {
  let t: TestStore;
  const open: DbJobQueue[] = [];
  const nodes: Database[] = [];
  /** A queue on the test database, or on `database` (another node's handle). */
  const queue = (options: Partial<DbJobQueueOptions> = {}, database: Database = t.database) => {
    const q = createDbJobQueue({ db: jobTables(database), engine, logger, ...options });
    open.push(q);
    return q;
  };
  /** A second handle on the same database: another node. */
  const otherNode = async () => {
    const database = await openDatabase({ ...t.target, migrate: false });
    nodes.push(database);
    return database;
  };

  beforeEach(async () => {
    t = await openTestStore(engine, 'jobs');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
    await Promise.all(nodes.splice(0).map((d) => d.close()));
    await t.dispose();
  });

  it('runs a job queued before a restart once it reopens with handlers', async () => {
    const before = queue();
    const queued = await before.enqueue(publish(), { id: 'job-1' });
    expect(queued).toMatchObject({ id: 'job-1', type: 'recording-publish', state: 'queued', attempts: 0, maxAttempts: 5, progress: 0 });
    await before.close();

    const after = queue({ handlers: both(async (payload) => ({ replay: payload.streamId })) });
    const done = await stateIs(after, 'job-1', 'completed');
    expect(done).toMatchObject({ attempts: 1, progress: 100, result: { replay: 's1' }, error: null });
  });

  it('enqueues idempotently by id and validates payloads, ids and attempts', async () => {
    const q = queue();
    const first = await q.enqueue(publish('one'), { id: 'same' });
    const again = await q.enqueue(publish('two'), { id: 'same' });
    expect(again).toEqual(first);
    await expect(q.enqueue({ type: 'recording-publish', payload: { eventId: 'e' } } as unknown as BatchJob)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(q.enqueue({ type: 'nope', payload: {} } as unknown as BatchJob)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(q.enqueue(publish(), { id: 'has:colon' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(q.enqueue(publish(), { maxAttempts: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const { segmentSeconds: _omitted, ...withoutDefault } = vod().payload as VodHlsPayload;
    const withDefaults = await q.enqueue({ type: 'vod-hls', payload: withoutDefault as VodHlsPayload });
    expect(withDefaults.payload).toMatchObject({ segmentSeconds: 2 });
    expect((await q.list()).map((j) => j.id)).toEqual([withDefaults.id, 'same']);
    expect((await q.list({ type: 'vod-hls' })).map((j) => j.id)).toEqual([withDefaults.id]);
    expect(await q.list({ state: 'active' })).toEqual([]);
  });

  it('runs again a job that was active when its process was killed, counting the lost attempt, once its claim lapsed', async () => {
    await killMidJob(t.target, 'crash-1', 300);
    const observer = queue();
    expect(await observer.get('crash-1')).toMatchObject({ state: 'active', attempts: 1 });
    await observer.close();

    const attempts: number[] = [];
    const after = queue({ handlers: both(async (_p, ctx) => attempts.push(ctx.attempt)), pollIntervalMs: 50 });
    expect(await stateIs(after, 'crash-1', 'completed')).toMatchObject({ attempts: 2 });
    expect(attempts).toEqual([2]);
  });

  it('fails a job for good when the process died during its last attempt', async () => {
    await killMidJob(t.target, 'crash-2', 300);
    // The child enqueued with the default 5 attempts; pretend they were all used.
    await jobTables(t.database).updateTable('batch_jobs').set({ attempts: sql<number>`max_attempts` }).where('id', '=', 'crash-2').execute();
    let ran = false;
    const after = queue({ handlers: both(async () => (ran = true)), pollIntervalMs: 50 });
    expect(await stateIs(after, 'crash-2', 'failed')).toMatchObject({ attempts: 5, error: ORPHAN_ERROR });
    expect(ran).toBe(false);
  });

  it('fails at once, without running it, a stored job whose payload no longer validates', async () => {
    const before = queue();
    await before.enqueue(publish(), { id: 'stale' });
    await before.close();
    await jobTables(t.database).updateTable('batch_jobs').set({ payload: '{"eventId":"ev-1"}' }).where('id', '=', 'stale').execute();
    let ran = false;
    const after = queue({ handlers: both(async () => (ran = true)) });
    const failed = await stateIs(after, 'stale', 'failed');
    expect(failed.error).toMatch(/^VALIDATION_FAILED: /);
    expect(failed.attempts).toBe(1);
    expect(ran).toBe(false);
  });

  it('close aborts running handlers and leaves their jobs runnable, without counting the attempt', async () => {
    let signal: AbortSignal | undefined;
    const first = queue({
      handlers: both(async (_p, ctx) => {
        signal = ctx.signal;
        return untilAborted(ctx.signal);
      }),
    });
    await first.enqueue(publish(), { id: 'long' });
    await stateIs(first, 'long', 'active');
    await first.close();
    expect(signal?.aborted).toBe(true);

    const attempts: number[] = [];
    const second = queue({ handlers: both(async (_p, ctx) => attempts.push(ctx.attempt)) });
    expect(await stateIs(second, 'long', 'completed')).toMatchObject({ attempts: 1 });
    expect(attempts).toEqual([1]);
  });

  it('gives up waiting for a handler that ignores its signal and queues the job again', async () => {
    const q = queue({ handlers: both(() => new Promise<never>(() => {})), closeTimeoutMs: 100 });
    await q.enqueue(publish(), { id: 'stuck' });
    await stateIs(q, 'stuck', 'active');
    await q.stop();
    expect(q.running).toBe(false);
    expect(await q.get('stuck')).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('retries with growing backoff, then fails with the stable code of the error', async () => {
    const startedAt: number[] = [];
    const seen: BatchJobRecord[] = [];
    const q = queue({
      handlers: both(async () => {
        startedAt.push(Date.now());
        throw new AppError('MEDIA_UNAVAILABLE', 'disk gone');
      }),
      backoff: { baseMs: 60, maxMs: 1000 },
    });
    q.onUpdate((job) => seen.push(job));
    await q.enqueue(publish(), { id: 'flaky', maxAttempts: 3 });
    const failed = await stateIs(q, 'flaky', 'failed');
    expect(failed).toMatchObject({ attempts: 3, error: 'MEDIA_UNAVAILABLE: disk gone' });
    expect(startedAt).toHaveLength(3);
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(60);
    expect(startedAt[2]! - startedAt[1]!).toBeGreaterThanOrEqual(120);
    expect(seen.filter((j) => j.state === 'queued' && j.error === 'MEDIA_UNAVAILABLE: disk gone').map((j) => j.attempts)).toEqual([1, 2]);
    await expect(q.cancel('flaky')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('fails at once, without retrying, a job whose error names a fault of its input, and still retries one that may pass', async () => {
    const runs: string[] = [];
    const q = queue({
      handlers: both(async (payload, ctx) => {
        runs.push(`${payload.streamId}#${ctx.attempt}`);
        if (payload.streamId === 'corrupt') throw new MediaRejectedError('MEDIA_CORRUPT', 'The image cannot be decoded');
        if (ctx.attempt === 1) throw new AppError('MEDIA_UNAVAILABLE', 'disk not mounted yet');
        return 'ok';
      }),
      backoff: { baseMs: 10 },
    });
    await q.enqueue(publish('corrupt'), { id: 'corrupt', maxAttempts: 3 });
    await q.enqueue(publish('flaky'), { id: 'flaky-once', maxAttempts: 3 });
    expect(await stateIs(q, 'corrupt', 'failed')).toMatchObject({ attempts: 1, maxAttempts: 3, error: 'MEDIA_CORRUPT: The image cannot be decoded' });
    expect(await stateIs(q, 'flaky-once', 'completed')).toMatchObject({ attempts: 2, result: 'ok' });
    expect(runs.filter((r) => r.startsWith('corrupt'))).toEqual(['corrupt#1']);
    // What counts as a fault of the input: media refusals, invalid payloads, errors marked so.
    for (const code of ['NOT_MEDIA', 'MEDIA_CORRUPT', 'MODEL_TOO_COMPLEX', 'IMAGE_TOO_LARGE', 'FILE_TOO_COMPLEX'] as const) expect(isRetryable(new MediaRejectedError(code, 'x'))).toBe(false);
    expect(isRetryable(new AppError('VALIDATION_FAILED', 'x'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { retryable: false }))).toBe(false);
    for (const err of [new AppError('MEDIA_UNAVAILABLE', 'x'), new AppError('TRANSCODE_FAILED', 'x'), new Error('ENOSPC'), 'odd']) expect(isRetryable(err)).toBe(true);
  });

  it('completes a job that succeeds on a later attempt', async () => {
    const q = queue({
      handlers: both(async (_p, ctx) => {
        if (ctx.attempt < 2) throw new Error('transient');
        return 'ok';
      }),
      backoff: { baseMs: 10 },
    });
    await q.enqueue(publish(), { id: 'second-time' });
    expect(await stateIs(q, 'second-time', 'completed')).toMatchObject({ attempts: 2, result: 'ok', error: null });
  });

  it('cancels a queued job so that it never runs', async () => {
    const q = queue();
    await q.enqueue(publish(), { id: 'unwanted' });
    expect(await q.cancel('unwanted')).toMatchObject({ state: 'cancelled' });
    expect(await q.cancel('unwanted')).toMatchObject({ state: 'cancelled' });
    await expect(q.cancel('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await q.close();
    let ran = false;
    const processing = queue({ handlers: both(async () => (ran = true)) });
    await processing.enqueue(publish(), { id: 'after' });
    await stateIs(processing, 'after', 'completed');
    expect(ran).toBe(true);
    expect(await processing.get('unwanted')).toMatchObject({ state: 'cancelled', attempts: 0 });
  });

  it('cancels an active job: its signal fires and it ends cancelled, not retried', async () => {
    let calls = 0;
    let signal: AbortSignal | undefined;
    const q = queue({
      handlers: both(async (_p, ctx) => {
        calls++;
        signal = ctx.signal;
        return untilAborted(ctx.signal);
      }),
      backoff: { baseMs: 10 },
    });
    await q.enqueue(publish(), { id: 'running' });
    await stateIs(q, 'running', 'active');
    const cancelled = await q.cancel('running');
    expect(cancelled).toMatchObject({ state: 'cancelled', attempts: 1 });
    expect(signal?.aborted).toBe(true);
    await sleep(100);
    expect(calls).toBe(1);
    expect(await q.get('running')).toMatchObject({ state: 'cancelled', attempts: 1 });
  });

  it('never runs more jobs of a type at once than its concurrency, while other types run beside them', async () => {
    let running = 0;
    let most = 0;
    let vodWhilePublishing = false;
    const handlers: BatchHandlers = {
      'recording-publish': async () => {
        running++;
        most = Math.max(most, running);
        await sleep(40);
        running--;
      },
      'vod-hls': async () => {
        vodWhilePublishing ||= running > 0;
      },
      'image-renditions': async () => undefined,
      'audio-aac': async () => undefined,
    };
    const q = queue({ handlers });
    for (const s of ['a', 'b', 'c']) await q.enqueue(publish(s), { id: `p-${s}` });
    await q.enqueue(vod(), { id: 'v' });
    for (const id of ['p-a', 'p-b', 'p-c', 'v']) await stateIs(q, id, 'completed');
    expect(most).toBe(1);
    expect(vodWhilePublishing).toBe(true);
  });

  it('runs up to the configured number of jobs of a type at once', async () => {
    let running = 0;
    let most = 0;
    const q = queue({
      handlers: both(async () => {
        running++;
        most = Math.max(most, running);
        await sleep(40);
        running--;
      }),
      concurrency: { 'recording-publish': 2 },
    });
    for (const s of ['a', 'b', 'c', 'd']) await q.enqueue(publish(s), { id: `p-${s}` });
    for (const s of ['a', 'b', 'c', 'd']) await stateIs(q, `p-${s}`, 'completed');
    expect(most).toBe(2);
  });

  it('persists progress, clamped and throttled, and reports it through onUpdate', async () => {
    const seen: BatchJobRecord[] = [];
    let midway: BatchJobRecord | null = null;
    const q = queue({
      handlers: both(async (_p, ctx) => {
        ctx.progress(10);
        ctx.progress(20);
        await sleep(150);
        ctx.progress(250);
        midway = await q.get('progress');
        return null;
      }),
      progressIntervalMs: 50,
    });
    const unsubscribe = q.onUpdate((job) => seen.push(job));
    await q.enqueue(publish(), { id: 'progress' });
    await stateIs(q, 'progress', 'completed');
    unsubscribe();
    expect(seen.map((j) => `${j.state}:${j.progress}`)).toEqual(['queued:0', 'active:0', 'active:10', 'active:20', 'active:100', 'completed:100']);
    expect(midway).toMatchObject({ state: 'active', progress: 100 });
  });

  it('refuses work after close, and close is idempotent', async () => {
    const q = queue({ handlers: both(async () => null) });
    await Promise.all([q.close(), q.close()]);
    await expect(q.enqueue(publish())).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(() => q.start()).toThrow(/closed/);
  });

  it('runs each of 20 jobs exactly once with two queues on two handles of one database', async () => {
    const runs = new Map<string, number>();
    const handlers = (node: string) =>
      both(async (payload, ctx) => {
        runs.set(payload.streamId, (runs.get(payload.streamId) ?? 0) + 1);
        await sleep(5);
        return { node, attempt: ctx.attempt };
      });
    const a = queue({ handlers: handlers('a'), concurrency: 3, pollIntervalMs: 20 });
    const b = queue({ handlers: handlers('b'), concurrency: 3, pollIntervalMs: 20 }, await otherNode());
    const ids = Array.from({ length: 20 }, (_, i) => `job-${i}`);
    // Enqueued through both nodes at once; each node also claims what the other enqueued.
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).enqueue(publish(id), { id })));
    const done = await Promise.all(ids.map((id) => stateIs(a, id, 'completed')));
    expect(done.map((j) => j.attempts)).toEqual(ids.map(() => 1));
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
  });

  it('a cancel through another node aborts the handler running here at its next claim renewal', async () => {
    let calls = 0;
    let signal: AbortSignal | undefined;
    const here = queue({
      handlers: both(async (_p, ctx) => {
        calls++;
        signal = ctx.signal;
        return untilAborted(ctx.signal);
      }),
      pollIntervalMs: 50,
      backoff: { baseMs: 10 },
    });
    const there = queue({}, await otherNode());
    await here.enqueue(publish(), { id: 'elsewhere' });
    await stateIs(here, 'elsewhere', 'active');
    expect(await there.cancel('elsewhere')).toMatchObject({ state: 'cancelled', attempts: 1 });
    await until(() => signal?.aborted, 'the handler to be aborted');
    await sleep(100);
    expect(calls).toBe(1);
    expect(await here.get('elsewhere')).toMatchObject({ state: 'cancelled', attempts: 1 });
  });

  it('a job whose claim lapsed runs on another node, and the first claim\'s late outcome is dropped', async () => {
    let release: (value: string) => void = () => {};
    const slow = queue({
      // Renews its claim only every 20 s: stalled, as far as the other node can tell.
      handlers: both(() => new Promise<string>((resolve) => (release = resolve))),
      leaseMs: 60_000,
      pollIntervalMs: 60_000,
    });
    await slow.enqueue(publish(), { id: 'stalled' });
    await stateIs(slow, 'stalled', 'active');
    await jobTables(t.database).updateTable('batch_jobs').set({ lease_until: 0 }).where('id', '=', 'stalled').execute();

    let go: () => void = () => {};
    const gate = new Promise<void>((resolve) => (go = resolve));
    const other = queue({ handlers: both(async (_p, ctx) => gate.then(() => `other#${ctx.attempt}`)), pollIntervalMs: 20 }, await otherNode());
    await until(async () => (await other.get('stalled'))?.attempts === 2, 'the other node to claim the job');
    // The first claim settles while the second runs: its success must not land.
    release('slow#1');
    await slow.close();
    expect(await other.get('stalled')).toMatchObject({ state: 'active', attempts: 2 });
    go();
    expect(await stateIs(other, 'stalled', 'completed')).toMatchObject({ attempts: 2, result: 'other#2' });
  });
});
