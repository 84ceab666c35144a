import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqJobQueue } from '@yunzhan/media-worker';
import type { BatchJob, BatchJobQueue, BatchJobRecord, BatchJobState } from '@yunzhan/shared';
import { ensureRedis, type TestRedis } from './helpers/redis';
import { waitFor } from './helpers/util';

// The Redis queue across processes: this process enqueues (as the server does), the worker runs in
// its own process (as `npm run worker` does), against a real Redis.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER_SCRIPT = path.join(ROOT, 'tests/helpers/batch-test-worker.ts');
const QUEUE_NAME = `test-batch-${process.pid}-${Date.now()}`;

type WorkerProcess = ChildProcessByStdio<null, Readable, null> & { output: string; exited: Promise<number | null> };

let redis: TestRedis;
let redisUrl: string;
let queue: BatchJobQueue;
const workers: WorkerProcess[] = [];

function startWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_NAME },
    stdio: ['ignore', 'pipe', 'inherit'],
  }) as WorkerProcess;
  child.output = '';
  child.stdout.on('data', (d: Buffer) => (child.output += d.toString()));
  child.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  workers.push(child);
  return waitFor(() => child.output.includes('ready') || child.exitCode !== null, 30_000, 'the worker process to start').then(() => {
    if (!child.output.includes('ready')) throw new Error(`worker exited with ${child.exitCode}`);
    return child;
  });
}

const publish = (eventId: string, streamId: string): BatchJob => ({
  type: 'recording-publish',
  payload: { eventId, streamId, streamDir: `/tmp/${streamId}` },
});
const stateIs = (id: string, state: BatchJobState, timeoutMs = 15_000) =>
  waitFor(async () => {
    const job = await queue.get(id);
    return job?.state === state ? job : null;
  }, timeoutMs, `job ${id} to be ${state}`);

beforeAll(async () => {
  redis = await ensureRedis();
  redisUrl = redis.url;
  queue = await createBullmqJobQueue({ redisUrl, queueName: QUEUE_NAME, backoffBaseMs: 100, logger: pino({ level: 'warn' }) });
  await startWorker();
});

afterAll(async () => {
  await queue?.close();
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  if (redis && !redis.own) {
    // The shared Redis keeps nothing of this run.
    const client = new Redis(redis.url);
    for (const pattern of [`bull:${QUEUE_NAME}-*`, `yunzhan:${QUEUE_NAME}:*`]) {
      const keys = await client.keys(pattern);
      if (keys.length) await client.del(...keys);
    }
    await client.quit();
  }
  await redis?.stop();
});

describe('the BullMQ batch queue with a worker in another process', () => {
  it('runs a job on the worker and brings its progress and result back', async () => {
    const updates: BatchJobRecord[] = [];
    const unsubscribe = queue.onUpdate((job) => job.id === 'pub-ok' && updates.push(job));
    const queued = await queue.enqueue(publish('ev-1', 'ok'), { id: 'pub-ok' });
    expect(queued).toMatchObject({ id: 'pub-ok', type: 'recording-publish', maxAttempts: 5 });
    // The worker may have taken it already.
    expect(['queued', 'active', 'completed']).toContain(queued.state);
    const done = await stateIs('pub-ok', 'completed');
    expect(done).toMatchObject({ progress: 100, attempts: 1, error: null, result: { replay: '/hls/ok/index.m3u8', attempt: 1 } });
    await waitFor(() => updates.some((u) => u.state === 'completed'), 5000, 'the completed update');
    unsubscribe();
    const progress = updates.filter((u) => u.state === 'active').map((u) => u.progress);
    expect(progress).toEqual(expect.arrayContaining([25, 50, 75]));
    // Idempotent by id: the finished job comes back, nothing runs again.
    expect(await queue.enqueue(publish('ev-1', 'other'), { id: 'pub-ok' })).toMatchObject({ state: 'completed', payload: { streamId: 'ok' } });
    expect((await queue.list({ state: 'completed' })).map((j) => j.id)).toContain('pub-ok');
  });

  it('validates payloads before they reach Redis', async () => {
    await expect(queue.enqueue({ type: 'vod-hls', payload: { assetId: 'bad id!' } } as unknown as BatchJob)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('retries a failing job with backoff and then fails it with the error code', async () => {
    await queue.enqueue(publish('fail', 'bad'), { id: 'pub-fail', maxAttempts: 2 });
    const failed = await stateIs('pub-fail', 'failed');
    expect(failed).toMatchObject({ attempts: 2, maxAttempts: 2, error: 'MEDIA_UNAVAILABLE: no recording' });
    await expect(queue.cancel('pub-fail')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('cancels a waiting job without running it, and aborts a running one through its signal', async () => {
    const worker = workers[0]!;
    await queue.enqueue(publish('hang', 'hang-1'), { id: 'pub-hang' });
    await waitFor(() => worker.output.includes('started:hang-1'), 10_000, 'the handler to run');
    expect(await queue.get('pub-hang')).toMatchObject({ state: 'active' });
    // Concurrency 1 per type: this one waits behind the running job.
    await queue.enqueue(publish('ev-1', 'never'), { id: 'pub-waiting' });
    const cancelledWaiting = await queue.cancel('pub-waiting');
    expect(cancelledWaiting).toMatchObject({ id: 'pub-waiting', state: 'cancelled', attempts: 0 });
    expect(await queue.get('pub-waiting')).toMatchObject({ state: 'cancelled' });
    expect((await queue.list({ state: 'cancelled' })).map((j) => j.id)).toContain('pub-waiting');

    expect(await queue.cancel('pub-hang')).toMatchObject({ state: 'cancelled' });
    await waitFor(() => worker.output.includes('aborted:hang-1'), 10_000, 'the handler signal to fire in the worker');
    expect(await queue.get('pub-hang')).toMatchObject({ state: 'cancelled', attempts: 1 });
    await expect(queue.cancel('missing-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The slot is free again and the cancelled waiting job never ran.
    await queue.enqueue(publish('ev-1', 'after'), { id: 'pub-after' });
    await stateIs('pub-after', 'completed');
    expect(await queue.get('pub-waiting')).toMatchObject({ state: 'cancelled', attempts: 0 });
  });

  it('exits cleanly on SIGTERM and leaves the interrupted job to the next worker', async () => {
    const first = workers[0]!;
    await queue.enqueue(publish('hang-once', 'handover'), { id: 'pub-handover' });
    await waitFor(() => first.output.includes('started:handover'), 10_000, 'the handler to run');
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output).toContain('aborted:handover');
    expect(await queue.get('pub-handover')).toMatchObject({ state: 'queued', error: null });

    const second = await startWorker();
    expect(await stateIs('pub-handover', 'completed')).toMatchObject({ attempts: 2, result: { attempt: 2 } });
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('npm run worker refuses to start without REDIS_URL', () => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'media-worker/src/worker-main.ts')], { cwd: ROOT, env, stdio: 'pipe' });
    expect(run).toThrow(/REDIS_URL is required/);
  });
});
