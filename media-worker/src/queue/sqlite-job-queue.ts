import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  InvalidStateError,
  NotFoundError,
  type BatchHandlers,
  type BatchJob,
  type BatchJobQueue,
  type BatchJobRecord,
  type BatchJobType,
  type EnqueueOptions,
} from '@yunzhan/shared';
import { defaultLogger } from '../util/logger';
import {
  BATCH_JOB_TYPES,
  UpdateListeners,
  backoffDelayMs,
  createProgressReporter,
  errorMessageOf,
  isRetryable,
  listLimit,
  parsePayload,
  resolveConcurrency,
  validateJob,
  type BackoffOptions,
  type ConcurrencyOption,
  type ProgressReporter,
} from './job-common';
import { SqliteJobStore } from './sqlite-job-store';

/** Options of the in-process batch queue. */
export interface SqliteJobQueueOptions {
  /** The queue's own SQLite file (e.g. `<dataDir>/jobs.sqlite`); `:memory:` for a throwaway queue. */
  file: string;
  /** Handlers that run the jobs in this process; processing starts at once when given. Without them the queue only stores and lists. */
  handlers?: BatchHandlers;
  /** Jobs of one type running at once. Default 1 per type. */
  concurrency?: ConcurrencyOption;
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** Backoff between attempts. Default 1000 ms doubling up to 60000 ms. */
  backoff?: BackoffOptions;
  /** Least time between two progress writes of one job, in ms. Default 500. */
  progressIntervalMs?: number;
  /** How long `stop`/`close` wait for aborted handlers to settle, in ms. Default 10000. */
  closeTimeoutMs?: number;
  /** How often the file is checked for jobs added by another process, in ms. Default 2000. */
  pollIntervalMs?: number;
  /** Completed, failed and cancelled jobs older than this many days are deleted at open. Default 30; 0 keeps them. */
  retentionDays?: number;
}

/** The in-process batch queue, with processing that can be paused and resumed. */
export interface SqliteJobQueue extends BatchJobQueue {
  /** Starts (or resumes) processing; the first start queues again the jobs a dead process left active. Needs `handlers`. */
  start(): void;
  /** Stops taking jobs: aborts the running handlers, waits for them (bounded) and queues them again. `start()` resumes. */
  stop(): Promise<void>;
  /** Whether jobs are being taken. */
  readonly running: boolean;
}

interface ActiveRun {
  record: BatchJobRecord;
  controller: AbortController;
  progress: ProgressReporter;
  settled: Promise<void>;
  /** Cancelled by `cancel`: the row says cancelled already, the outcome is dropped. */
  cancelled: boolean;
  /** Aborted by `stop`/`close`: a failure queues it again without counting the attempt. */
  interrupted: boolean;
}

/** How an attempt ended; `final` failures (a payload that no longer validates, a fault of the input) are not retried. */
type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown; final?: boolean };

/**
 * The default batch queue: jobs persisted in their own SQLite file, run in this process by
 * `handlers` with per-type concurrency, retried with exponential backoff unless the error names a
 * fault of the input (see isRetryable), which fails the job at once. Queued jobs survive a
 * restart; jobs a dead process left active run again (the lost attempt counts). One processing
 * instance per file: the first start re-queues every active row it finds.
 */
