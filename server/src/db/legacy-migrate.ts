import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

/**
 * The migration runner of releases before the query layer, kept to write database files the way
 * they did (upgrade tests) and never used by the server: database.ts migrates with Kysely and
 * adopts this runner's `schema_migrations` log. Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * One that rebuilds tables runs with foreign keys off (SQLite ignores that pragma inside a
 * transaction, so it is set around it), must leave `foreign_key_check` clean to commit, and
 * foreign keys are back to their setting afterwards whatever happens.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${m.id} (${m.name}) would break ${broken.length} foreign key(s)`);
        }
        db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString());
      })();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
    applied.push(m.id);
  }
  return applied;
}
