import type { StreamOriginStore } from '../live/stream-origin-store';
import type { AssetOriginStore } from '../uploads/asset-origin-store';
import type { CaptionStore } from '../captions/caption-store';
import type { CaptionerStore } from '../captions/captioner-store';
import type { SubtitleStore } from '../works/subtitle-store';
import type { IngestStore } from '../ingest/ingest-store';
import type {
  AssetKind,
  AssetResult,
  AssetStatus,
  ErrorInfo,
  EventStatus,
  Exhibition,
  ExhibitionLayout,
  ExhibitionStatus,
  LocalizedText,
  MetadataChange,
  ReviewNote,
  Role,
  WorkKind,
  WorkMedia,
  WorkMetadata,
  WorkStatus,
} from '@yunzhan/shared';
import type { AwardStore } from '../awards/award-store';
import type { ChatStore } from '../chat/chat-store';
import type { ModerationStore } from '../chat/moderation-store';
import type { PollStore } from '../interaction/poll-store';

/** A user row, including the password hash (never sent to clients). */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

/** A live event row. */
export interface EventRecord {
  id: string;
  title: string;
  description: string;
  status: EventStatus;
  startsAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** Stream of the current live, or of the last one (its replay). */
  streamId: string | null;
  hostIds: string[];
  createdAt: string;
}

/** Fields of an event that change over its life. */
export type EventPatch = Partial<Pick<EventRecord, 'title' | 'description' | 'status' | 'startedAt' | 'endedAt' | 'streamId'>>;

/** An uploaded asset row. */
export interface AssetRecord {
  /** Also the tus upload id and the name of its HLS folder. */
  id: string;
  /** What the upload was checked as; decides its processing and the shape of `result`. */
  kind: AssetKind;
  ownerId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  status: AssetStatus;
  /** Transcode progress, 0..100. */
  progress: number;
  /** The batch job processing it (`vod-hls`, `image-renditions`, `audio-aac`), if any. */
  jobId: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** What processing produced, once ready: the schema of its kind (ASSET_RESULT_SCHEMAS). */
  result: AssetResult | null;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}

/** Fields of an asset that change while it is processed. */
export type AssetPatch = Partial<Pick<AssetRecord, 'status' | 'progress' | 'jobId' | 'durationSeconds' | 'result' | 'error'>>;

/** A catalogued work row. */
export interface WorkRecord {
  id: string;
  /** `YZ-<year>-<6 digits>`, allocated by the store. */
  catalogueNumber: string;
  kind: WorkKind;
  metadata: WorkMetadata;
  /** Follows the source asset's processing. */
  status: WorkStatus;
  assetId: string;
  audioGuideAssetId: string | null;
  media: WorkMedia;
  /** URL of the processed audio guide. */
  audioGuide: string | null;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  /** A change of `metadata` (which visitors see) awaiting review or returned; null when there is none. */
  pendingChange: PendingMetadata | null;
  /** The last review decision on a metadata change. */
  metadataReview: ReviewNote | null;
}

/** A work's metadata as its owner last saved it, not yet approved. */
export interface PendingMetadata {
  metadata: WorkMetadata;
  status: MetadataChange['status'];
  savedAt: string;
}

/** What a new work row needs (number, times and review state are the store's). */
export type NewWork = Omit<WorkRecord, 'catalogueNumber' | 'createdAt' | 'updatedAt' | 'pendingChange' | 'metadataReview'>;

/** Fields of a work that change with its media (metadata changes go through `saveMetadata`). */
export type WorkPatch = Partial<Pick<WorkRecord, 'status' | 'media' | 'audioGuide' | 'audioGuideAssetId'>>;

/** How `saveMetadata` stored an edit: public at once, held for review, or dropped as no change. */
export type MetadataSave = 'published' | 'held' | 'unchanged';

/**
 * An exhibition row: the shared `Exhibition` whose `title` and `summary` are the public (approved)
 * texts, with the edits of them saved since the last approval.
 */
export interface ExhibitionRecord extends Omit<Exhibition, 'approvedTexts'> {
  /** Title saved since the last approval (public once approved); null: none. */
  pendingTitle: LocalizedText | null;
  /** Summary saved since the last approval (public once approved); null: none. */
  pendingSummary: LocalizedText | null;
}

