import { ParsePool, type ParsePoolOptions } from './parse-pool';
import type { UploadParseTasks } from './parse-tasks';

// One pool per process for the checks of uploads, used by the server's upload route and by the
// batch handlers (which probe their source again), wherever those run. Created on first use;
// its idle threads never keep a process alive. A server or `npm run worker` holds it while it
// runs, and the last holder to let go closes it (a test process may run several servers).

const THREAD_MODULE = new URL('./parse-thread.ts', import.meta.url);

let pool: ParsePool<UploadParseTasks> | undefined;
let holders = 0;
let settings: Omit<ParsePoolOptions, 'module'> = {};

/** The process's pool for parsing uploads, created on first use. */
export function parsePool(): ParsePool<UploadParseTasks> {
  pool ??= new ParsePool<UploadParseTasks>({ ...settings, module: THREAD_MODULE });
  return pool;
}

/**
 * Sets the threads, queue and limits of the pool (see ParsePoolOptions); the current pool, if
 * any, is closed (what runs on it is refused), so call it at start-up, before anything is checked.
 */
export async function configureParsePool(options: Omit<ParsePoolOptions, 'module'>): Promise<void> {
  settings = { ...options };
  const current = pool;
  pool = undefined;
  await current?.close();
}

/** Holds the pool for a server or worker process; the function returned lets go, and the last to let go closes it. */
export function holdParsePool(): () => Promise<void> {
  holders++;
  parsePool();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders--;
    if (holders > 0 || !pool) return;
    const closing = pool;
    pool = undefined;
    await closing.close();
  };
}
