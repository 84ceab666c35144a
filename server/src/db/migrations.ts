/** A numbered schema change. Never edit one that has shipped: add the next number. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table that others reference (SQLite cannot alter a CHECK): run it
   * with foreign keys off, or `DROP TABLE` would cascade into every referencing row. The runner
   * checks `foreign_key_check` before it commits and turns them back on after.
   */
  rebuildsTables?: boolean;
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
  {
    id: 6,
    name: 'chat channels, replies, mentions, pins, danmaku; moderation',
    // chat_messages is rebuilt keyed by channel (`event:<id>` | `hall:<id>`) instead of event: a
    // hall channel has no event row to reference. Nothing references chat_messages, so no
    // foreign-key pass is needed. Existing rows keep their order: seq by created time per channel.
    sql: `
      CREATE TABLE chat_messages_new (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        seq INTEGER NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'held', 'hidden', 'deleted')),
        reply_to TEXT,
        mentions TEXT NOT NULL DEFAULT '[]',
        pinned INTEGER NOT NULL DEFAULT 0,
        danmaku TEXT,
        client_id TEXT,
        created_at TEXT NOT NULL
      );
      INSERT INTO chat_messages_new (id, channel, seq, user_id, display_name, text, created_at)
        SELECT id, 'event:' || event_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY created_at, seq), user_id, display_name, text, created_at
        FROM chat_messages;
      DROP TABLE chat_messages;
      ALTER TABLE chat_messages_new RENAME TO chat_messages;
      CREATE UNIQUE INDEX chat_messages_channel_seq ON chat_messages(channel, seq);
      CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages(user_id, channel, client_id) WHERE client_id IS NOT NULL;
      CREATE INDEX chat_messages_author ON chat_messages(channel, user_id, created_at);
      CREATE INDEX chat_messages_review ON chat_messages(channel, status) WHERE status <> 'visible';
      CREATE INDEX chat_messages_pinned ON chat_messages(channel) WHERE pinned = 1;

      CREATE TABLE chat_channel_settings (
        channel TEXT PRIMARY KEY,
        slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
        members_only INTEGER NOT NULL DEFAULT 0,
        members_only_min_age_minutes INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE chat_keyword_rules (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        phrase TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('hide', 'hold')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX chat_keyword_rules_channel ON chat_keyword_rules(channel, created_at);
      CREATE TABLE chat_moderators (
        channel TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (channel, user_id)
      );
      CREATE TABLE chat_mutes (
        channel TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        until TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (channel, user_id)
      );
      CREATE TABLE chat_bans (
        channel TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (channel, user_id)
      );
      CREATE TABLE chat_reports (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        message_id TEXT NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
        reporter_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'illegal', 'other')),
        note TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT
      );
      CREATE UNIQUE INDEX chat_reports_once ON chat_reports(message_id, reporter_id);
      CREATE INDEX chat_reports_open ON chat_reports(channel, created_at) WHERE resolved_at IS NULL;
      CREATE TABLE chat_moderation_log (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        moderator_id TEXT NOT NULL,
        action TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX chat_moderation_log_channel ON chat_moderation_log(channel, created_at);
    `,
  },
  {
    id: 7,
    name: 'live polls',
    // One ballot per account per poll is the UNIQUE key of poll_ballots, so concurrent duplicate
    // votes (two tabs, two nodes) count once. Option counts are kept beside the ballots, updated
    // in the ballot's transaction: results are read in O(options), never by counting ballots.
    sql: `
      CREATE TABLE polls (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        question TEXT NOT NULL,
        multiple INTEGER NOT NULL,
        total_voters INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX polls_channel_created ON polls(channel, created_at);
      CREATE TABLE poll_options (
        poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        votes INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (poll_id, idx)
      );
      CREATE TABLE poll_ballots (
        poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        choices TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (poll_id, user_id)
      );
    `,
  },
  {
    id: 8,
    name: 'award programmes, entries, judging, votes, audit, reveals',
    // A programme's phase is derived from its schedule, never stored. The vote limits live in the
    // keys of award_votes: one row per (account, entry) and per (account, slot) with slot <
    // votes_per_account (checked by the insert itself), and one per (account, idempotency key),
    // so concurrent or retried votes cannot count twice whatever the code above them does.
    sql: `
      CREATE TABLE award_programmes (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT,
        event_id TEXT REFERENCES events(id) ON DELETE SET NULL,
        schedule TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX award_programmes_event ON award_programmes(event_id);
      CREATE TABLE award_judges (
        programme_id TEXT NOT NULL REFERENCES award_programmes(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (programme_id, user_id)
      );
      CREATE TABLE award_categories (
        programme_id TEXT NOT NULL REFERENCES award_programmes(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        definition TEXT NOT NULL,
        votes_per_account INTEGER NOT NULL CHECK (votes_per_account >= 1),
        hall_exhibition_id TEXT,
        hall_works TEXT NOT NULL DEFAULT '[]',
        tie_break_entry_id TEXT,
        reveal_stage TEXT NOT NULL DEFAULT 'none' CHECK (reveal_stage IN ('none', 'nominees', 'winner')),
        PRIMARY KEY (programme_id, id)
      );
      CREATE TABLE award_entries (
        id TEXT PRIMARY KEY,
        programme_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        work_id TEXT NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        entrant_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
        created_at TEXT NOT NULL,
        withdrawn_at TEXT,
        FOREIGN KEY (programme_id, category_id) REFERENCES award_categories(programme_id, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX award_entries_once ON award_entries(programme_id, category_id, work_id) WHERE status = 'active';
      CREATE INDEX award_entries_category ON award_entries(programme_id, category_id, status, created_at);
      CREATE INDEX award_entries_entrant ON award_entries(programme_id, category_id, entrant_id, status);
      CREATE TABLE award_scores (
        entry_id TEXT NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
        judge_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        programme_id TEXT NOT NULL,
        scores TEXT NOT NULL,
        comment TEXT NOT NULL,
        total REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (entry_id, judge_id)
      );
      CREATE INDEX award_scores_programme ON award_scores(programme_id, judge_id);
      CREATE TABLE award_recusals (
        entry_id TEXT NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
        judge_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        programme_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (entry_id, judge_id)
      );
      CREATE INDEX award_recusals_programme ON award_recusals(programme_id, judge_id);
      CREATE TABLE award_votes (
        programme_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        entry_id TEXT NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        slot INTEGER NOT NULL CHECK (slot >= 0),
        idempotency_key TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (programme_id, category_id, user_id, entry_id),
        UNIQUE (programme_id, category_id, user_id, slot),
        FOREIGN KEY (programme_id, category_id) REFERENCES award_categories(programme_id, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX award_votes_idempotency ON award_votes(user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX award_votes_tally ON award_votes(programme_id, category_id, entry_id);
      CREATE TABLE award_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        programme_id TEXT NOT NULL REFERENCES award_programmes(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        entry_id TEXT,
        category_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX award_audit_programme ON award_audit(programme_id, id);
      CREATE TABLE award_reveals (
        programme_id TEXT PRIMARY KEY REFERENCES award_programmes(id) ON DELETE CASCADE,
        reveal TEXT NOT NULL
      );
    `,
  },
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
];