export function createSqliteJobQueue(options: SqliteJobQueueOptions): SqliteJobQueue {
  const logger = options.logger ?? defaultLogger();
  const handlers = options.handlers;
  const limits = resolveConcurrency(options.concurrency);
  const progressIntervalMs = options.progressIntervalMs ?? 500;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const store = new SqliteJobStore(options.file);
  const retentionDays = options.retentionDays ?? 30;
  if (retentionDays > 0) store.pruneFinished(new Date(Date.now() - retentionDays * 86_400_000).toISOString());

  const listeners = new UpdateListeners(logger);
  const active = new Map<string, ActiveRun>();
  let processing = false;
  let recovered = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const assertOpen = () => {
    if (closing) throw new InvalidStateError('The job queue is closed');
  };
  const emit = (record: BatchJobRecord | null) => {
    if (record) listeners.emit(record);
  };
  const runningOf = (type: BatchJobType) => {
    let n = 0;
    for (const run of active.values()) if (run.record.type === type) n++;
    return n;
  };

  let pumping = false;
  let pumpAgain = false;
  /** Starts every due job that has a free slot, then sleeps until the next one is due (or the poll interval). */
  const pump = () => {
    if (!processing || store.isClosed) return;
    // A handler that throws at once settles inside startRun, which pumps again: loop instead of nesting.
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      let free: BatchJobType[];
      do {
        pumpAgain = false;
        free = [];
        for (const type of BATCH_JOB_TYPES) {
          while (processing && runningOf(type) < limits[type]) {
            const record = store.claimNext(type);
            if (!record) break;
            startRun(record);
          }
          if (runningOf(type) < limits[type]) free.push(type);
        }
      } while (pumpAgain && processing);
      clearTimeout(wakeTimer);
      wakeTimer = undefined;
      if (!processing) return;
      const next = store.nextRunAt(free);
      const wait = next === null ? pollIntervalMs : Math.min(pollIntervalMs, Math.max(0, next - Date.now()));
      wakeTimer = setTimeout(pump, wait);
    } finally {
      pumping = false;
    }
  };

  const startRun = (record: BatchJobRecord) => {
    const id = record.id;
    const run: ActiveRun = {
      record,
      controller: new AbortController(),
      progress: createProgressReporter((p) => {
        if (active.get(id) === run && !run.cancelled && !store.isClosed) emit(store.setProgress(id, p));
      }, progressIntervalMs),
      settled: Promise.resolve(),
      cancelled: false,
      interrupted: false,
    };
    active.set(id, run);
    logger.debug({ job: id, type: record.type, attempt: record.attempts }, 'batch job started');
    emit(record);
    run.settled = (async () => {
      let outcome: Outcome;
      let payload: unknown;
      try {
        payload = parsePayload(record.type, record.payload);
      } catch (err) {
        return settle(run, { ok: false, err, final: true });
      }
      try {
        const handler = handlers![record.type] as (payload: unknown, ctx: Parameters<BatchHandlers[BatchJobType]>[1]) => Promise<unknown>;
        const value = await handler(payload, {
          signal: run.controller.signal,
          progress: (percent) => run.progress.report(percent),
          attempt: record.attempts,
        });
        outcome = { ok: true, value };
      } catch (err) {
        outcome = { ok: false, err, final: !isRetryable(err) };
      }
      settle(run, outcome);
    })();
  };

  const settle = (run: ActiveRun, outcome: Outcome) => {
    const { id, attempts, maxAttempts } = run.record;
    // Not ours any more: `stop` gave up waiting and queued the job again.
    if (active.get(id) !== run) return run.progress.stop();
    // The last reported progress is kept, also when the attempt failed and the job waits to retry.
    run.progress.flush();
    run.progress.stop();
    active.delete(id);
    if (store.isClosed) return;
    if (run.cancelled) {
      logger.info({ job: id }, 'batch job cancelled');
    } else if (outcome.ok) {
      let resultJson: string | undefined;
      try {
        resultJson = JSON.stringify(outcome.value ?? null);
      } catch (err) {
        outcome = { ok: false, err: new Error(`The result is not JSON: ${errorMessageOf(err)}`) };
      }
      if (resultJson !== undefined) {
        logger.info({ job: id, attempt: attempts }, 'batch job completed');
        emit(store.complete(id, resultJson));
      }
    }
    if (!run.cancelled && !outcome.ok) {
      const error = errorMessageOf(outcome.err);
      if (run.interrupted) {
        logger.info({ job: id }, 'batch job interrupted by shutdown; queued again');
        emit(store.requeueInterrupted(id));
      } else if (attempts >= maxAttempts || outcome.final) {
        logger.warn({ job: id, attempt: attempts, error, ...(outcome.final ? { retried: false } : {}) }, 'batch job failed');
        emit(store.fail(id, error));
      } else {
        const wait = backoffDelayMs(attempts, options.backoff);
        logger.warn({ job: id, attempt: attempts, error, retryInMs: wait }, 'batch job attempt failed; retrying');
        emit(store.retry(id, error, Date.now() + wait));
      }
    }
    pump();
  };

  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    if (!processing) return Promise.resolve();
    processing = false;
    clearTimeout(wakeTimer);
    wakeTimer = undefined;
    const runs = [...active.values()];
    for (const run of runs) {
      run.interrupted = true;
      run.controller.abort(new Error('The job queue is stopping'));
    }
    stopping = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, closeTimeoutMs)));
      await Promise.race([Promise.allSettled(runs.map((r) => r.settled)), timeout]);
      clearTimeout(timer);
      for (const run of runs) {
        if (active.get(run.record.id) !== run) continue;
        // The handler ignores its signal: leave it behind and make the job runnable again.
        active.delete(run.record.id);
        run.progress.stop();
        logger.warn({ job: run.record.id, waitedMs: closeTimeoutMs }, 'batch job handler did not stop; queued again');
        if (!store.isClosed) emit(store.requeueInterrupted(run.record.id));
      }
    })().finally(() => (stopping = undefined));
    return stopping;
  };

  const queue: SqliteJobQueue = {
    get running() {
      return processing;
    },

    start() {
      assertOpen();
      if (!handlers) throw new InvalidStateError('This job queue has no handlers to process with');
      if (processing) return;
      if (stopping) throw new InvalidStateError('The job queue is still stopping');
      if (!recovered) {
        recovered = true;
        const orphans = store.recoverOrphans();
        if (orphans.length) logger.warn({ jobs: orphans.map((o) => o.id) }, 'batch jobs left active by a stopped process were recovered');
        for (const o of orphans) emit(o);
      }
      processing = true;
      pump();
    },

    stop,

    async enqueue(job: BatchJob, enqueueOptions: EnqueueOptions = {}) {
      assertOpen();
      const valid = validateJob(job, enqueueOptions);
      const { record, created } = store.insert({ ...valid, id: valid.id ?? randomUUID() });
      if (created) {
        logger.debug({ job: record.id, type: record.type }, 'batch job queued');
        emit(record);
        pump();
      }
      return record;
    },

    async get(id: string) {
      assertOpen();
      return store.get(id);
    },

    async list(filter = {}) {
      assertOpen();
      return store.list({ state: filter.state, type: filter.type, limit: listLimit(filter.limit) });
    },

    async cancel(id: string) {
      assertOpen();
      const record = store.get(id);
      if (!record) throw new NotFoundError(`Job ${id}`);
      if (record.state === 'cancelled') return record;
      if (record.state === 'completed' || record.state === 'failed') throw new InvalidStateError(`Job ${id} is already ${record.state}`);
      const cancelled = store.cancel(id)!;
      const run = active.get(id);
      if (run) {
        run.cancelled = true;
        run.controller.abort(new Error('The job was cancelled'));
      }
      logger.info({ job: id, wasActive: Boolean(run) }, 'batch job cancel requested');
      emit(cancelled);
      return cancelled;
    },

    onUpdate(listener) {
      return listeners.add(listener);
    },

    close() {
      closing ??= (async () => {
        await stop();
        clearTimeout(wakeTimer);
        listeners.clear();
        store.close();
      })();
      return closing;
    },
  };
  if (handlers) queue.start();
  return queue;
}
