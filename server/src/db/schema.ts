import type { Generated } from 'kysely';
import type { BatchJobsTable } from '@yunzhan/media-worker';

// The tables as Kysely sees them, on both engines. Columns keep SQLite's portable types: TEXT ids,
// ISO-8601 TEXT times, JSON as TEXT, INTEGER 0/1 flags. Written from the migrated schema (PRAGMA
// table_info over MIGRATIONS); a migration that changes a table changes its interface here too.

export interface AssetsTable {
  id: string;
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  status: string;
  progress: Generated<number>;
  job_id: string | null;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  kind: Generated<string>;
}
export interface AwardAuditTable {
  id: Generated<number>;
  programme_id: string;
  at: string;
  actor_id: string;
  action: string;
  entry_id: string | null;
  category_id: string | null;
  detail: string;
}
export interface AwardCategoriesTable {
  programme_id: string;
  id: string;
  position: number;
  definition: string;
  votes_per_account: number;
  hall_exhibition_id: string | null;
  hall_works: Generated<string>;
  tie_break_entry_id: string | null;
  reveal_stage: Generated<string>;
}
export interface AwardEntriesTable {
  id: string;
  programme_id: string;
  category_id: string;
  work_id: string;
  entrant_id: string;
  status: string;
  created_at: string;
  withdrawn_at: string | null;
}
export interface AwardJudgesTable {
  programme_id: string;
  user_id: string;
  position: number;
}
export interface AwardProgrammesTable {
  id: string;
  title: string;
  summary: string | null;
  event_id: string | null;
  schedule: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface AwardRecusalsTable {
  entry_id: string;
  judge_id: string;
  programme_id: string;
  reason: string;
  created_at: string;
}
export interface AwardRevealsTable {
  programme_id: string;
  reveal: string;
}
export interface AwardScoresTable {
  entry_id: string;
  judge_id: string;
  programme_id: string;
  scores: string;
  comment: string;
  total: number;
  status: string;
  updated_at: string;
}
export interface AwardVotesTable {
  programme_id: string;
  category_id: string;
  entry_id: string;
  user_id: string;
  slot: number;
  idempotency_key: string | null;
  created_at: string;
}
export interface CatalogueSequencesTable {
  year: number;
  last_number: number;
}
export interface ChatBansTable {
  channel: string;
  user_id: string;
  reason: string;
  created_at: string;
}
export interface ChatChannelSeqTable {
  channel: string;
  last_seq: number;
}
export interface ChatChannelSettingsTable {
  channel: string;
  slow_mode_seconds: Generated<number>;
  members_only: Generated<number>;
  members_only_min_age_minutes: Generated<number>;
  updated_at: string;
}
export interface ChatKeywordRulesTable {
  id: string;
  channel: string;
  phrase: string;
  action: string;
  created_at: string;
}
export interface ChatMessagesTable {
  id: string;
  channel: string;
  seq: number;
  user_id: string;
  display_name: string;
  text: string;
  status: Generated<string>;
  reply_to: string | null;
  mentions: Generated<string>;
  pinned: Generated<number>;
  danmaku: string | null;
  client_id: string | null;
  created_at: string;
  badge: string | null;
}
export interface ChatModerationLogTable {
  id: string;
  channel: string;
  moderator_id: string;
  action: string;
  created_at: string;
}
export interface ChatModeratorsTable {
  channel: string;
  user_id: string;
  added_at: string;
}
export interface ChatMutesTable {
  channel: string;
  user_id: string;
  until: string;
  reason: string;
}
export interface ChatReportsTable {
  id: string;
  channel: string;
  message_id: string;
  reporter_id: string;
  reason: string;
  note: string;
  created_at: string;
  resolved_at: string | null;
}
export interface EventHostsTable {
  event_id: string;
  user_id: string;
}
/** Which media worker's HTTP origin serves a live stream's `/hls/<stream_id>/` (migration 15). */
export interface StreamOriginsTable {
  stream_id: string;
  event_id: string;
  /** Base URL, e.g. `http://10.0.0.21:8090`. */
  origin: string;
  updated_at: string;
}
/** Which host serves an uploaded asset's `/hls/<asset_id>/` or `/media/<asset_id>/` (migration 16). */
export interface AssetOriginsTable {
  asset_id: string;
  /** Base URL, e.g. `http://10.0.0.21:8090`. */
  origin: string;
  updated_at: string;
}

/** Lines of live captions (migration 17). */
export interface CaptionsTable {
  id: string;
  event_id: string;
  text: string;
  /** ISO time it was sent. */
  at: string;
  author_id: string;
}

/** The ingest token of an event (migration 18). */
export interface EventIngestTable {
  event_id: string;
  token: string;
  created_at: string;
}

/** The captioners of an event (migration 19). */
export interface EventCaptionersTable {
  event_id: string;
  user_id: string;
  /** ISO time the account was made a captioner of the event. */
  added_at: string;
}

/** A normalised WebVTT file of a video work (migration 20). */
export interface WorkSubtitlesTable {
  work_id: string;
  /** SHA-256 of `vtt`, hex. */
  sha256: string;
  vtt: string;
  created_at: string;
}

export interface EventsTable {
  id: string;
  title: string;
  description: string;
  status: string;
  starts_at: string;
  started_at: string | null;
  ended_at: string | null;
  stream_id: string | null;
  created_at: string;
}
export interface ExhibitionsTable {
  id: string;
  title: string;
  summary: string;
  owner_id: string;
  status: string;
  draft: string;
  revision: Generated<number>;
  published: string | null;
  review: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  pending_title: string | null;
  pending_summary: string | null;
}
export interface PollBallotsTable {
  poll_id: string;
  user_id: string;
  choices: string;
  created_at: string;
}
export interface PollOptionsTable {
  poll_id: string;
  idx: number;
  text: string;
  votes: Generated<number>;
}
export interface PollsTable {
  id: string;
  channel: string;
  question: string;
  multiple: number;
  total_voters: Generated<number>;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}
export interface PublishedWorksTable {
  exhibition_id: string;
  work_id: string;
}
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}
export interface UsersTable {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: string;
}
export interface WorksTable {
  id: string;
  catalogue_number: string;
  kind: string;
  metadata: string;
  status: string;
  asset_id: string;
  audio_guide_asset_id: string | null;
  media: string;
  audio_guide: string | null;
  owner_id: string;
  created_at: string;
  updated_at: string;
  pending_metadata: string | null;
  pending_status: string | null;
  pending_saved_at: string | null;
  metadata_review: string | null;
}

