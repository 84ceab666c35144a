// The WAL checkpoint thread of an SQLite database (wal-checkpointer.ts): its own connection to the
// file, a PASSIVE checkpoint every `intervalMs` (it copies what the WAL holds into the database
// file and syncs it, never waiting for or blocking a writer), and a RESTART one when the WAL has
// grown past `restartBytes` (writes never paused long enough for the log to start over). Plain
// JavaScript: a thread does not inherit tsx's loader. Posts the WAL's frames and those
// checkpointed whenever they change; any error other than a busy database ends the thread, and the
// main thread checkpoints itself again.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, restartBytes } = workerData;
const db = new Database(file, { fileMustExist: true });
// PASSIVE never waits; RESTART waits for the writer of the moment, at most this long.
db.pragma('busy_timeout = 2000');

// The WAL's size is read off the last checkpoint's frame count (a frame holds one page).
const restartFrames = restartBytes / db.pragma('page_size', { simple: true });

let last = { log: 0, checkpointed: 0 };
const checkpoint = () => {
  const mode = last.log > restartFrames ? 'RESTART' : 'PASSIVE';
  try {
    const [{ log, checkpointed }] = db.pragma(`wal_checkpoint(${mode})`);
    // Told when it changed: frames in the WAL, and how many of them are in the database file.
    if (log !== last.log || checkpointed !== last.checkpointed) parentPort.postMessage({ log, checkpointed });
    last = { log, checkpointed };
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
