import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Logger } from 'pino';
import {
  InvalidStateError,
  NotFoundError,
  type BatchJob,
  type BatchJobQueue,
  type BatchJobRecord,
  type BatchJobState,
  type BatchJobType,
  type EnqueueOptions,
} from '@yunzhan/shared';
import { defaultLogger } from '../util/logger';
import { BATCH_JOB_TYPES, UpdateListeners, clampProgress, listLimit, validateJob } from './job-common';
import {
  ALL_STATES,
  BACKOFF_STRATEGY,
  CANCEL_TTL_S,
  CONNECT_TIMEOUT_MS,
  DEFAULT_QUEUE_NAME,
  MAX_CANCELLED_RECORDS,
  QUEUED_STATES,
  cancelChannelOf,
  cancelKeyOf,
  cancelledRecordsKeyOf,
  connectRedis,
  queueNameOf,
  toRecord,
  withTimeout,
  type BullState,
} from './bullmq-common';

/** Options of the BullMQ producer. */
export interface BullmqJobQueueOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Base name of the queues (`<base>-<type>`); the worker must use the same. Default `yunzhan-batch`. */
  queueName?: string;
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** Wait before the second attempt, in ms; doubles per attempt up to the worker's cap. Default 1000. */
  backoffBaseMs?: number;
  /** Completed and failed jobs BullMQ keeps per type (for the job list). Default 1000 each. */
  keepFinished?: number;
}

/**
 * The producer side of the Redis job queue: jobs go to BullMQ (one queue per type, job id = our
 * id, attempts with capped exponential backoff) and `npm run worker` processes them anywhere.
 * Cancel removes a job that has not started; a running one is signalled to its worker over
 * pub/sub (plus a key the worker checks, so a job that starts meanwhile is stopped too).
 */