/** Every table, as Kysely sees it. */
export interface Schema {
  assets: AssetsTable;
  captions: CaptionsTable;
  event_ingest: EventIngestTable;
  asset_origins: AssetOriginsTable;
  award_audit: AwardAuditTable;
  award_categories: AwardCategoriesTable;
  award_entries: AwardEntriesTable;
  award_judges: AwardJudgesTable;
  award_programmes: AwardProgrammesTable;
  award_recusals: AwardRecusalsTable;
  award_reveals: AwardRevealsTable;
  award_scores: AwardScoresTable;
  award_votes: AwardVotesTable;
  /** Migration 14; its interface is the job store's (media-worker). */
  batch_jobs: BatchJobsTable;
  catalogue_sequences: CatalogueSequencesTable;
  chat_bans: ChatBansTable;
  chat_channel_seq: ChatChannelSeqTable;
  chat_channel_settings: ChatChannelSettingsTable;
  chat_keyword_rules: ChatKeywordRulesTable;
  chat_messages: ChatMessagesTable;
  chat_moderation_log: ChatModerationLogTable;
  chat_moderators: ChatModeratorsTable;
  chat_mutes: ChatMutesTable;
  chat_reports: ChatReportsTable;
  event_captioners: EventCaptionersTable;
  event_hosts: EventHostsTable;
  events: EventsTable;
  exhibitions: ExhibitionsTable;
  poll_ballots: PollBallotsTable;
  poll_options: PollOptionsTable;
  polls: PollsTable;
  published_works: PublishedWorksTable;
  sessions: SessionsTable;
  stream_origins: StreamOriginsTable;
  users: UsersTable;
  works: WorksTable;
  work_subtitles: WorkSubtitlesTable;
}

