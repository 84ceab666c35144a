import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode, MEDIA_REJECTION_CODES, MediaRejectedError, type MediaRejectionCode } from '@yunzhan/shared';
import { PARSE_TASK_TIMEOUT_MS, PARSE_THREAD_HEAP_MB } from './parse-limits';
import type { ParseTaskMap, Refusal, TaskMessage, ThreadMessage } from './parse-protocol';

const ENTRY = new URL('./parse-thread-entry.mjs', import.meta.url);
/** A thread that has not said it is ready after this long is given up on, in ms. */
const START_TIMEOUT_MS = 60_000;

/** Options of a parse pool. */
export interface ParsePoolOptions {
  /** The module a thread loads (it calls serveParseTasks), as a file URL. */
  module: URL;
  /** Most threads at once. Default: one per core but one, between 1 and 4. */
  maxThreads?: number;
  /** Most tasks waiting for a thread; more are refused with MEDIA_UNAVAILABLE. Default 64. */
  maxQueue?: number;
  /** Longest a task may run once its thread has taken it, in ms; the thread is then terminated. Default PARSE_TASK_TIMEOUT_MS (10 s). */
  taskTimeoutMs?: number;
  /** Old-generation heap of each thread, in MiB; a task needing more ends its thread. Default PARSE_THREAD_HEAP_MB (256). */
  maxHeapMb?: number;
  /** How long an idle thread is kept, in ms. Default 300000. */
  idleTimeoutMs?: number;
}

/** What a pool is doing now. */
export interface ParsePoolStats {
  threads: number;
  busy: number;
  queued: number;
}

interface Task {
  id: number;
  type: string;
  input: unknown;
  /** The code a task over the time or memory limit is refused with. */
  limitCode: MediaRejectionCode;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  task?: Task;
  /** The start deadline, then the running task's deadline, then the idle timeout. */
  timer?: NodeJS.Timeout;
  retired: boolean;
  exited: Promise<void>;
}

const isMediaRejection = (code: string): code is MediaRejectionCode => (MEDIA_REJECTION_CODES as readonly string[]).includes(code);

/** A thread's refusal as the error it was: a MediaRejectedError, another AppError, or (a system error's code, e.g. ENOENT) a plain Error. */
function errorOf({ code, message, details }: Refusal): Error {
  if (isMediaRejection(code)) return new MediaRejectedError(code, message, details);
  const known = ErrorCode.safeParse(code);
  return known.success ? new AppError(known.data, message, details) : new Error(`${code}: ${message}`);
}

/**
 * A bounded pool of worker threads for parsing untrusted bytes off the main thread. Threads start
 * on demand up to `maxThreads`; further tasks wait in a queue of at most `maxQueue`. A task that
 * runs past `taskTimeoutMs` or needs more than `maxHeapMb` is refused with the caller's
 * `limitCode` and its thread is terminated (a fresh one takes the next task). Idle threads do not
 * keep the process alive and end after `idleTimeoutMs`. `close()` refuses what is queued or
 * running (MEDIA_UNAVAILABLE) and terminates every thread.
 */