/** What a new exhibition row needs (times and pending texts are the store's). */
export type NewExhibition = Omit<ExhibitionRecord, 'createdAt' | 'updatedAt' | 'pendingTitle' | 'pendingSummary'>;

/** What a draft save writes. */
export interface DraftSave {
  draft: ExhibitionLayout;
  /** The title to publish on the next approval; null drops a pending one; absent keeps it. */
  title?: LocalizedText | null;
  /** The summary to publish on the next approval; null drops a pending one; absent keeps it. */
  summary?: LocalizedText | null;
  /** The status after the save (a returned exhibition goes back to draft). */
  status: ExhibitionStatus;
}

/**
 * How a read inside `Store.transaction` locks the row it returns until the transaction ends, on
 * PostgreSQL (SQLite's BEGIN IMMEDIATE holds every other writer off already): `share` (FOR
 * SHARE) keeps writers of the row waiting; `update` (FOR NO KEY UPDATE) also other `update` and
 * `share` readers, not foreign-key checks of rows that reference it.
 */
export type RowLock = 'share' | 'update';

/** State of the database for /healthz. */
export interface StoreHealth {
  ok: boolean;
  driver: 'sqlite' | 'postgres';
  detail: string;
}

/**
 * The data layer: one store per concept, each one implementation on the query layer (Kysely)
 * that runs on SQLite and on PostgreSQL alike.
 */
