import { describe, expect, it } from 'vitest';
import { AppError, MediaRejectedError, type BatchHandlers, type BatchJob, type BatchJobRecord, type VodHlsPayload } from '@yunzhan/shared';
import { ENGINES } from '../../../server/src/db/test-engines';
import { isRetryable } from './job-common';
import { both, jobTables, publish, sleep, stateIs, until, untilAborted, useQueueFixture, vod } from './test-support/queue-fixtures';

// The batch queue in one process: restarts, validation, retries and backoff, cancels,
// concurrency per type, progress and close. Several processes and nodes: db-job-queue-nodes.test.ts.

describe.each(ENGINES)('the batch queue on %s', (engine) => {
  const fx = useQueueFixture(engine, 'jobs');
  const { queue } = fx;

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

  it('fails at once, without running it, a stored job whose payload no longer validates', async () => {
    const before = queue();
    await before.enqueue(publish(), { id: 'stale' });
    await before.close();
    await jobTables(fx.t.database).updateTable('batch_jobs').set({ payload: '{"eventId":"ev-1"}' }).where('id', '=', 'stale').execute();
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
    // Every publish holds its slot until the VOD job has run: the VOD job can only run beside a
    // publish (a queue that ran one job at a time would never finish and the test would time out).
    let vodRan!: () => void;
    const vodHasRun = new Promise<void>((resolve) => (vodRan = resolve));
    const handlers: BatchHandlers = {
      'recording-publish': async () => {
        running++;
        most = Math.max(most, running);
        await vodHasRun;
        await sleep(10);
        running--;
      },
      'vod-hls': async () => {
        vodWhilePublishing ||= running > 0;
        vodRan();
      },
      'image-renditions': async () => undefined,
      'audio-aac': async () => undefined,
    };
    const q = queue({ handlers });
    for (const s of ['a', 'b', 'c']) await q.enqueue(publish(s), { id: `p-${s}` });
    // Queued once a publish holds its slot (queued together, the VOD job might be claimed first).
    await until(() => running > 0, 'a publish to start');
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
        // Clamped to 100 and stored while the job is still active (at once, or when the throttle lets it).
        midway = await until(async () => {
          const job = await q.get('progress');
          return job?.progress === 100 ? job : null;
        }, 'the clamped progress to be stored');
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
});
