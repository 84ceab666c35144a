import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

// SQLite's WAL checkpoints off the event loop. By default the connection that commits the write
// which takes the WAL past 1,000 pages copies the WAL into the database file and syncs it, inside
// that COMMIT: about 5 ms on this kind of disk, every second or so under a vote storm, with the
// whole server's event loop stopped. Here the server's connection never checkpoints
// (wal_autocheckpoint = 0); a thread with its own connection (wal-checkpoint-thread.mjs) does it
// every `intervalMs`. If the thread fails or exits, the server's connection checkpoints itself
// again (wal_autocheckpoint back to SQLite's 1,000 pages), so the WAL never grows without bound.

const ENTRY = new URL('./wal-checkpoint-thread.mjs', import.meta.url);

/** SQLite's default wal_autocheckpoint, in pages. */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** A checkpoint's result: frames in the WAL, and how many of them are in the database file. */
export interface WalState {
  log: number;
  checkpointed: number;
}

/** Options of a WalCheckpointer. */
export interface WalCheckpointerOptions {
  /** How often the thread checkpoints, in ms. Default 250. */
  intervalMs?: number;
  /** WAL size from which the thread waits for writers to restart the log, in bytes. Default 64 MiB. */
  restartBytes?: number;
  /** Told when the thread failed and the connection checkpoints itself again. */
  onFallback?: (err: Error) => void;
  /** Told when a checkpoint's result changed: frames in the WAL, and how many of them are in the database file. */
  onCheckpoint?: (result: WalState) => void;
}

/** The checkpoint thread of one SQLite file. */
export class WalCheckpointer {
  /** The thread (tests end it to see the fallback). */
  readonly thread: Worker;
  /** The last checkpoint's result that differed from the one before. */
  latest: WalState | undefined;
  private closing: Promise<void> | undefined;
  private fellBack = false;

  constructor(
    private readonly raw: BetterSqlite3.Database,
    file: string,
    options: WalCheckpointerOptions = {},
  ) {
    raw.pragma('wal_autocheckpoint = 0');
    this.thread = new Worker(ENTRY, {
      workerData: { file, intervalMs: options.intervalMs ?? 250, restartBytes: options.restartBytes ?? 64 * 1024 * 1024 },
      resourceLimits: { maxOldGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    // An idle checkpoint thread does not keep the process alive.
    this.thread.unref();
    this.thread.on('message', (m: { log?: number; checkpointed?: number }) => {
      if (m.log === undefined || m.checkpointed === undefined) return;
      this.latest = { log: m.log, checkpointed: m.checkpointed };
      options.onCheckpoint?.(this.latest);
    });
    this.thread.on('error', (err) => this.fallBack(err, options));
    this.thread.once('exit', (code) => {
      if (!this.closing) this.fallBack(new Error(`the WAL checkpoint thread exited with ${code}`), options);
    });
  }

  /** Whether the thread has failed and the connection checkpoints itself. */
  get fallenBack(): boolean {
    return this.fellBack;
  }

  /** Ends the thread (its connection closed); the connection's own close checkpoints what is left. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.fellBack) return resolve();
      this.thread.once('exit', () => resolve());
      // Waited for: the process must not end with its close still pending (a CLI's top-level await).
      this.thread.ref();
      this.thread.postMessage('close');
      // A thread stuck in a checkpoint is not waited for beyond this.
      setTimeout(() => void this.thread.terminate(), 5000).unref();
    });
    return this.closing;
  }

  private fallBack(err: Error, options: WalCheckpointerOptions): void {
    if (this.fellBack) return;
    this.fellBack = true;
    try {
      if (this.raw.open) this.raw.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    } finally {
      options.onFallback?.(err);
    }
  }
}