export async function createBullmqJobQueue(options: BullmqJobQueueOptions): Promise<BatchJobQueue> {
  const logger = options.logger ?? defaultLogger();
  const base = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keep = options.keepFinished ?? 1000;
  // Fail HTTP requests within seconds while Redis is away instead of holding them.
  const redis = await connectRedis(options.redisUrl, logger, 3);
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
  const queues = new Map<BatchJobType, Queue>();
  const events: QueueEvents[] = [];
  const listeners = new UpdateListeners(logger);
  let closing: Promise<void> | undefined;
  // Records are fetched and emitted one at a time, so listeners see a job's changes in order.
  let emitChain: Promise<void> = Promise.resolve();

  const closeAll = async () => {
    await Promise.allSettled(events.map((e) => e.close()));
    await Promise.allSettled([...queues.values()].map((q) => q.close()));
    await redis.quit().catch(() => redis.disconnect());
  };
  try {
    for (const type of BATCH_JOB_TYPES) {
      const queue = new Queue(queueNameOf(base, type), { connection: redis });
      queue.on('error', (err: Error) => logger.warn({ err: err.message, type }, 'batch queue error'));
      queues.set(type, queue);
      const queueEvents = new QueueEvents(queueNameOf(base, type), { connection });
      queueEvents.on('error', (err: Error) => logger.warn({ err: err.message, type }, 'batch queue events error'));
      for (const name of ['waiting', 'active', 'completed', 'failed', 'delayed', 'stalled'] as const) {
        queueEvents.on(name, ({ jobId }: { jobId: string }) => refresh(jobId));
      }
      // The event's own value: by the time the record is read the job may have moved on.
      queueEvents.on('progress', ({ jobId, data }: { jobId: string; data: unknown }) => refresh(jobId, typeof data === 'number' ? data : undefined));
      events.push(queueEvents);
    }
    await withTimeout(
      Promise.all([...events.map((e) => e.waitUntilReady()), ...[...queues.values()].map((q) => q.waitUntilReady())]),
      CONNECT_TIMEOUT_MS,
      'BullMQ queues did not become ready',
    );
  } catch (err) {
    await closeAll();
    throw err;
  }

  const assertOpen = () => {
    if (closing) throw new InvalidStateError('The job queue is closed');
  };

  const cancelRequested = async (ids: string[]): Promise<boolean[]> => {
    if (ids.length === 0) return [];
    const values = await redis.mget(ids.map((id) => cancelKeyOf(base, id)));
    return values.map((v) => v !== null);
  };

  const cancelledRecord = async (id: string): Promise<BatchJobRecord | null> => {
    const json = await redis.hget(cancelledRecordsKeyOf(base), id);
    return json ? (JSON.parse(json) as BatchJobRecord) : null;
  };

  const saveCancelledRecord = async (record: BatchJobRecord) => {
    const key = cancelledRecordsKeyOf(base);
    await redis.hset(key, record.id, JSON.stringify(record));
    if ((await redis.hlen(key)) <= MAX_CANCELLED_RECORDS) return;
    const all = Object.values(await redis.hgetall(key)).map((j) => JSON.parse(j) as BatchJobRecord);
    all.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const drop = all.slice(0, all.length - MAX_CANCELLED_RECORDS).map((r) => r.id);
    if (drop.length) await redis.hdel(key, ...drop);
  };

  const findJob = async (id: string): Promise<{ job: Job; type: BatchJobType; state: BullState } | null> => {
    for (const [type, queue] of queues) {
      // The state first, then the job: its fields are then at least as new as the state (a job
      // read as failed has its failedReason), never older.
      const state = await queue.getJobState(id);
      if (state === 'unknown') continue;
      const job = await queue.getJob(id);
      if (job) return { job, type, state: state as BullState };
    }
    return null;
  };

  const get = async (id: string): Promise<BatchJobRecord | null> => {
    const found = await findJob(id);
    if (!found) return cancelledRecord(id);
    const [cancel] = await cancelRequested([id]);
    return toRecord(found.job, found.type, found.state, cancel ?? false);
  };

  function refresh(jobId: string, progress?: number) {
    if (listeners.size === 0 || closing) return;
    emitChain = emitChain
      .then(async () => {
        const record = await get(jobId);
        if (!record || closing) return;
        if (progress === undefined || record.state === 'cancelled') return listeners.emit(record);
        // Events come in order, so this one is the job as it was then: active, at this progress,
        // even when it has finished since (its own event follows).
        listeners.emit({ ...record, state: 'active', progress: clampProgress(progress), result: null });
      })
      .catch((err: unknown) => logger.warn({ err, job: jobId }, 'could not read a batch job after its update'));
  }

  const statesFor = (state: BatchJobState | undefined): readonly BullState[] => {
    switch (state) {
      case undefined:
      case 'cancelled':
        return ALL_STATES;
      case 'queued':
        return QUEUED_STATES;
      default:
        return [state];
    }
  };

  return {
    async enqueue(job: BatchJob, enqueueOptions: EnqueueOptions = {}) {
      assertOpen();
      const valid = validateJob(job, enqueueOptions);
      const id = valid.id ?? randomUUID();
      const existing = await get(id);
      if (existing) return existing;
      // A stale cancel request of an earlier job with this id must not stop the new one.
      await redis.del(cancelKeyOf(base, id));
      await queues.get(valid.type)!.add(valid.type, valid.payload, {
        jobId: id,
        attempts: valid.maxAttempts,
        backoff: { type: BACKOFF_STRATEGY, delay: options.backoffBaseMs ?? 1000 },
        removeOnComplete: { count: keep },
        removeOnFail: { count: keep },
      });
      logger.debug({ job: id, type: valid.type }, 'batch job queued in Redis');
      const record = await get(id);
      if (!record) throw new InvalidStateError(`Job ${id} vanished right after it was queued`);
      return record;
    },

    async get(id: string) {
      assertOpen();
      return get(id);
    },

    async list(filter = {}) {
      assertOpen();
      const limit = listLimit(filter.limit);
      const types = filter.type ? [filter.type] : BATCH_JOB_TYPES;
      const byId = new Map<string, { job: Job; type: BatchJobType; state: BullState }>();
      for (const type of types) {
        const queue = queues.get(type)!;
        for (const state of statesFor(filter.state)) {
          // Newest of each BullMQ list; the merged list is cut to `limit` below. A job that moved
          // between two reads shows up twice: the later list (finished states come last) wins.
          for (const job of await queue.getJobs([state], 0, limit - 1, false)) if (job?.id) byId.set(job.id, { job, type, state });
        }
      }
      const found = [...byId.values()];
      const cancels = await cancelRequested(found.map((f) => f.job.id!));
      let records = found.map((f, i) => toRecord(f.job, f.type, f.state, cancels[i] ?? false));
      if (filter.state === undefined || filter.state === 'cancelled') {
        const removed = Object.values(await redis.hgetall(cancelledRecordsKeyOf(base))).map((j) => JSON.parse(j) as BatchJobRecord);
        records.push(...removed.filter((r) => !filter.type || r.type === filter.type));
      }
      if (filter.state) records = records.filter((r) => r.state === filter.state);
      records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return records.slice(0, limit);
    },

    async cancel(id: string) {
      assertOpen();
      const found = await findJob(id);
      if (!found) {
        const removed = await cancelledRecord(id);
        if (removed) return removed;
        throw new NotFoundError(`Job ${id}`);
      }
      const current = toRecord(found.job, found.type, found.state, (await cancelRequested([id]))[0] ?? false);
      if (current.state === 'cancelled') return current;
      if (current.state === 'completed' || current.state === 'failed') throw new InvalidStateError(`Job ${id} is already ${current.state}`);
      await redis.set(cancelKeyOf(base, id), '1', 'EX', CANCEL_TTL_S);
      if (current.state === 'queued') {
        try {
          await found.job.remove();
          const record: BatchJobRecord = { ...current, state: 'cancelled', updatedAt: new Date().toISOString() };
          await saveCancelledRecord(record);
          logger.info({ job: id }, 'queued batch job cancelled');
          if (listeners.size) emitChain = emitChain.then(() => listeners.emit(record));
          return record;
        } catch (err) {
          // A worker took it meanwhile (BullMQ refuses to remove a locked job): signal it below.
          logger.debug({ err, job: id }, 'batch job could not be removed; signalling its worker');
        }
      }
      const receivers = await redis.publish(cancelChannelOf(base), id);
      logger.info({ job: id, workers: receivers }, 'active batch job cancel requested');
      const record = (await get(id)) ?? { ...current, state: 'cancelled' as const };
      refresh(id);
      return record;
    },

    onUpdate(listener) {
      return listeners.add(listener);
    },

    close() {
      closing ??= (async () => {
        listeners.clear();
        await emitChain;
        await closeAll();
      })();
      return closing;
    },
  };
}
