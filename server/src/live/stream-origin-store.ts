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
