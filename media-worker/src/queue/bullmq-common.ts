import { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { BatchJobRecord, BatchJobState, BatchJobType } from '@yunzhan/shared';
import { clampProgress } from './job-common';

// Names and mapping shared by the BullMQ producer (the server) and the worker (`npm run worker`):
// one BullMQ queue per job type, so each type has its own concurrency on the worker, plus a few
// keys of our own for cancellation, which BullMQ only offers inside the worker process.

/** Base name of the BullMQ queues; each type gets `<base>-<type>`. */
export const DEFAULT_QUEUE_NAME = 'yunzhan-batch';
/** The failedReason of a job the worker stopped because it was cancelled. */
export const CANCELLED_REASON = 'CANCELLED: the job was cancelled';
/** Name of our backoff strategy (exponential with a cap), registered on the worker. */
export const BACKOFF_STRATEGY = 'yunzhan-exponential';
/** How long a cancel request is kept, in seconds: 7 days. */
export const CANCEL_TTL_S = 7 * 24 * 3600;
/** Cancelled jobs removed from BullMQ whose records are kept for the job list. */
export const MAX_CANCELLED_RECORDS = 1000;
/** How long connecting to Redis may take at start-up, in ms. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The BullMQ queue of one job type. */
export const queueNameOf = (base: string, type: BatchJobType) => `${base}-${type}`;
/** Set (with a TTL) when a job is cancelled; the worker checks it before and after running the handler. */
export const cancelKeyOf = (base: string, id: string) => `yunzhan:${base}:cancel:${id}`;
/** Pub/sub channel that tells every worker which active job to abort. */
export const cancelChannelOf = (base: string) => `yunzhan:${base}:cancel`;
/** Hash id → JSON record of cancelled jobs that were removed from BullMQ before they ran. */
export const cancelledRecordsKeyOf = (base: string) => `yunzhan:${base}:cancelled`;

/** BullMQ states that are `queued` to us. */
export const QUEUED_STATES = ['waiting', 'delayed', 'prioritized', 'waiting-children'] as const;
/** Every BullMQ state a job of ours can be in. */
export const ALL_STATES = [...QUEUED_STATES, 'active', 'completed', 'failed'] as const;
/** A BullMQ job state. */
export type BullState = (typeof ALL_STATES)[number];

/** `redis://user:secret@host` → `redis://user:***@host`, for logs and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable Redis URL)';
  }
}

/** Resolves with `promise`, or rejects with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects an ioredis client, failing with a clear error when Redis does not answer within
 * `timeoutMs`. `maxRetriesPerRequest`: null waits out an outage (workers); a number fails
 * commands sooner (the producer answers HTTP requests).
 */
export async function connectRedis(url: string, logger: Logger, maxRetriesPerRequest: number | null, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest, lazyConnect: true });
  // ioredis reconnects by itself; without a listener it would print every failed try.
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  try {
    await withTimeout(redis.connect(), timeoutMs, `no answer within ${timeoutMs} ms`);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis at ${redactRedisUrl(url)} is not reachable: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Maps a BullMQ job in `state` to our record; `cancelRequested` when its cancel key is set. */
export function toRecord(job: Job, type: BatchJobType, state: BullState, cancelRequested: boolean): BatchJobRecord {
  const ourState: BatchJobState =
    state === 'completed'
      ? 'completed'
      : state === 'failed'
        ? job.failedReason === CANCELLED_REASON
          ? 'cancelled'
          : 'failed'
        : cancelRequested
          ? 'cancelled'
          : state === 'active'
            ? 'active'
            : 'queued';
  const updated = Math.max(job.timestamp, job.processedOn ?? 0, job.finishedOn ?? 0);
  return {
    id: job.id!,
    type,
    payload: job.data as unknown,
    state: ourState,
    progress: ourState === 'completed' ? 100 : typeof job.progress === 'number' ? clampProgress(job.progress) : 0,
    attempts: job.attemptsStarted ?? job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    error: ourState === 'cancelled' ? null : (job.failedReason ?? null) || null,
    result: ourState === 'completed' ? ((job.returnvalue as unknown) ?? null) : null,
    createdAt: new Date(job.timestamp).toISOString(),
    updatedAt: new Date(updated).toISOString(),
  };
}
