import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { SQLITE_AUTOCHECKPOINT_PAGES, WalCheckpointer, type WalState } from './wal-checkpointer';

// The WAL of a SQLite file is checkpointed by a thread, not by the server's connection: the
// server's commits never copy the WAL into the database file, the WAL still stays small, nothing
// written is lost, and a failed thread hands checkpoints back to the connection.

const PAGE = 4096;
const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-wal-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const walBytes = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

/** Commits `count` rows of about a page each, one transaction at a time. */
function writeRows(raw: BetterSqlite3.Database, count: number): void {
  raw.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, b BLOB)');
  const insert = raw.prepare('INSERT INTO t (b) VALUES (?)');
  for (let i = 0; i < count; i++) insert.run(Buffer.alloc(PAGE - 200, i % 251));
}

const ROWS = 2000;

describe('WAL checkpoints off the event loop', () => {
  it('a file database: the connection never checkpoints; the thread copies the WAL into the file, the log starts over, every row stays', async () => {
    const file = tempFile();
    const database = await openDatabase({ sqliteFile: file });
    const raw = database.sqlite!;
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    writeRows(raw, ROWS);
    const wal = walBytes(file);
    expect(wal).toBeGreaterThan(ROWS * PAGE);
    // The thread copies every frame of the WAL into the database file (a WAL file: a 32-byte
    // header, then frames of a 24-byte header and a page)...
    await expect.poll(() => database.walCheckpointer!.latest, { timeout: 15_000 }).toSatisfy((w?: WalState) => w !== undefined && w.log >= (wal - 32) / (PAGE + 24) && w.checkpointed === w.log);
    expect(fs.statSync(file).size).toBeGreaterThan(ROWS * PAGE);
    // ...so the next writes start the log over instead of growing it.
    writeRows(raw, ROWS);
    expect(walBytes(file)).toBeLessThanOrEqual(wal * 1.1);
    await database.close();
    const reopened = new BetterSqlite3(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 * ROWS });
    reopened.close();
  });

  it('with autocheckpoint off and no thread, the file never gets the rows and the WAL grows with every commit (what the thread prevents)', async () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('wal_autocheckpoint = 0');
    writeRows(raw, ROWS);
    const wal = walBytes(file);
    await sleep(1000);
    expect(fs.statSync(file).size).toBeLessThan(ROWS * PAGE);
    writeRows(raw, ROWS);
    expect(walBytes(file)).toBeGreaterThan(wal * 1.8);
    raw.close();
  });

  it('the thread reports what it checkpointed; when it dies the connection checkpoints itself again', async () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    const moved: WalState[] = [];
    const fallbacks: Error[] = [];
    const checkpointer = new WalCheckpointer(raw, file, { intervalMs: 20, onCheckpoint: (n) => moved.push(n), onFallback: (err) => fallbacks.push(err) });
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    writeRows(raw, 200);
    await expect.poll(() => moved.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await checkpointer.thread.terminate();
    await expect.poll(() => fallbacks.length).toBe(1);
    expect(checkpointer.fallenBack).toBe(true);
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    await checkpointer.close();
    raw.close();
  });

  it('an in-memory database has no WAL and no thread', async () => {
    const database = await openDatabase({ sqliteFile: ':memory:' });
    expect(database.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
    await database.close();
  });
});
