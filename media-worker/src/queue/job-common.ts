import type { Logger } from 'pino';
import {
  AppError,
  BatchJobPayloadSchemas,
  MEDIA_REJECTION_CODES,
  ValidationError,
  parseOrThrow,
  type BatchJob,
  type ErrorCode,
  type BatchJobPayloads,
  type BatchJobRecord,
  type BatchJobType,
} from '@yunzhan/shared';

// What both queue back ends share: validation at the boundary, error messages with their code,
// backoff, concurrency limits, throttled progress and the update listeners.

/** Every batch job type, in the contract's order. */
export const BATCH_JOB_TYPES = Object.keys(BatchJobPayloadSchemas) as BatchJobType[];

/** Attempts before a job fails for good when `enqueue` names none. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Most attempts `enqueue` accepts. */
export const MAX_ATTEMPTS_LIMIT = 100;
/** Jobs `list` returns when no limit is given. */
export const DEFAULT_LIST_LIMIT = 100;
/** Most jobs `list` returns at all. */
export const MAX_LIST_LIMIT = 1000;

// BullMQ refuses custom ids that are integers or contain ':'; one rule for both back ends keeps
// an id that works in-process working with REDIS_URL too.
const JOB_ID = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;

/** Exponential backoff between attempts. */
export interface BackoffOptions {
  /** Wait before the second attempt, in ms; doubles per attempt. Default 1000. */
  baseMs?: number;
  /** Longest wait between attempts, in ms. Default 60000. */
  maxMs?: number;
}

/** Per job type concurrency: one number for every type, or a number per type. Default 1 per type. */
export type ConcurrencyOption = number | Partial<Record<BatchJobType, number>>;

/** A job checked at the queue boundary: known type, payload parsed (defaults applied), id and attempts valid. */
export interface ValidatedJob {
  id: string | undefined;
  type: BatchJobType;
  payload: unknown;
  maxAttempts: number;
}

/** Validates a job and its enqueue options, throwing ValidationError naming what is wrong. */
export function validateJob(job: BatchJob, options: { id?: string; maxAttempts?: number } = {}): ValidatedJob {
  const type = (job as { type?: unknown })?.type;
  if (typeof type !== 'string' || !Object.hasOwn(BatchJobPayloadSchemas, type)) {
    throw new ValidationError(`Unknown batch job type: ${String(type)}`);
  }
  const batchType = type as BatchJobType;
  const payload: unknown = parseOrThrow(BatchJobPayloadSchemas[batchType], job.payload);
  if (options.id !== undefined && !JOB_ID.test(options.id)) {
    throw new ValidationError('Invalid job id: 1-128 of A-Z a-z 0-9 _ -, not only digits');
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw new ValidationError(`Invalid maxAttempts: an integer from 1 to ${MAX_ATTEMPTS_LIMIT}`);
  }
  return { id: options.id, type: batchType, payload, maxAttempts };
}

/** Parses a stored payload again before a run, so a handler only ever sees a valid one. */
export function parsePayload<T extends BatchJobType>(type: T, payload: unknown): BatchJobPayloads[T] {
  return parseOrThrow(BatchJobPayloadSchemas[type], payload) as BatchJobPayloads[T];
}

/** Clamps `limit` to 1..MAX_LIST_LIMIT. Default DEFAULT_LIST_LIMIT. */
export function listLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The message stored as a job's error: `CODE: message` for an AppError, else the message. */
export function errorMessageOf(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * Codes that name a fault of the job's input: a corrupt, cut-off or unsupported file, one over a
 * limit, a payload that does not validate. Another attempt would fail the same way.
 */
const UNRETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([...MEDIA_REJECTION_CODES, 'VALIDATION_FAILED', 'BAD_REQUEST']);

/**
 * Whether a failed attempt is worth another: not for an AppError whose code names a fault of the
 * input (see UNRETRYABLE_CODES), nor for an error marked `retryable: false`; yes for anything
 * else (ffmpeg missing, a full disk, a crash), which may pass on a later attempt.
 */
export function isRetryable(err: unknown): boolean {
  if ((err as { retryable?: unknown } | null)?.retryable === false) return false;
  return !(err instanceof AppError && UNRETRYABLE_CODES.has(err.code));
}

/** Progress clamped to 0..100; NaN counts as 0. */
export function clampProgress(percent: number): number {
  if (!Number.isFinite(percent)) return percent === Infinity ? 100 : 0;
  return Math.min(100, Math.max(0, percent));
}

/** Wait in ms after failed attempt number `attempt` (1-based): baseMs·2^(attempt-1), at most maxMs. */
export function backoffDelayMs(attempt: number, backoff: BackoffOptions = {}): number {
  const base = backoff.baseMs ?? 1000;
  const max = backoff.maxMs ?? 60_000;
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

/** The concurrency limit of every type. */
export function resolveConcurrency(concurrency: ConcurrencyOption | undefined): Record<BatchJobType, number> {
  const limits = {} as Record<BatchJobType, number>;
  for (const type of BATCH_JOB_TYPES) {
    const n = typeof concurrency === 'number' ? concurrency : (concurrency?.[type] ?? 1);
    if (!Number.isInteger(n) || n < 1) throw new ValidationError(`Invalid concurrency for ${type}: a positive integer`);
    limits[type] = n;
  }
  return limits;
}

/** A throttled progress reporter: the first report and then at most one per interval, the last one always written. */
export interface ProgressReporter {
  report(percent: number): void;
  /** Writes a pending report now. */
  flush(): void;
  /** Drops a pending report and stops the timer. */
  stop(): void;
}

/** Calls `write` with clamped progress at most once per `intervalMs` (trailing write included). */
export function createProgressReporter(write: (percent: number) => void, intervalMs: number): ProgressReporter {
  let lastWritten = -1;
  let lastWriteAt = 0;
  let pending: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === undefined || stopped) return;
    const p = pending;
    pending = undefined;
    lastWritten = p;
    lastWriteAt = Date.now();
    write(p);
  };
  return {
    report(percent) {
      if (stopped) return;
      const p = clampProgress(percent);
      if (p === lastWritten && pending === undefined) return;
      pending = p;
      const wait = lastWriteAt + intervalMs - Date.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The listeners of `onUpdate`; one that throws is logged and does not stop the others. */
export class UpdateListeners {
  private readonly listeners = new Set<(job: BatchJobRecord) => void>();
  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns the unsubscribe function. */
  add(listener: (job: BatchJobRecord) => void): () => void {
    // A wrapper, so the same function subscribed twice is two subscriptions.
    const entry = (job: BatchJobRecord) => listener(job);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Whether anyone listens (the BullMQ queue skips fetching records otherwise). */
  get size(): number {
    return this.listeners.size;
  }

  emit(job: BatchJobRecord): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(job);
      } catch (err) {
        this.logger.error({ err, job: job.id }, 'batch job update listener threw');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
