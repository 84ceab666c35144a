import type { AssetStatus, ChatMessage, ErrorInfo, EventStatus, Role, VodHlsResult } from '@yunzhan/shared';

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
  ownerId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  status: AssetStatus;
  /** Transcode progress, 0..100. */
  progress: number;
  /** The `vod-hls` batch job. */
  jobId: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** What the transcode returned, once ready. */
  result: VodHlsResult | null;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}

/** Fields of an asset that change while it is processed. */
export type AssetPatch = Partial<Pick<AssetRecord, 'status' | 'progress' | 'jobId' | 'durationSeconds' | 'result' | 'error'>>;

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
  };
  readonly sessions: {
    /** Stores a session under the hash of its token. */
    create(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
    /** The user of an unexpired session, or null. */
    user(tokenHash: string, now: string): Promise<UserRecord | null>;
    delete(tokenHash: string): Promise<void>;
    deleteExpired(now: string): Promise<number>;
  };
  readonly events: {
    create(event: Omit<EventRecord, 'createdAt'>): Promise<EventRecord>;
    get(id: string): Promise<EventRecord | null>;
    /** Every event, newest start first. */
    list(): Promise<EventRecord[]>;
    update(id: string, patch: EventPatch): Promise<EventRecord>;
  };
  readonly chat: {
    /** Stores a message and returns it with its id and time. */
    add(message: Omit<ChatMessage, 'id' | 'createdAt'>): Promise<ChatMessage>;
    /** The most recent `limit` messages of an event, oldest first. */
    recent(eventId: string, limit: number): Promise<ChatMessage[]>;
  };
  readonly assets: {
    create(asset: Omit<AssetRecord, 'createdAt' | 'updatedAt'>): Promise<AssetRecord>;
    get(id: string): Promise<AssetRecord | null>;
    /** Newest first; only `ownerId`'s when given. */
    list(filter?: { ownerId?: string; status?: AssetRecord['status']; limit?: number }): Promise<AssetRecord[]>;
    update(id: string, patch: AssetPatch): Promise<AssetRecord>;
  };
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
