import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { type BatchHandlers, type BatchJobContext, type BatchJobType } from '@yunzhan/shared';
import { defaultLogger } from '../util/logger';
import { BATCH_JOB_TYPES, backoffDelayMs, createProgressReporter, errorMessageOf, isRetryable, parsePayload, resolveConcurrency, type ConcurrencyOption } from './job-common';
import {
  BACKOFF_STRATEGY,
  CANCELLED_REASON,
  CONNECT_TIMEOUT_MS,
  DEFAULT_QUEUE_NAME,
  cancelChannelOf,
  cancelKeyOf,
  connectRedis,
  queueNameOf,
  withTimeout,
} from './bullmq-common';

/** Options of the BullMQ worker (`npm run worker`). */
export interface BullmqWorkerOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** One handler per job type. */
  handlers: BatchHandlers;
  /** Jobs of one type running at once on this worker. Default 1 per type. */
  concurrency?: ConcurrencyOption;
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** Base name of the queues; the producer must use the same. Default `yunzhan-batch`. */
  queueName?: string;
  /** Longest wait between attempts, in ms (the producer sets the first wait). Default 60000. */
  backoffMaxMs?: number;
  /** Least time between two progress writes of one job, in ms. Default 500. */
  progressIntervalMs?: number;
  /** How long `close` waits for aborted handlers to settle, in ms. Default 10000. */
  closeTimeoutMs?: number;
}

/** A running BullMQ worker. */
export interface BatchWorker {
  /** Stops taking jobs, aborts running handlers and puts their jobs back in the queue (bounded wait). Idempotent. */
  close(): Promise<void>;
}

/**
 * Takes batch jobs from Redis and runs them with `handlers`: one BullMQ Worker per job type (its
 * own concurrency), cancel requests from the producer abort the handler's signal, an error that
 * names a fault of the input fails the job without retries (UnrecoverableError), and close
 * puts interrupted jobs back to waiting so another worker picks them up without losing an attempt.
 */
