import type { Db } from '../db/database';

/** Which media worker serves each live stream's `/hls/<streamId>/` (LIVE_WORKERS=remote). */
export interface StreamOriginStore {
  /** Records (or moves, after a failover) the origin of a stream. */
  set(streamId: string, eventId: string, origin: string): Promise<void>;
  /** The origin's base URL, or null when the stream's files are on this node's disk. */
  get(streamId: string): Promise<string | null>;
}

/** The stream origin store on one executor (the database or a transaction). */
export function streamOriginStore(db: Db): StreamOriginStore {
  return {
    async set(streamId, eventId, origin) {
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('stream_origins')
        .values({ stream_id: streamId, event_id: eventId, origin, updated_at: updatedAt })
        .onConflict((oc) => oc.column('stream_id').doUpdateSet({ origin, updated_at: updatedAt }))
        .execute();
    },
    async get(streamId) {
      const row = await db.selectFrom('stream_origins').select('origin').where('stream_id', '=', streamId).executeTakeFirst();
      return row?.origin ?? null;
    },
  };
}

/**
 * Where streams (or uploaded assets) are served from, as this node last looked (one lookup per id
 * per `ttlMs`): shared by the origin proxy (which origin to forward to) and the live service
 * (whether another node's live has playlists here). Bounded: forgets everything past 10 000 ids.
 */
export class OriginCache {
  private readonly entries = new Map<string, { origin: string | null; until: number }>();

  constructor(
    private readonly store: { get(id: string): Promise<string | null> },
    /** How long a lookup is trusted, in ms. Default 2000. */
    private readonly ttlMs = 2000,
  ) {}

  /** The stream's origin, looked up again when the last lookup is older than the TTL. */
  async lookUp(streamId: string): Promise<string | null> {
    const now = Date.now();
    const hit = this.entries.get(streamId);
    if (hit && hit.until > now) return hit.origin;
    const origin = await this.store.get(streamId);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(streamId, { origin, until: now + this.ttlMs });
    return origin;
  }

  /** The origin found by the last lookup, however old (undefined: never looked up). */
  known(streamId: string): string | null | undefined {
    return this.entries.get(streamId)?.origin;
  }
}
