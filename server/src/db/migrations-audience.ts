import type { Migration } from './migrations';

// Migrations 6 to 8, kept apart from migrations.ts only for its length: the audience features
// (chat channels and moderation, live polls, award programmes). Listed in MIGRATIONS in order.

/** Migrations 6 (chat channels, moderation), 7 (live polls) and 8 (award programmes). */
export const AUDIENCE_MIGRATIONS: readonly Migration[] = [
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
];