export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BatchWorker> {
  const logger = options.logger ?? defaultLogger();
  const base = options.queueName ?? DEFAULT_QUEUE_NAME;
  const limits = resolveConcurrency(options.concurrency);
  const progressIntervalMs = options.progressIntervalMs ?? 500;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  const redis = await connectRedis(options.redisUrl, logger, null);
  const subscriber = redis.duplicate();
  subscriber.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis subscriber error'));
  const workers: Worker[] = [];
  const running = new Set<Promise<unknown>>();
  let shuttingDown = false;
  let closing: Promise<void> | undefined;

  const isCancelled = async (id: string) => (await redis.exists(cancelKeyOf(base, id))) === 1;

  /** Called when the handler's signal fired: throws what makes BullMQ end the attempt the right way. */
  const interrupted = async (job: Job, token: string | undefined): Promise<never> => {
    if (await isCancelled(job.id!)) throw new UnrecoverableError(CANCELLED_REASON);
    // Shutdown: back to waiting (no failed attempt, no backoff) for this or another worker.
    await job.moveToWait(token);
    throw new WaitingError();
  };

  const processorOf = (type: BatchJobType) => {
    const handler = options.handlers[type] as (payload: unknown, ctx: BatchJobContext) => Promise<unknown>;
    // Three declared parameters: BullMQ passes the AbortSignal only to processors that take it.
    return async (job: Job, token: string | undefined, signal: AbortSignal | undefined) => {
      const id = job.id!;
      if (await isCancelled(id)) throw new UnrecoverableError(CANCELLED_REASON);
      if (shuttingDown) return interrupted(job, token);
      let payload: unknown;
      try {
        payload = parsePayload(type, job.data);
      } catch (err) {
        throw new UnrecoverableError(errorMessageOf(err));
      }
      const progress = createProgressReporter((p) => {
        job.updateProgress(p).catch((err: unknown) => logger.debug({ err, job: id }, 'progress not recorded'));
      }, progressIntervalMs);
      // Aborted while we checked Redis (a cancel or shutdown came in): do not start the handler.
      if (signal?.aborted) return interrupted(job, token);
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const attempt = job.attemptsStarted;
      logger.info({ job: id, type, attempt }, 'batch job started');
      const run = (async () => handler(payload, { signal: controller.signal, progress: (p) => progress.report(p), attempt }))();
      running.add(run);
      try {
        const value = await run;
        progress.flush();
        // Finished despite a cancel: the cancel wins, as in the in-process queue.
        if (controller.signal.aborted && (await isCancelled(id))) throw new UnrecoverableError(CANCELLED_REASON);
        logger.info({ job: id, type, attempt }, 'batch job completed');
        return value ?? null;
      } catch (err) {
        if (err instanceof UnrecoverableError) throw err;
        progress.flush();
        if (controller.signal.aborted) return await interrupted(job, token);
        const message = errorMessageOf(err);
        // A fault of the input: BullMQ fails the job at once instead of retrying it.
        if (!isRetryable(err)) {
          logger.warn({ job: id, type, attempt, error: message, retried: false }, 'batch job failed');
          throw new UnrecoverableError(message);
        }
        logger.warn({ job: id, type, attempt, error: message }, 'batch job attempt failed');
        throw new Error(message);
      } finally {
        progress.stop();
        signal?.removeEventListener('abort', onAbort);
        running.delete(run);
      }
    };
  };

  try {
    subscriber.on('message', (_channel: string, id: string) => {
      const hit = workers.some((w) => w.cancelJob(id, 'cancelled'));
      if (hit) logger.info({ job: id }, 'batch job cancelled; handler signalled');
    });
    await withTimeout(subscriber.subscribe(cancelChannelOf(base)), CONNECT_TIMEOUT_MS, 'could not subscribe to cancel requests');
    for (const type of BATCH_JOB_TYPES) {
      const worker = new Worker(queueNameOf(base, type), processorOf(type), {
        connection: { url: options.redisUrl, maxRetriesPerRequest: null },
        concurrency: limits[type],
        settings: {
          backoffStrategy: (attemptsMade, _type, _err, job) =>
            backoffDelayMs(attemptsMade, { baseMs: job?.opts.backoff && typeof job.opts.backoff === 'object' ? job.opts.backoff.delay : undefined, maxMs: options.backoffMaxMs }),
        },
      });
      worker.on('error', (err: Error) => logger.warn({ err: err.message, type }, 'batch worker error'));
      worker.on('failed', (job, err) => {
        if (err.message === CANCELLED_REASON) logger.info({ job: job?.id, type }, 'batch job cancelled');
        else if (err instanceof UnrecoverableError) return; // logged where it was thrown
        else if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) logger.warn({ job: job.id, type, error: err.message }, 'batch job failed');
      });
      workers.push(worker);
    }
    await withTimeout(Promise.all(workers.map((w) => w.waitUntilReady())), CONNECT_TIMEOUT_MS, 'BullMQ workers did not become ready');
  } catch (err) {
    await Promise.allSettled(workers.map((w) => w.close(true)));
    subscriber.disconnect();
    redis.disconnect();
    throw err;
  }
  logger.info({ queue: base, concurrency: limits, backoff: BACKOFF_STRATEGY }, 'batch worker ready');

  return {
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        // Stop fetching first, then abort what runs; the processors put those jobs back to waiting.
        await Promise.allSettled(workers.map((w) => w.pause(true)));
        for (const w of workers) w.cancelAllJobs('shutdown');
        let timedOut = false;
        await withTimeout(Promise.allSettled([...running]), closeTimeoutMs, 'timeout').catch(() => (timedOut = true));
        if (timedOut) logger.warn({ jobs: running.size, waitedMs: closeTimeoutMs }, 'batch handlers did not stop; their jobs will be retried when their locks expire');
        await Promise.allSettled(workers.map((w) => w.close(timedOut)));
        await subscriber.quit().catch(() => subscriber.disconnect());
        await redis.quit().catch(() => redis.disconnect());
        logger.info('batch worker closed');
      })();
      return closing;
    },
  };
}
