import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BatchJobState, BatchJobType } from '@yunzhan/shared';
import { ORPHAN_ERROR, type JobTables } from './job-store';

// Before migration 14 the in-process queue kept its jobs in a SQLite file of its own
// (`<dataDir>/jobs.sqlite`). Its rows are copied into the database once: every row, so queued and
// interrupted jobs run again and the history `GET /api/jobs` shows stays. The file is then renamed
// to `<file>.imported` (with its -wal/-shm), not deleted: nothing in it is lost, and it is not read
// again. A file that cannot be read is left where it is and logged as an error with its path.

/** The old file's row (its migration 1). */
interface LegacyRow {
  id: string;
  type: string;
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

/** What one import did. */
export interface LegacyImport {
  /** Rows copied into the database. */
  imported: number;
  /** Ids of imported jobs that will run: queued ones, and active ones whose process stopped with attempts left. */
  queued: string[];
  /** Ids the database had already (an earlier, interrupted import): its rows are kept. */
  skipped: string[];
  /** Where the file was moved, or null when it could not be (it is then imported again next time, without duplicates). */
  movedTo: string | null;
}

const SIDE_FILES = ['', '-wal', '-shm'];

/**
 * Imports the jobs of an old `jobs.sqlite` into `db` (the server's database, migrated) and moves the
 * file aside. Returns null when there is no file, or when it cannot be read (logged; file kept).
 */
export async function importLegacyJobFile(file: string, db: Kysely<JobTables>, logger: Logger): Promise<LegacyImport | null> {
  if (!fs.existsSync(file)) return null;
  let rows: LegacyRow[];
  try {
    const old = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const hasTable = old.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batch_jobs'").get();
      rows = hasTable ? (old.prepare('SELECT * FROM batch_jobs ORDER BY rowid').all() as LegacyRow[]) : [];
    } finally {
      old.close();
    }
  } catch (err) {
    logger.error({ err, file }, 'the old batch job file could not be read: its jobs were NOT imported and the file is left in place');
    return null;
  }

  const at = Date.now();
  const inserted = new Set<string>();
  const queued: string[] = [];
  await db.transaction().execute(async (trx) => {
    // 100 rows of 13 values per statement stays far below both engines' parameter limits.
    for (let i = 0; i < rows.length; i += 100) {
      const values = rows.slice(i, i + 100).map((r) => {
        // The process that ran an active job is gone: as on recovery, it runs again (the attempt
        // counted) or, when that was its last one, fails.
        const orphan = r.state === 'active';
        const lastAttempt = r.attempts >= r.max_attempts;
        return {
          id: r.id,
          type: r.type as BatchJobType,
          payload: r.payload,
          state: orphan ? (lastAttempt ? 'failed' : 'queued') : r.state,
          progress: r.progress,
          attempts: r.attempts,
          max_attempts: r.max_attempts,
          error: orphan && lastAttempt ? ORPHAN_ERROR : r.error,
          result: r.result,
          run_after: orphan ? at : r.run_after,
          created_at: r.created_at,
          updated_at: r.updated_at,
        } as const;
      });
      const done = await trx.insertInto('batch_jobs').values(values).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
      for (const d of done) inserted.add(d.id);
      for (const v of values) if (v.state === 'queued' && inserted.has(v.id)) queued.push(v.id);
    }
  });
  const result: LegacyImport = {
    imported: inserted.size,
    queued,
    skipped: rows.filter((r) => !inserted.has(r.id)).map((r) => r.id),
    movedTo: `${file}.imported`,
  };
  try {
    for (const suffix of SIDE_FILES) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, `${file}.imported${suffix}`);
    }
  } catch (err) {
    result.movedTo = null;
    logger.warn({ err, file }, 'the old batch job file was imported but could not be moved aside; the next start imports it again, without duplicates');
  }
  logger.info(
    { file, movedTo: result.movedTo, imported: result.imported, queued: result.queued, skipped: result.skipped },
    'batch jobs of the old job file were imported into the database',
  );
  return result;
}