export class ParsePool<T extends ParseTaskMap<T>> {
  private readonly threads = new Set<Thread>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closing: Promise<void> | undefined;
  readonly maxThreads: number;
  private readonly maxQueue: number;
  private readonly taskTimeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: ParsePoolOptions) {
    this.maxThreads = options.maxThreads ?? Math.min(4, Math.max(1, os.availableParallelism() - 1));
    this.maxQueue = options.maxQueue ?? 64;
    this.taskTimeoutMs = options.taskTimeoutMs ?? PARSE_TASK_TIMEOUT_MS;
    this.maxHeapMb = options.maxHeapMb ?? PARSE_THREAD_HEAP_MB;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
  }

  /** Threads, busy threads and waiting tasks. */
  get stats(): ParsePoolStats {
    let busy = 0;
    for (const t of this.threads) if (t.task) busy++;
    return { threads: this.threads.size, busy, queued: this.queue.length };
  }

  /** Runs a task on a thread: its value, its refusal (a MediaRejectedError or AppError), or `limitCode` over a limit. */
  run<K extends keyof T & string>(type: K, input: T[K]['input'], limitCode: MediaRejectionCode): Promise<T[K]['output']> {
    if (this.closing) return Promise.reject(new AppError('MEDIA_UNAVAILABLE', 'The file checks are shutting down'));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new AppError('MEDIA_UNAVAILABLE', 'Too many files are being checked; try again shortly'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, type, input, limitCode, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Refuses queued and running tasks and terminates every thread. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const gone = new AppError('MEDIA_UNAVAILABLE', 'The file checks are shutting down');
      for (const task of this.queue.splice(0)) task.reject(gone);
      const exits = [...this.threads].map((t) => t.exited);
      for (const thread of [...this.threads]) this.retire(thread, gone);
      await Promise.all(exits);
    })();
    return this.closing;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closing) {
      const idle = [...this.threads].find((t) => t.ready && !t.task && !t.retired);
      if (idle) {
        this.assign(idle, this.queue.shift()!);
        continue;
      }
      const starting = [...this.threads].filter((t) => !t.ready).length;
      // Enough threads are starting for what waits, or no room for another: the task waits.
      if (starting >= this.queue.length || this.threads.size >= this.maxThreads) return;
      this.spawn();
    }
  }

  private spawn(): void {
    const worker = new Worker(ENTRY, {
      workerData: { module: this.options.module.href },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, ready: false, retired: false, exited: new Promise((resolve) => worker.once('exit', () => resolve())) };
    this.threads.add(thread);
    thread.timer = setTimeout(() => this.retire(thread, new Error('A parse thread did not start')), START_TIMEOUT_MS);
    worker.on('message', (msg: ThreadMessage) => this.onMessage(thread, msg));
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY' && thread.task) {
        this.retire(thread, new MediaRejectedError(thread.task.limitCode, 'The file needs more memory to read than is allowed', { maxHeapMb: this.maxHeapMb }));
      } else {
        this.retire(thread, new Error(`A parse thread failed: ${err.message}`));
      }
    });
    worker.once('exit', () => this.retire(thread, new Error('A parse thread exited')));
  }

  private onMessage(thread: Thread, msg: ThreadMessage): void {
    if (thread.retired) return;
    if ('ready' in msg) {
      thread.ready = true;
      this.idle(thread);
      return this.dispatch();
    }
    const task = thread.task;
    if (!task || task.id !== msg.id) return;
    thread.task = undefined;
    if (msg.ok) task.resolve(msg.value);
    else if ('refusal' in msg) task.reject(errorOf(msg.refusal));
    else task.reject(new Error(msg.error));
    this.idle(thread);
    this.dispatch();
  }

  private assign(thread: Thread, task: Task): void {
    clearTimeout(thread.timer);
    thread.task = task;
    // Busy threads keep the process alive until they answer; idle ones do not.
    thread.worker.ref();
    thread.timer = setTimeout(() => {
      this.retire(thread, new MediaRejectedError(task.limitCode, 'The file takes too long to read', { timeoutMs: this.taskTimeoutMs }));
    }, this.taskTimeoutMs);
    thread.worker.postMessage({ id: task.id, type: task.type, input: task.input } satisfies TaskMessage);
  }

  private idle(thread: Thread): void {
    clearTimeout(thread.timer);
    thread.worker.unref();
    thread.timer = setTimeout(() => this.retire(thread, undefined), this.idleTimeoutMs);
    thread.timer.unref();
  }

  /** Terminates a thread (once), refusing its task with `reason`; another thread takes what waits. */
  private retire(thread: Thread, reason: unknown): void {
    if (thread.retired) return;
    thread.retired = true;
    clearTimeout(thread.timer);
    this.threads.delete(thread);
    const task = thread.task;
    thread.task = undefined;
    if (task) task.reject(reason ?? new Error('A parse thread ended'));
    else if (!thread.ready && reason && this.queue.length > 0) {
      // A thread that cannot start would fail every task: the first in line learns why.
      this.queue.shift()!.reject(reason);
    }
    void thread.worker.terminate();
    this.dispatch();
  }
}
