import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchHandlers } from '@yunzhan/shared';
import { ENGINES, openTestStore, type TestStore } from '../../../server/src/db/test-engines';
import { createDbJobQueue, type DbJobQueue } from './db-job-queue';
import { ORPHAN_ERROR, jobStore, type JobTables } from './job-store';
import { importLegacyJobFile } from './legacy-job-file';

// The file the queue kept before migration 14, as its own migration 1 made it.
const OLD_SCHEMA = `
  CREATE TABLE batch_job_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
  INSERT INTO batch_job_migrations VALUES (1, 'batch_jobs', '2026-01-01T00:00:00.000Z');
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
`;
const payload = (streamId: string) => JSON.stringify({ eventId: 'ev-1', streamId, streamDir: `/tmp/${streamId}` });

function writeOldFile(file: string): void {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.exec(OLD_SCHEMA);
  const insert = db.prepare('INSERT INTO batch_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const at = '2026-01-02T00:00:00.000Z';
  insert.run('queued-1', 'recording-publish', payload('q'), 'queued', 0, 0, 5, null, null, 0, at, at);
  insert.run('active-1', 'recording-publish', payload('a'), 'active', 40, 2, 5, 'transient', null, 0, at, at);
  insert.run('active-last', 'recording-publish', payload('l'), 'active', 0, 5, 5, null, null, 0, at, at);
  insert.run('done-1', 'recording-publish', payload('d'), 'completed', 100, 1, 5, null, '{"replay":"d"}', 0, at, at);
  insert.run('dup', 'recording-publish', payload('old'), 'queued', 0, 0, 5, null, null, 0, at, at);
  db.close();
}

describe.each(ENGINES)('importing the old jobs.sqlite on %s', (engine) => {
  let t: TestStore;
  let dir: string;
  let file: string;
  let lines: string[];
  let logger: pino.Logger;
  const open: DbJobQueue[] = [];
  const jobs = () => t.database.db as unknown as Kysely<JobTables>;

  beforeEach(async () => {
    t = await openTestStore(engine, 'legacy-jobs');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-legacy-jobs-'));
    file = path.join(dir, 'jobs.sqlite');
    lines = [];
    logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
    await t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every job once, runs the unfinished ones again, keeps what the database had, and moves the file aside', async () => {
    writeOldFile(file);
    const store = jobStore(jobs(), engine);
    await store.insert({ id: 'dup', type: 'recording-publish', payload: JSON.parse(payload('new')), maxAttempts: 3 });

    const result = await importLegacyJobFile(file, jobs(), logger);
    expect(result).toEqual({ imported: 4, queued: ['queued-1', 'active-1'], skipped: ['dup'], movedTo: `${file}.imported` });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.imported`)).toBe(true);
    expect(lines.some((l) => l.includes('"queued":["queued-1","active-1"]'))).toBe(true);

    expect(await store.get('done-1')).toMatchObject({ state: 'completed', result: { replay: 'd' }, attempts: 1 });
    expect(await store.get('active-last')).toMatchObject({ state: 'failed', error: ORPHAN_ERROR, attempts: 5 });
    expect(await store.get('dup')).toMatchObject({ state: 'queued', maxAttempts: 3, payload: { streamId: 'new' } });
    // Nothing is left to import: a second start does nothing.
    expect(await importLegacyJobFile(file, jobs(), logger)).toBeNull();

    const ran: string[] = [];
    const handler: BatchHandlers['recording-publish'] = async (p, ctx) => void ran.push(`${p.streamId}#${ctx.attempt}`);
    const q = createDbJobQueue({ db: jobs(), engine, logger: pino({ level: 'silent' }), handlers: { 'recording-publish': handler, 'vod-hls': async () => null, 'image-renditions': async () => null, 'audio-aac': async () => null } });
    open.push(q);
    for (const id of ['queued-1', 'active-1', 'dup']) {
      for (let i = 0; (await q.get(id))?.state !== 'completed'; i++) {
        if (i > 500) throw new Error(`${id} did not complete`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    expect(ran.sort()).toEqual(['a#3', 'new#1', 'q#1']);
  });

  it('leaves a file it cannot read where it is, and says so', async () => {
    fs.writeFileSync(file, 'not a database, but someone may still need it');
    expect(await importLegacyJobFile(file, jobs(), logger)).toBeNull();
    expect(fs.readFileSync(file, 'utf8')).toBe('not a database, but someone may still need it');
    expect(lines.some((l) => l.includes('"level":50') && l.includes('NOT imported') && l.includes(file))).toBe(true);
    expect(await jobStore(jobs(), engine).list({ limit: 10 })).toEqual([]);
  });
});