export interface Store {
  /** The engine underneath. */
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one transaction with stores bound to it: a domain rule checked and applied in
   * `fn` holds against concurrent writers on both engines. Inside, `transaction` joins the same one.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  readonly users: {
    create(user: Omit<UserRecord, 'createdAt'>): Promise<UserRecord>;
    byId(id: string): Promise<UserRecord | null>;
    byUsername(username: string): Promise<UserRecord | null>;
    /** Every account (only those of `role` when given), by username. */
    list(filter?: { role?: Role }): Promise<UserRecord[]>;
    /** Accounts whose names are reserved: admins, hosts, curators, judges, event hosts and named chat moderators. */
    staff(): Promise<UserRecord[]>;
    /** Gives an account a role; NOT_FOUND when there is no such account. */
    setRole(id: string, role: Role): Promise<UserRecord>;
    /** Replaces an account's password hash; NOT_FOUND when there is no such account. */
    setPasswordHash(id: string, passwordHash: string): Promise<void>;
  };
  readonly sessions: {
    /** Stores a session under the hash of its token. */
    create(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
    /** The user of an unexpired session, or null. */
    user(tokenHash: string, now: string): Promise<UserRecord | null>;
    delete(tokenHash: string): Promise<void>;
    /** Ends every session of an account. */
    deleteForUser(userId: string): Promise<void>;
    deleteExpired(now: string): Promise<number>;
  };
  readonly events: {
    create(event: Omit<EventRecord, 'createdAt'>): Promise<EventRecord>;
    get(id: string): Promise<EventRecord | null>;
    /** Every event, newest start first. */
    /** Newest start first; only those of one status when given. */
    list(filter?: { status?: EventStatus }): Promise<EventRecord[]>;
    update(id: string, patch: EventPatch): Promise<EventRecord>;
  };
  /** Which media worker serves each live stream (LIVE_WORKERS=remote). */
  readonly streamOrigins: StreamOriginStore;
  /** Chat messages and reports of every channel (`event:<id>`, `hall:<id>`). */
  readonly chat: ChatStore;
  /** Channel settings, mutes, bans, moderators and the moderation log. */
  readonly moderation: ModerationStore;
  /** Live polls and their ballots (one per account per poll). */
  readonly polls: PollStore;
  /** Award programmes: entries, judges' scores, votes, the audit log and reveals. */
  readonly awards: AwardStore;
  /** Lines of live captions, per event. */
  readonly captions: CaptionStore;
  /** The accounts that type each event's live captions. */
  readonly captioners: CaptionerStore;
  /** The WebVTT files of video works' subtitles. */
  readonly subtitles: SubtitleStore;
  /** The tokens broadcast software publishes events with. */
  readonly ingest: IngestStore;
  /** Which host serves each uploaded asset's files (deployments of several hosts). */
  readonly assetOrigins: AssetOriginStore;
  readonly assets: {
    create(asset: Omit<AssetRecord, 'createdAt' | 'updatedAt'>): Promise<AssetRecord>;
    /** `lock`: inside a transaction, the row stays locked until it ends (RowLock). */
    get(id: string, options?: { lock?: RowLock }): Promise<AssetRecord | null>;
    /** Newest first; only `ownerId`'s when given. */
    list(filter?: { ownerId?: string; status?: AssetRecord['status']; limit?: number }): Promise<AssetRecord[]>;
    update(id: string, patch: AssetPatch): Promise<AssetRecord>;
  };
  readonly works: {
    /**
     * Stores a work under the next catalogue number of `year` (`YZ-<year>-<000001...>`), allocated
     * in the same transaction as the insert: unique however many are created at once.
     */
    create(work: NewWork, year: number): Promise<WorkRecord>;
    /** `lock`: inside a transaction, the row stays locked until it ends (RowLock). */
    get(id: string, options?: { lock?: RowLock }): Promise<WorkRecord | null>;
    /** The works of these ids that exist, in no particular order. */
    getMany(ids: readonly string[]): Promise<WorkRecord[]>;
    /** Newest first; only `ownerId`'s / one kind / those with a metadata change awaiting review (oldest change first) when given. */
    list(filter?: { ownerId?: string; kind?: WorkKind; pendingReview?: boolean; limit?: number }): Promise<WorkRecord[]>;
    /** Works whose source or audio guide is this asset. */
    byAsset(assetId: string): Promise<WorkRecord[]>;
    update(id: string, patch: WorkPatch): Promise<WorkRecord>;
    /** Whether the work is placed in the published layout of some exhibition. */
    isPublished(id: string): Promise<boolean>;
    /**
     * Saves an edit of a work's metadata in one transaction: while visitors cannot see the work
     * (it hangs in no published layout, is placed in no exhibition under review, is entered in no
     * award programme) the edit replaces `metadata`; otherwise it is held as the pending change,
     * or drops the pending change when it equals the approved metadata. An approval can therefore
     * never publish an edit it did not review.
     */
    saveMetadata(id: string, metadata: WorkMetadata): Promise<{ work: WorkRecord; saved: MetadataSave }>;
    /**
     * An admin's decision on a pending metadata change: approve makes it the public metadata,
     * return keeps it for its owner with the note. Null, changing nothing, when none is pending.
     */
    reviewMetadata(id: string, review: ReviewNote): Promise<WorkRecord | null>;
  };
  readonly exhibitions: {
    create(exhibition: NewExhibition): Promise<ExhibitionRecord>;
    /** `lock`: inside a transaction, the row stays locked until it ends (RowLock). */
    get(id: string, options?: { lock?: RowLock }): Promise<ExhibitionRecord | null>;
    /** Most recently updated first. `published`: only those with a published layout. */
    list(filter?: { ownerId?: string; status?: ExhibitionStatus; published?: boolean; limit?: number }): Promise<ExhibitionRecord[]>;
    /**
     * Saves a draft when the stored revision is still `baseRevision` (revision + 1). Returns null,
     * changing nothing, when another save came first or the status is not one of `fromStatus`.
     */
    saveDraft(id: string, baseRevision: number, fromStatus: readonly ExhibitionStatus[], save: DraftSave): Promise<ExhibitionRecord | null>;
    /** Sets the status (and review note) when it is one of `from`; null, changing nothing, otherwise. */
    transition(id: string, from: readonly ExhibitionStatus[], to: ExhibitionStatus, review?: ReviewNote | null): Promise<ExhibitionRecord | null>;
    /**
     * Approves an exhibition in review: the draft becomes the published layout and the pending
     * title and summary the public ones (in the same statement), status approved, `publishedAt`
     * now. Null when it is not in review.
     */
    approve(id: string, review: ReviewNote): Promise<ExhibitionRecord | null>;
  };
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
