// The WAL checkpoint thread of an SQLite database (wal-checkpointer.ts): its own connection to the
// file, a PASSIVE checkpoint every `intervalMs` (it copies what the WAL holds into the database
// file and syncs it, never waiting for or blocking a writer), and a RESTART one when the WAL has
// grown past `restartBytes` (writes never paused long enough for the log to start over). Plain
// JavaScript: a thread does not inherit tsx's loader. Posts `{ ready: true }` once open, then the WAL's frames and those checkpointed whenever they change; any
// error other than a busy database ends the thread, and the main thread checkpoints itself again.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, restartBytes } = workerData;
const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits; RESTART waits for the writer of the moment, at most this long.
db.pragma('busy_timeout = 2000');

const walBytes = () => {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

let last = '';
const checkpoint = () => {
  const mode = walBytes() > restartBytes ? 'RESTART' : 'PASSIVE';
  try {
    const [{ log, checkpointed }] = db.pragma(`wal_checkpoint(${mode})`);
    // Told when it changed: frames in the WAL, and how many of them are in the database file.
    const now = `${log}/${checkpointed}`;
    if (now !== last) parentPort.postMessage({ log, checkpointed });
    last = now;
  } catch (err) {
    if (!String(err?.code).startsWith('SQLITE_BUSY')) throw err;
  }
};

const timer = setInterval(checkpoint, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
