import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
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
import { runAttempt, verdictOf, type Outcome } from './job-attempt';
import { BATCH_JOB_TYPES, UpdateListeners, createProgressReporter, listLimit, resolveConcurrency, validateJob, type BackoffOptions, type ConcurrencyOption, type ProgressReporter } from './job-common';
import { jobStore, type JobEngine, type JobTables } from './job-store';
import { OrderedWrites } from './ordered-writes';

/** Options of the in-process batch queue. */
export interface DbJobQueueOptions {
  /** The database the jobs live in (table `batch_jobs`, the server's migration 14): the server's own handle. Never closed by the queue. */
  db: Kysely<JobTables>;
  /** What `db` runs on. */
  engine: JobEngine;
  /** Handlers that run the jobs in this process; processing starts at once when given. Without them the queue only stores and lists. */
  handlers?: BatchHandlers;
  /** Jobs of one type running at once in this process. Default 1 per type. */
  concurrency?: ConcurrencyOption;
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** Backoff between attempts. Default 1000 ms doubling up to 60000 ms. */
  backoff?: BackoffOptions;
  /** Least time between two progress writes of one job, in ms. Default 500. */
  progressIntervalMs?: number;
  /** How long `stop`/`close` wait for aborted handlers to settle, in ms. Default 10000. */
  closeTimeoutMs?: number;
  /** How often the database is checked for jobs added or cancelled by another process, and claims are renewed, in ms. Default 2000. */
  pollIntervalMs?: number;
  /**
   * How long a claimed job stays this process's without a renewal, in ms. A job whose claim
   * lapsed (its process died or stalled) is run again by any queue that processes. Default 30000.
   */
  leaseMs?: number;
  /** Completed, failed and cancelled jobs older than this many days are deleted at open. Default 30; 0 keeps them. */
  retentionDays?: number;
}

/** The in-process batch queue, with processing that can be paused and resumed. */
export interface DbJobQueue extends BatchJobQueue {
  /** Starts (or resumes) processing. Needs `handlers`. */
  start(): void;
  /** Stops taking jobs: aborts the running handlers, waits for them (bounded) and queues them again. `start()` resumes. */
  stop(): Promise<void>;
  /** Whether jobs are being taken. */
  readonly running: boolean;
}

interface ActiveRun {
  record: BatchJobRecord;
  /** This attempt's claim: every write of the run is guarded by it. */
  claim: string;
  controller: AbortController;
  progress: ProgressReporter;
  settled: Promise<void>;
  /** The row is not this run's any more (cancelled, or taken over after its claim lapsed): the outcome is dropped. */
  dropped?: 'cancelled' | 'lost';
  /** Aborted by `stop`/`close`: a failure queues it again without counting the attempt. */
  interrupted: boolean;
}

/**
 * The default batch queue: jobs persisted in the server's database (SQLite or PostgreSQL), run
 * in this process by `handlers` with per-type concurrency, retried with exponential backoff
 * unless the error names a fault of the input (see isRetryable), which fails the job at once.
 * Several processes may share one database: each claim is one guarded statement (PostgreSQL: FOR
 * UPDATE SKIP LOCKED), held for `leaseMs` and renewed while the handler runs. A job whose claim
 * lapses (its process died) runs again, the lost attempt counted; a cancel from any process
 * reaches the handler at the next renewal.
 */
