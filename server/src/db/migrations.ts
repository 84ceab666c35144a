import { AUDIENCE_MIGRATIONS } from './migrations-audience';

/** A numbered schema change. Never edit one that has shipped: add the next number. */
export interface Migration {
  id: number;
  name: string;
  /** Portable SQL; on PostgreSQL with its type names (REAL -> DOUBLE PRECISION, AUTOINCREMENT -> identity). */
  sql: string;
  /** PostgreSQL's own text, where the portable one cannot serve (a SQLite table rebuild). */
  postgres?: string;
  /**
   * The migration rebuilds a table that others reference (SQLite cannot alter a CHECK): run it
   * with foreign keys off, or `DROP TABLE` would cascade into every referencing row. The runner
   * checks `foreign_key_check` before it commits and turns them back on after.
   */
  rebuildsTables?: boolean;
}

// Plain, portable SQL (TEXT ids, ISO-8601 TEXT times, JSON as TEXT): both engines run the same
// list through the query layer's migrator (database.ts), PostgreSQL under an advisory lock.
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
  {
    id: 3,
    name: 'roles: curator and judge',
    rebuildsTables: true,
    // SQLite's documented table rebuild: new table, copy, drop, rename. Sessions, event hosts,
    // chat and assets keep pointing at `users` by name, so they follow the renamed table.
    sql: `
      CREATE TABLE users_new (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'host', 'curator', 'judge', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      INSERT INTO users_new (id, username, username_key, display_name, role, password_hash, created_at)
        SELECT id, username, username_key, display_name, role, password_hash, created_at FROM users;
      DROP TABLE users;
      ALTER TABLE users_new RENAME TO users;
    `,
    // PostgreSQL alters a CHECK in place (its default name for the column's CHECK).
    postgres: `
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'host', 'curator', 'judge', 'viewer'));
    `,
  },
  {
    id: 4,
    name: 'asset kinds, works and catalogue numbers',
    sql: `
      ALTER TABLE assets ADD COLUMN kind TEXT NOT NULL DEFAULT 'video' CHECK (kind IN ('video', 'image', 'model', 'audio'));
      CREATE TABLE catalogue_sequences (
        year INTEGER PRIMARY KEY,
        last_number INTEGER NOT NULL
      );
      CREATE TABLE works (
        id TEXT PRIMARY KEY,
        catalogue_number TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('video', 'image', 'model', 'audio')),
        metadata TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
        asset_id TEXT NOT NULL REFERENCES assets(id),
        audio_guide_asset_id TEXT REFERENCES assets(id),
        media TEXT NOT NULL,
        audio_guide TEXT,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX works_owner_created ON works(owner_id, created_at);
      CREATE INDEX works_asset ON works(asset_id);
      CREATE INDEX works_audio_guide ON works(audio_guide_asset_id);
    `,
  },
  {
    id: 5,
    name: 'exhibitions',
    sql: `
      CREATE TABLE exhibitions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('draft', 'in-review', 'approved', 'returned')),
        draft TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        published TEXT,
        review TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        published_at TEXT
      );
      CREATE INDEX exhibitions_owner_updated ON exhibitions(owner_id, updated_at);
      CREATE INDEX exhibitions_status_updated ON exhibitions(status, updated_at);
      CREATE TABLE published_works (
        exhibition_id TEXT NOT NULL REFERENCES exhibitions(id) ON DELETE CASCADE,
        work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        PRIMARY KEY (exhibition_id, work_id)
      );
      CREATE INDEX published_works_work ON published_works(work_id);
    `,
  },
  ...AUDIENCE_MIGRATIONS,
  {
    id: 9,
    name: 'public texts change through review: pending exhibition texts, pending work metadata',
    // The public columns (exhibitions.title/summary, works.metadata) keep what an admin approved;
    // an edit of something visitors can see waits beside them until it is approved. Existing rows
    // have no pending edit, so the upgrade is additive.
    sql: `
      ALTER TABLE exhibitions ADD COLUMN pending_title TEXT;
      ALTER TABLE exhibitions ADD COLUMN pending_summary TEXT;
      ALTER TABLE works ADD COLUMN pending_metadata TEXT;
      ALTER TABLE works ADD COLUMN pending_status TEXT CHECK (pending_status IN ('pending', 'returned'));
      ALTER TABLE works ADD COLUMN pending_saved_at TEXT;
      ALTER TABLE works ADD COLUMN metadata_review TEXT;
      CREATE INDEX works_pending_review ON works(pending_status, pending_saved_at) WHERE pending_status IS NOT NULL;
    `,
  },
  {
    id: 10,
    name: 'chat messages keep the role badge their author had when writing',
    // Decided by the chat service when the message is stored; older messages have none.
    sql: `
      ALTER TABLE chat_messages ADD COLUMN badge TEXT CHECK (badge IN ('admin', 'host', 'moderator', 'curator'));
    `,
  },
  {
    id: 11,
    name: 'chat: a sequence counter per channel; moderation rows keep their insertion order on PostgreSQL',
    // The counter row is incremented in the message insert's transaction (and locked by it on
    // PostgreSQL), so seqs stay gapless and unique with several writers; seeded from the messages.
    // Keyword rules, moderators, reports and the moderation log are listed by time, then in the
    // order they were written: SQLite's implicit rowid; PostgreSQL gets an identity of that name.
    sql: `
      CREATE TABLE chat_channel_seq (
        channel TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL
      );
      INSERT INTO chat_channel_seq (channel, last_seq) SELECT channel, MAX(seq) FROM chat_messages GROUP BY channel;
    `,
    postgres: `
      CREATE TABLE chat_channel_seq (
        channel TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL
      );
      INSERT INTO chat_channel_seq (channel, last_seq) SELECT channel, MAX(seq) FROM chat_messages GROUP BY channel;
      ALTER TABLE chat_keyword_rules ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
      ALTER TABLE chat_moderators ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
      ALTER TABLE chat_reports ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
      ALTER TABLE chat_moderation_log ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
    `,
  },
  {
    id: 12,
    name: 'award entries keep their insertion order on PostgreSQL',
    // Entries are listed by time, then in the order they were written: SQLite's implicit rowid
    // (nothing to change there); PostgreSQL gets an identity of that name.
    sql: `-- nothing to change on SQLite`,
    postgres: `
      ALTER TABLE award_entries ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
    `,
  },
  {
    id: 13,
    name: 'asset sizes beyond 2 GiB on PostgreSQL',
    // Uploads may be 8 GiB (DEFAULT_UPLOAD_LIMITS); PostgreSQL's INTEGER is 32 bits, SQLite's
    // holds 64 already.
    sql: `-- nothing to change on SQLite`,
    postgres: `
      ALTER TABLE assets ALTER COLUMN size_bytes TYPE BIGINT;
    `,
  },
  {
    id: 14,
    name: 'batch jobs in the main database',
    // The in-process job queue's table (media-worker/src/queue/job-store.ts: BatchJobsTable), which
    // used to live in a jobs.sqlite of its own (imported once at start: legacy-job-file.ts). Times
    // in epoch ms need 64 bits (BIGINT); a claim is a token and a lease end, so several nodes share it.
    sql: `
      CREATE TABLE batch_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'active', 'completed', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        error TEXT,
        result TEXT,
        run_after BIGINT NOT NULL,
        claimed_by TEXT,
        lease_until BIGINT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX batch_jobs_runnable ON batch_jobs(state, type, run_after);
      CREATE INDEX batch_jobs_created ON batch_jobs(created_at);
    `,
  },
  {
    id: 15,
    name: 'stream origins',
    // Which media worker serves a live's /hls/<stream>/ (LIVE_WORKERS=remote): every web node
    // proxies there; no row means the files are on the node's own disk.
    sql: `
      CREATE TABLE stream_origins (
        stream_id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    id: 16,
    name: 'asset origins',
    // Which host serves an upload's /hls/<asset>/ or /media/<asset>/ when the deployment spans
    // several hosts (the media worker that processed it, or the node that took it): every web
    // node proxies there; no row means the files are on the node's own disk.
    sql: `
      CREATE TABLE asset_origins (
        asset_id TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    id: 17,
    name: 'live captions',
    // Lines of live captions typed during an event: shown to viewers in step with their picture
    // and kept for the replay.
    sql: `
      CREATE TABLE captions (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        text TEXT NOT NULL,
        at TEXT NOT NULL,
        author_id TEXT NOT NULL
      );
      CREATE INDEX captions_event_at ON captions(event_id, at);
    `,
  },
  {
    id: 18,
    name: 'ingest credentials',
    // The bearer token broadcast software (OBS over WHIP) publishes an event with; rotated by its hosts.
    sql: `
      CREATE TABLE event_ingest (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    id: 19,
    name: 'event captioners',
    // The accounts an event's hosts name to type its live captions (any role), kept per event like
    // its hosts; at most MAX_CAPTIONERS per event, which the service keeps (the list is replaced whole).
    sql: `
      CREATE TABLE event_captioners (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (event_id, user_id)
      );
      CREATE INDEX event_captioners_user ON event_captioners(user_id);
    `,
  },
  {
    id: 20,
    name: 'work subtitles',
    // Normalised WebVTT files of video works (issue 14), named by their SHA-256; a work's metadata
    // (approved, or held for review) says which file each language shows. Kept in the database so
    // every node of a deployment serves them, wherever the video's own files live.
    sql: `
      CREATE TABLE work_subtitles (
        work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        vtt TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (work_id, sha256)
      );
    `,
  },
];
