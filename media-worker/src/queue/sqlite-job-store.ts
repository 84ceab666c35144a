import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BatchJobRecord, BatchJobState, BatchJobType } from '@yunzhan/shared';

// The rows of the in-process batch queue. Every transition that ends or moves an attempt is one
// guarded UPDATE (`WHERE state = 'active'`), so a cancel that landed first always wins over a
// handler settling late.

/** A numbered schema change of the job file. Never edit one that has shipped: add the next number. */
interface Migration {
  id: number;
  name: string;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'batch_jobs',
    sql: `
      CREATE TABLE batch_jobs (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'active', 'completed', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        error TEXT,
        result TEXT,
        run_after INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX batch_jobs_runnable ON batch_jobs(state, type, run_after);
      CREATE INDEX batch_jobs_created ON batch_jobs(created_at);
    `,
  },
];

interface JobRow {
  id: string;
  type: BatchJobType;
  payload: string;
  state: BatchJobState;
  progress: number;
  attempts: number;
  max_attempts: number;
  error: string | null;
  result: string | null;
  run_after: number;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: JobRow): BatchJobRecord => ({
  id: r.id,
  type: r.type,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  progress: r.progress,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  error: r.error,
  result: r.result === null ? null : (JSON.parse(r.result) as unknown),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const now = () => new Date().toISOString();

/** The SQLite file of the batch queue: its own migrations, WAL, one row per job. */
export class SqliteJobStore {
  private readonly db: Database.Database;
  private closed = false;

  /** Opens (creating when missing) the file and migrates it. `:memory:` works too. */
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const db = this.db;
    db.exec('CREATE TABLE IF NOT EXISTS batch_job_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set(db.prepare('SELECT id FROM batch_job_migrations').pluck().all() as number[]);
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO batch_job_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, now());
      })();
    }
  }

  /** Whether `close()` ran; every method but `close` throws after it. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Inserts a queued job unless the id exists; returns the row either way. */
  insert(job: { id: string; type: BatchJobType; payload: unknown; maxAttempts: number }): { record: BatchJobRecord; created: boolean } {
    const at = now();
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO batch_jobs (id, type, payload, state, max_attempts, run_after, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)`,
      )
      .run(job.id, job.type, JSON.stringify(job.payload), job.maxAttempts, Date.now(), at, at);
    return { record: this.get(job.id)!, created: info.changes === 1 };
  }

  get(id: string): BatchJobRecord | null {
    const row = this.db.prepare('SELECT * FROM batch_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  list(filter: { state?: BatchJobState; type?: BatchJobType; limit: number }): BatchJobRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.type) {
      where.push('type = ?');
      args.push(filter.type);
    }
    const sql = `SELECT * FROM batch_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as JobRow[]).map(toRecord);
  }

  /** Claims the oldest queued job of `type` that is due: it becomes active and its attempt is counted. */
  claimNext(type: BatchJobType): BatchJobRecord | null {
    const row = this.db
      .prepare(
        `UPDATE batch_jobs SET state = 'active', attempts = attempts + 1, updated_at = ?
         WHERE id = (SELECT id FROM batch_jobs WHERE state = 'queued' AND type = ? AND run_after <= ? ORDER BY run_after, rowid LIMIT 1)
         RETURNING *`,
      )
      .get(now(), type, Date.now()) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** When the next queued job of one of `types` is due (epoch ms), or null when none is queued. */
  nextRunAt(types: readonly BatchJobType[]): number | null {
    if (types.length === 0) return null;
    const sql = `SELECT MIN(run_after) FROM batch_jobs WHERE state = 'queued' AND type IN (${types.map(() => '?').join(', ')})`;
    return (this.db.prepare(sql).pluck().get(...types) as number | null) ?? null;
  }

  /** Records progress of an active job; null when it is no longer active. */
  setProgress(id: string, progress: number): BatchJobRecord | null {
    return this.updateActive(id, 'progress = ?', [progress]);
  }

  /** An active job completed with `resultJson`. */
  complete(id: string, resultJson: string): BatchJobRecord | null {
    return this.updateActive(id, "state = 'completed', progress = 100, result = ?, error = NULL", [resultJson]);
  }

  /** An active job's attempt failed; it runs again at `runAfter` (epoch ms). */
  retry(id: string, error: string, runAfter: number): BatchJobRecord | null {
    return this.updateActive(id, "state = 'queued', error = ?, run_after = ?", [error, runAfter]);
  }

  /** An active job failed for good. */
  fail(id: string, error: string): BatchJobRecord | null {
    return this.updateActive(id, "state = 'failed', error = ?", [error]);
  }

  /** An active job was interrupted by a shutdown: queued again, the interrupted attempt not counted. */
  requeueInterrupted(id: string): BatchJobRecord | null {
    return this.updateActive(id, "state = 'queued', attempts = MAX(0, attempts - 1), run_after = ?", [Date.now()]);
  }

  /** Cancels a queued or active job; null when it is in neither state. */
  cancel(id: string): BatchJobRecord | null {
    const row = this.db
      .prepare("UPDATE batch_jobs SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN ('queued', 'active') RETURNING *")
      .get(now(), id) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Jobs left active by a process that died: queued again (the attempt stays counted), or failed
   * when that was their last attempt, so a job that kills its process cannot loop for ever.
   */
  recoverOrphans(): BatchJobRecord[] {
    const at = now();
    return this.db.transaction(() => {
      const failed = this.db
        .prepare(
          `UPDATE batch_jobs SET state = 'failed', error = 'INTERNAL: the process running the job stopped', updated_at = ?
           WHERE state = 'active' AND attempts >= max_attempts RETURNING *`,
        )
        .all(at) as JobRow[];
      const queued = this.db
        .prepare("UPDATE batch_jobs SET state = 'queued', run_after = ?, updated_at = ? WHERE state = 'active' RETURNING *")
        .all(Date.now(), at) as JobRow[];
      return [...failed, ...queued].map(toRecord);
    })();
  }

  /** Deletes completed, failed and cancelled jobs last changed before `before` (ISO time). */
  pruneFinished(before: string): number {
    return this.db.prepare("DELETE FROM batch_jobs WHERE state IN ('completed', 'failed', 'cancelled') AND updated_at < ?").run(before).changes;
  }

  /** Closes the file. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private updateActive(id: string, set: string, args: unknown[]): BatchJobRecord | null {
    const row = this.db
      .prepare(`UPDATE batch_jobs SET ${set}, updated_at = ? WHERE id = ? AND state = 'active' RETURNING *`)
      .get(...args, now(), id) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }
}
