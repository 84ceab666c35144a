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
  ReviewNote,
  Role,
  WorkKind,
  WorkMedia,
  WorkMetadata,
  WorkStatus,
} from '@yunzhan/shared';
import type { AwardStore } from '../awards/award-store';
import type { PollStore } from '../interaction/poll-store';
import type { ChatStore, ModerationStore } from './chat-store';

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
}

/** Fields of a work that change. */
export type WorkPatch = Partial<Pick<WorkRecord, 'metadata' | 'status' | 'media' | 'audioGuide' | 'audioGuideAssetId'>>;

/** An exhibition row: exactly the shared `Exhibition`. */
export type ExhibitionRecord = Exhibition;

/** What a draft save writes. */
export interface DraftSave {
  draft: ExhibitionLayout;
  title?: LocalizedText;
  summary?: LocalizedText;
  /** The status after the save (a returned exhibition goes back to draft). */
  status: ExhibitionStatus;
}

/** State of the database for /healthz. */
export interface StoreHealth {
  ok: boolean;
  driver: 'sqlite' | 'postgres';
  detail: string;
}

/**
 * The data layer. Every method is async so that a Postgres implementation fits behind the same
 * interface; the SQLite one answers synchronously underneath.
 */
export interface Store {
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
    list(): Promise<EventRecord[]>;
    update(id: string, patch: EventPatch): Promise<EventRecord>;
  };
  /** Chat messages and reports of every channel (`event:<id>`, `hall:<id>`). */
  readonly chat: ChatStore;
  /** Channel settings, mutes, bans, moderators and the moderation log. */
  readonly moderation: ModerationStore;
  /** Live polls and their ballots (one per account per poll). */
  readonly polls: PollStore;
  /** Award programmes: entries, judges' scores, votes, the audit log and reveals. */
  readonly awards: AwardStore;
  readonly assets: {
    create(asset: Omit<AssetRecord, 'createdAt' | 'updatedAt'>): Promise<AssetRecord>;
    get(id: string): Promise<AssetRecord | null>;
    /** Newest first; only `ownerId`'s when given. */
    list(filter?: { ownerId?: string; status?: AssetRecord['status']; limit?: number }): Promise<AssetRecord[]>;
    update(id: string, patch: AssetPatch): Promise<AssetRecord>;
  };
  readonly works: {
    /**
     * Stores a work under the next catalogue number of `year` (`YZ-<year>-<000001...>`), allocated
     * in the same transaction as the insert: unique however many are created at once.
     */
    create(work: Omit<WorkRecord, 'catalogueNumber' | 'createdAt' | 'updatedAt'>, year: number): Promise<WorkRecord>;
    get(id: string): Promise<WorkRecord | null>;
    /** The works of these ids that exist, in no particular order. */
    getMany(ids: readonly string[]): Promise<WorkRecord[]>;
    /** Newest first; only `ownerId`'s / one kind when given. */
    list(filter?: { ownerId?: string; kind?: WorkKind; limit?: number }): Promise<WorkRecord[]>;
    /** Works whose source or audio guide is this asset. */
    byAsset(assetId: string): Promise<WorkRecord[]>;
    update(id: string, patch: WorkPatch): Promise<WorkRecord>;
    /** Whether the work is placed in the published layout of some exhibition. */
    isPublished(id: string): Promise<boolean>;
  };
  readonly exhibitions: {
    create(exhibition: Omit<ExhibitionRecord, 'createdAt' | 'updatedAt'>): Promise<ExhibitionRecord>;
    get(id: string): Promise<ExhibitionRecord | null>;
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
     * Approves an exhibition in review: the draft becomes the published layout (snapshot taken in
     * the same statement), status approved, `publishedAt` now. Null when it is not in review.
     */
    approve(id: string, review: ReviewNote): Promise<ExhibitionRecord | null>;
  };
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
