import { sql, type ExpressionBuilder, type Generated, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import type { BatchJobRecord, BatchJobState, BatchJobType } from '@yunzhan/shared';

// The rows of the in-process batch queue, on the caller's database (SQLite or PostgreSQL). The
// table is created by the server's migration 14. Every transition that ends or moves an attempt is
// one UPDATE guarded by `state = 'active' AND claimed_by = <claim>`, so a cancel that landed first,
// or another process that took over a job whose claim lapsed, always wins over a handler settling late.

/** The engines the job store runs on (the server's `Engine`). */
export type JobEngine = 'sqlite' | 'postgres';

/** `batch_jobs` as Kysely sees it (migration 14 in server/src/db/migrations.ts). */
export interface BatchJobsTable {
  /** Insertion order: the tie-breaker of equal times. */
  seq: Generated<number>;
  id: string;
  type: BatchJobType;
  /** JSON. */
  payload: string;
  state: BatchJobState;
  progress: Generated<number>;
  attempts: Generated<number>;
  max_attempts: number;
  error: string | null;
  /** JSON. */
  result: string | null;
  /** Epoch ms from which a queued job may be claimed. */
  run_after: number;
  /** The claim of the attempt running now (or last run): `<host>:<pid>:<queue>#<n>`. */
  claimed_by: string | null;
  /** Epoch ms until which the claim holds; after it another process may recover the job. */
  lease_until: number | null;
  created_at: string;
  updated_at: string;
}

/** The tables the job store needs; the server passes its own handle cast to this. */
export interface JobTables {
  batch_jobs: BatchJobsTable;
}

type JobRow = Selectable<BatchJobsTable>;
type JobUpdate = UpdateObject<JobTables, 'batch_jobs'> | ((eb: ExpressionBuilder<JobTables, 'batch_jobs'>) => UpdateObject<JobTables, 'batch_jobs'>);

/** Why a job left active by a process that stopped renewing its claim failed for good. */
export const ORPHAN_ERROR = 'INTERNAL: the process running the job stopped';

const toRecord = (r: JobRow): BatchJobRecord => ({
  id: r.id,
  type: r.type,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  progress: Number(r.progress),
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  error: r.error,
  result: r.result === null ? null : (JSON.parse(r.result) as unknown),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const now = () => new Date().toISOString();

/** The queue's reads and guarded writes. Times are epoch ms of this process's clock. */
export interface JobStore {
  /** Inserts a queued job unless the id exists; returns the row either way. */
  insert(job: { id: string; type: BatchJobType; payload: unknown; maxAttempts: number }): Promise<{ record: BatchJobRecord; created: boolean }>;
  get(id: string): Promise<BatchJobRecord | null>;
  /** Newest first. */
  list(filter: { state?: BatchJobState; type?: BatchJobType; limit: number }): Promise<BatchJobRecord[]>;
  /**
   * Claims the oldest due queued job of `type` for `claim` until `leaseUntil`: it becomes active
   * and its attempt is counted. On PostgreSQL concurrent claimers skip each other's locked rows.
   */
  claimNext(type: BatchJobType, claim: string, leaseUntil: number): Promise<BatchJobRecord | null>;
  /** The types that have a queued job due at `at`: a read, so that an idle queue takes no write lock. */
  dueTypes(at: number): Promise<BatchJobType[]>;
  /** When the next queued job of one of `types` is due, or null when none is queued. */
  nextRunAt(types: readonly BatchJobType[]): Promise<number | null>;
  /** Extends the claims still held (active, same claim); returns those claims. */
  renewLeases(claims: readonly string[], leaseUntil: number): Promise<string[]>;
  /** Records progress of the attempt `claim` runs; null when the job is no longer its. */
  setProgress(id: string, claim: string, progress: number): Promise<BatchJobRecord | null>;
  /** The attempt completed with `resultJson`. */
  complete(id: string, claim: string, resultJson: string): Promise<BatchJobRecord | null>;
  /** The attempt failed; the job runs again at `runAfter`. */
  retry(id: string, claim: string, error: string, runAfter: number): Promise<BatchJobRecord | null>;
  /** The attempt failed for good. */
  fail(id: string, claim: string, error: string): Promise<BatchJobRecord | null>;
  /** The attempt was interrupted by a shutdown: queued again, the attempt not counted. */
  requeueInterrupted(id: string, claim: string): Promise<BatchJobRecord | null>;
  /** Cancels a queued or active job; null when it is in neither state. */
  cancel(id: string): Promise<BatchJobRecord | null>;
  /**
   * Active jobs whose claim lapsed before `at` (their process died or stalled): queued again (the
   * attempt stays counted), or failed when that was their last attempt, so a job that kills its
   * process cannot loop for ever.
   */
  recoverExpired(at: number): Promise<BatchJobRecord[]>;
  /** Deletes completed, failed and cancelled jobs last changed before `before` (ISO time). */
  pruneFinished(before: string): Promise<number>;
}

/** The job store on `db` (the caller's handle; the store never closes it). */
export function jobStore(db: Kysely<JobTables>, engine: JobEngine): JobStore {
  const updateClaimed = async (id: string, claim: string, set: JobUpdate) => {
    const row = await db
      .updateTable('batch_jobs')
      .set(set)
      .set({ updated_at: now() })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .where('claimed_by', '=', claim)
      .returningAll()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  };
  const get = async (id: string) => {
    const row = await db.selectFrom('batch_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  };

  return {
    async insert(job) {
      const at = now();
      const row = await db
        .insertInto('batch_jobs')
        .values({ id: job.id, type: job.type, payload: JSON.stringify(job.payload), state: 'queued', max_attempts: job.maxAttempts, run_after: Date.now(), created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return { record: toRecord(row), created: true };
      const existing = await get(job.id);
      if (!existing) throw new Error(`Job ${job.id} was neither inserted nor found`);
      return { record: existing, created: false };
    },

    get,

    async list(filter) {
      let q = db.selectFrom('batch_jobs').selectAll().orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(filter.limit);
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.type) q = q.where('type', '=', filter.type);
      return (await q.execute()).map(toRecord);
    },

    async claimNext(type, claim, leaseUntil) {
      const at = Date.now();
      const row = await db
        .updateTable('batch_jobs')
        .set((eb) => ({ state: 'active', attempts: eb('attempts', '+', 1), claimed_by: claim, lease_until: leaseUntil, updated_at: now() }))
        .where('id', '=', (eb) => {
          const next = eb
            .selectFrom('batch_jobs')
            .select('id')
            .where('state', '=', 'queued')
            .where('type', '=', type)
            .where('run_after', '<=', at)
            .orderBy('run_after')
            .orderBy('seq')
            .limit(1);
          // SQLite runs one writer at a time, so the statement is atomic there; PostgreSQL locks
          // the row it picks and lets a concurrent claimer take the next one.
          return engine === 'postgres' ? next.forUpdate().skipLocked() : next;
        })
        .where('state', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async dueTypes(at) {
      const rows = await db.selectFrom('batch_jobs').select('type').distinct().where('state', '=', 'queued').where('run_after', '<=', at).execute();
      return rows.map((r) => r.type);
    },

    async nextRunAt(types) {
      if (types.length === 0) return null;
      const r = await db
        .selectFrom('batch_jobs')
        .select((eb) => eb.fn.min('run_after').as('next'))
        .where('state', '=', 'queued')
        .where('type', 'in', types)
        .executeTakeFirst();
      return r?.next == null ? null : Number(r.next);
    },

    async renewLeases(claims, leaseUntil) {
      if (claims.length === 0) return [];
      const rows = await db
        .updateTable('batch_jobs')
        .set({ lease_until: leaseUntil })
        .where('state', '=', 'active')
        .where('claimed_by', 'in', claims)
        .returning('claimed_by')
        .execute();
      return rows.map((r) => r.claimed_by!);
    },

    setProgress: (id, claim, progress) => updateClaimed(id, claim, { progress }),

    complete: (id, claim, resultJson) => updateClaimed(id, claim, { state: 'completed', progress: 100, result: resultJson, error: null }),

    retry: (id, claim, error, runAfter) => updateClaimed(id, claim, { state: 'queued', error, run_after: runAfter }),

    fail: (id, claim, error) => updateClaimed(id, claim, { state: 'failed', error }),

    requeueInterrupted: (id, claim) =>
      updateClaimed(id, claim, (eb) => ({
        state: 'queued',
        attempts: eb.case().when('attempts', '>', 0).then(eb('attempts', '-', 1)).else(0).end(),
        run_after: Date.now(),
      })),

    async cancel(id) {
      const row = await db
        .updateTable('batch_jobs')
        .set({ state: 'cancelled', updated_at: now() })
        .where('id', '=', id)
        .where('state', 'in', ['queued', 'active'])
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async recoverExpired(at) {
      const lastAttempt = sql<boolean>`attempts >= max_attempts`;
      const rows = await db
        .updateTable('batch_jobs')
        .set((eb) => ({
          state: eb.case().when(lastAttempt).then(sql.lit('failed')).else(sql.lit('queued')).end().$castTo<BatchJobState>(),
          error: eb.case().when(lastAttempt).then(ORPHAN_ERROR).else(eb.ref('error')).end(),
          run_after: at,
          updated_at: now(),
        }))
        .where('state', '=', 'active')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .returningAll()
        .execute();
      return rows.map(toRecord);
    },

    async pruneFinished(before) {
      const r = await db
        .deleteFrom('batch_jobs')
        .where('state', 'in', ['completed', 'failed', 'cancelled'])
        .where('updated_at', '<', before)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
