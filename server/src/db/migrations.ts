/** A numbered schema change. Never edit one that has shipped: add the next number. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

// Plain, portable SQL (TEXT ids, ISO-8601 TEXT times) so the Postgres store can run the same list.
/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'users, sessions, events, chat',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'host', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_expires ON sessions(expires_at);
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'live', 'ended')),
        starts_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        stream_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE event_hosts (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, user_id)
      );
      CREATE TABLE chat_messages (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX chat_messages_event_seq ON chat_messages(event_id, seq);
    `,
  },
  {
    id: 2,
    name: 'assets (uploaded media)',
    sql: `
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
        progress REAL NOT NULL DEFAULT 0,
        job_id TEXT,
        duration_seconds REAL,
        width INTEGER,
        height INTEGER,
        result TEXT,
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX assets_owner_created ON assets(owner_id, created_at);
      CREATE INDEX assets_status ON assets(status);
    `,
  },
];