export function createDbJobQueue(options: DbJobQueueOptions): DbJobQueue {
  const logger = options.logger ?? defaultLogger();
  const handlers = options.handlers;
  const limits = resolveConcurrency(options.concurrency);
  const progressIntervalMs = options.progressIntervalMs ?? 500;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const leaseMs = options.leaseMs ?? 30_000;
  const renewEveryMs = Math.max(1, Math.min(pollIntervalMs, leaseMs / 3));
  const store = jobStore(options.db, options.engine);
  const instance = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let claims = 0;

  const listeners = new UpdateListeners(logger);
  const active = new Map<string, ActiveRun>();
  /** Database work this queue started (`close` waits for it); writes of one job land in order and `get` reads them. */
  const writes = new OrderedWrites(logger, (record) => listeners.emit(record));
  let processing = false;
  let nextRecoveryAt = 0;
  let wakeTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  let stopping: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const track = <T>(p: Promise<T>): Promise<T> => writes.track(p);
  const write = (id: string, change: () => Promise<BatchJobRecord | null>) => writes.write(id, change);
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

  const retentionDays = options.retentionDays ?? 30;
  if (retentionDays > 0) {
    track(store.pruneFinished(new Date(Date.now() - retentionDays * 86_400_000).toISOString())).catch((err: unknown) =>
      logger.error({ err }, 'finished batch jobs could not be pruned'),
    );
  }

  /** Recovers lapsed claims (once per poll interval), then claims every due job that has a free slot; returns the types with one left. */
  const claimDue = async (): Promise<BatchJobType[]> => {
    if (Date.now() >= nextRecoveryAt) {
      nextRecoveryAt = Date.now() + pollIntervalMs;
      const orphans = await store.recoverExpired(Date.now());
      if (orphans.length) logger.warn({ jobs: orphans.map((o) => `${o.id}: ${o.state}`) }, 'batch jobs whose process stopped renewing its claim were recovered');
      for (const o of orphans) emit(o);
    }
    const free: BatchJobType[] = [];
    const due = new Set(await store.dueTypes(Date.now()));
    for (const type of BATCH_JOB_TYPES) {
      while (processing && due.has(type) && runningOf(type) < limits[type]) {
        const claim = `${instance}#${++claims}`;
        const record = await store.claimNext(type, claim, Date.now() + leaseMs);
        if (!record) break;
        // `stop` came while the claim was on its way: give the job back untouched.
        if (!processing) await write(record.id, () => store.requeueInterrupted(record.id, claim));
        else startRun(record, claim);
      }
      if (runningOf(type) < limits[type]) free.push(type);
    }
    return free;
  };

  /** Starts every due job that has a free slot, then sleeps until the next one is due (or the poll interval). */
  const pump = (): void => {
    if (!processing) return;
    pumpAgain = true;
    if (pumping) return;
    pumping = track(
      (async () => {
        let wait = pollIntervalMs;
        try {
          while (pumpAgain && processing) {
            pumpAgain = false;
            const free = await claimDue();
            const next = processing ? await store.nextRunAt(free) : null;
            wait = next === null ? pollIntervalMs : Math.min(pollIntervalMs, Math.max(0, next - Date.now()));
          }
        } catch (err) {
          logger.error({ err }, 'batch queue could not claim jobs; trying again');
        } finally {
          pumping = undefined;
        }
        clearTimeout(wakeTimer);
        wakeTimer = processing ? setTimeout(pump, wait) : undefined;
      })(),
    );
  };

  /** Renews the claims of the running jobs; a job no longer ours (cancelled elsewhere, taken over) has its handler aborted. */
  const renew = async () => {
    const runs = [...active.values()].filter((r) => !r.dropped);
    if (runs.length === 0) return;
    const held = new Set(await store.renewLeases(runs.map((r) => r.claim), Date.now() + leaseMs));
    for (const run of runs) {
      if (held.has(run.claim) || active.get(run.record.id) !== run || run.dropped) continue;
      run.dropped = 'lost';
      logger.warn({ job: run.record.id }, 'batch job is no longer this process\'s (cancelled or taken over); its handler is aborted');
      run.controller.abort(new Error('The job was cancelled or taken over by another process'));
    }
  };

  const startRun = (record: BatchJobRecord, claim: string) => {
    const id = record.id;
    const run: ActiveRun = {
      record,
      claim,
      controller: new AbortController(),
      progress: createProgressReporter((p) => {
        if (active.get(id) === run && !run.dropped) void write(id, () => store.setProgress(id, claim, p));
      }, progressIntervalMs),
      settled: Promise.resolve(),
      interrupted: false,
    };
    active.set(id, run);
    logger.debug({ job: id, type: record.type, attempt: record.attempts }, 'batch job started');
    emit(record);
    run.settled = runAttempt(record, handlers!, run.controller.signal, (percent) => run.progress.report(percent)).then((outcome) => settle(run, outcome));
  };

  const settle = async (run: ActiveRun, outcome: Outcome): Promise<void> => {
    const { id, attempts } = run.record;
    const { claim } = run;
    // Not ours any more: `stop` gave up waiting and queued the job again.
    if (active.get(id) !== run) return run.progress.stop();
    // The last reported progress is kept, also when the attempt failed and the job waits to retry.
    run.progress.flush();
    run.progress.stop();
    active.delete(id);
    let stored: BatchJobRecord | null | undefined;
    if (run.dropped === 'cancelled') logger.info({ job: id }, 'batch job cancelled');
    else if (run.dropped === 'lost') stored = null;
    else {
      const verdict = verdictOf(run.record, outcome, run.interrupted, options.backoff);
      if (verdict.kind === 'complete') {
        logger.info({ job: id, attempt: attempts }, 'batch job completed');
        stored = await write(id, () => store.complete(id, claim, verdict.resultJson));
      } else if (verdict.kind === 'requeue') {
        logger.info({ job: id }, 'batch job interrupted by shutdown; queued again');
        stored = await write(id, () => store.requeueInterrupted(id, claim));
      } else if (verdict.kind === 'fail') {
        logger.warn({ job: id, attempt: attempts, error: verdict.error, ...(verdict.final ? { retried: false } : {}) }, 'batch job failed');
        stored = await write(id, () => store.fail(id, claim, verdict.error));
      } else {
        logger.warn({ job: id, attempt: attempts, error: verdict.error, retryInMs: verdict.retryInMs }, 'batch job attempt failed; retrying');
        stored = await write(id, () => store.retry(id, claim, verdict.error, Date.now() + verdict.retryInMs));
      }
    }
    // A cancel or another process's recovery got to the row first (or the write failed, logged).
    if (stored === null) logger.warn({ job: id, attempt: attempts }, 'batch job outcome dropped: the job is no longer this attempt\'s');
    pump();
  };

  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    if (!processing) return Promise.resolve();
    processing = false;
    clearTimeout(wakeTimer);
    wakeTimer = undefined;
    stopping = (async () => {
      // A claim on its way is given back by claimDue; after this no run starts.
      await pumping;
      const runs = [...active.values()];
      for (const run of runs) {
        run.interrupted = true;
        run.controller.abort(new Error('The job queue is stopping'));
      }
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
        await write(run.record.id, () => store.requeueInterrupted(run.record.id, run.claim));
      }
      clearInterval(renewTimer);
      renewTimer = undefined;
    })().finally(() => (stopping = undefined));
    return stopping;
  };

  const queue: DbJobQueue = {
    get running() {
      return processing;
    },

    start() {
      assertOpen();
      if (!handlers) throw new InvalidStateError('This job queue has no handlers to process with');
      if (processing) return;
      if (stopping) throw new InvalidStateError('The job queue is still stopping');
      processing = true;
      renewTimer ??= setInterval(() => {
        track(renew()).catch((err: unknown) => logger.error({ err }, 'batch job claims could not be renewed'));
      }, renewEveryMs);
      pump();
    },

    stop,

    async enqueue(job: BatchJob, enqueueOptions: EnqueueOptions = {}) {
      assertOpen();
      const valid = validateJob(job, enqueueOptions);
      const { record, created } = await track(store.insert({ ...valid, id: valid.id ?? randomUUID() }));
      if (created) {
        logger.debug({ job: record.id, type: record.type }, 'batch job queued');
        emit(record);
        pump();
      }
      return record;
    },

    async get(id: string) {
      assertOpen();
      // This process's own writes of the job are read back.
      await writes.landed(id);
      return track(store.get(id));
    },

    async list(filter = {}) {
      assertOpen();
      await writes.allLanded();
      return track(store.list({ state: filter.state, type: filter.type, limit: listLimit(filter.limit) }));
    },

    async cancel(id: string) {
      assertOpen();
      const record = await track(store.get(id));
      if (!record) throw new NotFoundError(`Job ${id}`);
      if (record.state === 'cancelled') return record;
      if (record.state === 'completed' || record.state === 'failed') throw new InvalidStateError(`Job ${id} is already ${record.state}`);
      const cancelled = await track(store.cancel(id));
      if (!cancelled) {
        // It ended between the read and the update.
        const now = await track(store.get(id));
        if (now?.state === 'cancelled') return now;
        throw new InvalidStateError(`Job ${id} is already ${now?.state ?? 'gone'}`);
      }
      const run = active.get(id);
      if (run) {
        run.dropped = 'cancelled';
        run.controller.abort(new Error('The job was cancelled'));
      }
      // A job running in another process is aborted there at its next claim renewal.
      logger.info({ job: id, wasActive: record.state === 'active', here: Boolean(run) }, 'batch job cancel requested');
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
        clearInterval(renewTimer);
        await pumping;
        await writes.settled();
        listeners.clear();
      })();
      return closing;
    },
  };
  if (handlers) queue.start();
  return queue;
}
