// The messages between a parse pool and its threads, and the loop a thread runs. Kept free of
// imports beyond node:, so that a thread starts by loading little more than its own tasks.
import { parentPort } from 'node:worker_threads';

/** A task type's input and output. */
export interface ParseTaskSpec {
  input: unknown;
  output: unknown;
}
/** Task types by name: `{ [name]: { input, output } }`. */
export type ParseTaskMap<T> = { [K in keyof T]: ParseTaskSpec };

/** A refusal a task throws: an error with a stable code (an AppError), carried across by value. */
export interface Refusal {
  code: string;
  message: string;
  details?: unknown;
}

/** Pool → thread: run this task. */
export interface TaskMessage {
  id: number;
  type: string;
  input: unknown;
}

/** Thread → pool: loaded and ready for tasks, or a task's outcome. */
export type ThreadMessage =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; refusal: Refusal }
  | { id: number; ok: false; error: string };

/** The functions a thread runs, one per task type. */
export type ParseTaskHandlers<T extends ParseTaskMap<T>> = { [K in keyof T]: (input: T[K]['input']) => T[K]['output'] | Promise<T[K]['output']> };

const refusalOf = (err: unknown): Refusal | undefined => {
  if (!(err instanceof Error)) return undefined;
  // AppError's shape, checked by value: its class does not survive the trip between threads.
  const { code, details } = err as Error & { code?: unknown; details?: unknown };
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? { code, message: err.message, details } : undefined;
};

/** Runs in a parse thread: answers each task with its handler's value, its refusal or its error, then says it is ready. */
export function serveParseTasks<T extends ParseTaskMap<T>>(handlers: ParseTaskHandlers<T>): void {
  const port = parentPort;
  if (!port) throw new Error('serveParseTasks runs in a worker thread');
  port.on('message', (task: TaskMessage) => {
    void (async () => {
      let reply: ThreadMessage;
      try {
        const handler = (handlers as Record<string, (input: unknown) => unknown>)[task.type];
        if (!handler) throw new Error(`No parse task ${task.type}`);
        reply = { id: task.id, ok: true, value: await handler(task.input) };
      } catch (err) {
        const refusal = refusalOf(err);
        reply = refusal ? { id: task.id, ok: false, refusal } : { id: task.id, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
    })();
  });
  port.postMessage({ ready: true } satisfies ThreadMessage);
}
