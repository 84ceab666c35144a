import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NotFoundError } from '@yunzhan/shared';
import { sqliteAwardStore } from '../awards/sqlite-award-store';
import { sqlitePollStore } from '../interaction/poll-store';
import { MIGRATIONS, type Migration } from './migrations';
import { sqliteAssetStore } from './sqlite-asset-store';
import { sqliteChatStore } from './sqlite-chat-store';
import { sqliteExhibitionStore } from './sqlite-exhibition-store';
import { sqliteModerationStore } from './sqlite-moderation-store';
import { sqliteWorkStore } from './sqlite-work-store';
import type { EventPatch, EventRecord, Store, UserRecord } from './store';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserRecord['role'];
  password_hash: string;
  created_at: string;
}
interface EventRow {
  id: string;
  title: string;
  description: string;
  status: EventRecord['status'];
  starts_at: string;
  started_at: string | null;
  ended_at: string | null;
  stream_id: string | null;
  created_at: string;
  host_ids: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});
const toEvent = (r: EventRow): EventRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  status: r.status,
  startsAt: r.starts_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  streamId: r.stream_id,
  hostIds: r.host_ids ? r.host_ids.split(',') : [],
  createdAt: r.created_at,
});

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
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

const EVENT_SELECT = `
  SELECT e.*, (SELECT group_concat(user_id) FROM event_hosts h WHERE h.event_id = e.id) AS host_ids
  FROM events e`;

/** Opens (creating when missing) the SQLite database at `file` and migrates it. `:memory:` works too. */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    userInsert: db.prepare(
      'INSERT INTO users (id, username, username_key, display_name, role, password_hash, created_at) VALUES (@id, @username, @key, @displayName, @role, @passwordHash, @createdAt)',
    ),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username_key = ?'),
    userList: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username_key'),
    userListByRole: db.prepare<[string], UserRow>('SELECT * FROM users WHERE role = ? ORDER BY username_key'),
    userStaff: db.prepare<[], UserRow>(
      `SELECT * FROM users WHERE role IN ('admin', 'host', 'curator', 'judge')
         OR id IN (SELECT user_id FROM event_hosts) OR id IN (SELECT user_id FROM chat_moderators)`,
    ),
    userSetRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    userSetPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    sessionInsert: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    sessionUser: db.prepare<[string, string], UserRow>(
      'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?',
    ),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    sessionDeleteForUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    sessionPurge: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    eventInsert: db.prepare(
      'INSERT INTO events (id, title, description, status, starts_at, started_at, ended_at, stream_id, created_at) VALUES (@id, @title, @description, @status, @startsAt, @startedAt, @endedAt, @streamId, @createdAt)',
    ),
    eventHostInsert: db.prepare('INSERT OR IGNORE INTO event_hosts (event_id, user_id) VALUES (?, ?)'),
    eventGet: db.prepare<[string], EventRow>(`${EVENT_SELECT} WHERE e.id = ?`),
    eventList: db.prepare<[], EventRow>(`${EVENT_SELECT} ORDER BY e.starts_at DESC, e.id`),
  };

  const getEvent = (id: string): EventRecord | null => {
    const row = q.eventGet.get(id);
    return row ? toEvent(row) : null;
  };

  const store: Store = {
    users: {
      async create(user) {
        const createdAt = new Date().toISOString();
        q.userInsert.run({ ...user, key: user.username.toLowerCase(), createdAt });
        return { ...user, createdAt };
      },
      async byId(id) {
        const r = q.userById.get(id);
        return r ? toUser(r) : null;
      },
      async byUsername(username) {
        const r = q.userByName.get(username.toLowerCase());
        return r ? toUser(r) : null;
      },
      async list(filter = {}) {
        return (filter.role ? q.userListByRole.all(filter.role) : q.userList.all()).map(toUser);
      },
      async staff() {
        return q.userStaff.all().map(toUser);
      },
      async setRole(id, role) {
        if (q.userSetRole.run(role, id).changes === 0) throw new NotFoundError('User');
        return toUser(q.userById.get(id)!);
      },
      async setPasswordHash(id, passwordHash) {
        if (q.userSetPassword.run(passwordHash, id).changes === 0) throw new NotFoundError('User');
      },
    },
    sessions: {
      async create(tokenHash, userId, expiresAt) {
        q.sessionInsert.run(tokenHash, userId, new Date().toISOString(), expiresAt);
      },
      async user(tokenHash, now) {
        const r = q.sessionUser.get(tokenHash, now);
        return r ? toUser(r) : null;
      },
      async delete(tokenHash) {
        q.sessionDelete.run(tokenHash);
      },
      async deleteForUser(userId) {
        q.sessionDeleteForUser.run(userId);
      },
      async deleteExpired(now) {
        return q.sessionPurge.run(now).changes;
      },
    },
    events: {
      async create(event) {
        const createdAt = new Date().toISOString();
        db.transaction(() => {
          q.eventInsert.run({ ...event, createdAt });
          for (const hostId of event.hostIds) q.eventHostInsert.run(event.id, hostId);
        })();
        return getEvent(event.id)!;
      },
      async get(id) {
        return getEvent(id);
      },
      async list() {
        return q.eventList.all().map(toEvent);
      },
      async update(id, patch: EventPatch) {
        const columns: Record<keyof EventPatch, string> = {
          title: 'title',
          description: 'description',
          status: 'status',
          startedAt: 'started_at',
          endedAt: 'ended_at',
          streamId: 'stream_id',
        };
        const keys = (Object.keys(patch) as (keyof EventPatch)[]).filter((k) => patch[k] !== undefined);
        if (keys.length > 0) {
          const sets = keys.map((k) => `${columns[k]} = @${k}`).join(', ');
          const info = db.prepare(`UPDATE events SET ${sets} WHERE id = @id`).run({ ...patch, id });
          if (info.changes === 0) throw new NotFoundError('Event');
        }
        const updated = getEvent(id);
        if (!updated) throw new NotFoundError('Event');
        return updated;
      },
    },
    chat: sqliteChatStore(db),
    moderation: sqliteModerationStore(db),
    polls: sqlitePollStore(db),
    awards: sqliteAwardStore(db),
    assets: sqliteAssetStore(db),
    works: sqliteWorkStore(db),
    exhibitions: sqliteExhibitionStore(db),
    async health() {
      try {
        const v = db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
        return { ok: true, driver: 'sqlite', detail: `SQLite ${v.v} at ${file}` };
      } catch (err) {
        return { ok: false, driver: 'sqlite', detail: (err as Error).message };
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return store;
}
