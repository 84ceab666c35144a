import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore } from './db-store';
import { openDatabase, type Database, type Engine } from './database';
import type { Store } from './store';
import { createTestDatabase } from './test-postgres';

// Test support for contract tests: `describe.each(ENGINES)` runs the same cases on a fresh SQLite
// file and on a fresh database of the real PostgreSQL (see test-postgres.ts).

/** Both engines, for `describe.each`. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** A migrated, empty database of one engine and its store, removed by `dispose`. */
export interface TestStore {
  engine: Engine;
  store: Store;
  database: Database;
  /** What `openDatabase` takes to open the same database again (a second node). */
  target: { url?: string; sqliteFile?: string };
  dispose(): Promise<void>;
}

/** Opens a fresh database of `engine`; `label` names it (a test file's name). */
export async function openTestStore(engine: Engine, label: string): Promise<TestStore> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yunzhan-${label}-`));
    const target = { sqliteFile: path.join(dir, 'db.sqlite') };
    const database = await openDatabase(target);
    return {
      engine,
      store: createStore(database),
      database,
      target,
      async dispose() {
        await database.close().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const created = await createTestDatabase(label);
  const target = { url: created.url };
  const database = await openDatabase(target);
  return {
    engine,
    store: createStore(database),
    database,
    target,
    async dispose() {
      await database.close().catch(() => undefined);
      await created.drop();
    },
  };
}
