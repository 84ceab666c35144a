import type { Db } from '../db/database';

/**
 * Which host serves each uploaded asset's `/hls/<assetId>/` or `/media/<assetId>/` (migration 16):
 * the media worker that processed it, or the web node that took a file served as uploaded. Only
 * deployments of several hosts write rows (REDIS_URL, or nodes sharing PostgreSQL); no row means
 * the files are on this node's disk.
 */
export interface AssetOriginStore {
  /** Records where an asset's files are. */
  set(assetId: string, origin: string): Promise<void>;
  /** The origin's base URL, or null when none is recorded. */
  get(assetId: string): Promise<string | null>;
}

/** The asset origin store on one executor (the database or a transaction). */
export function assetOriginStore(db: Db): AssetOriginStore {
  return {
    async set(assetId, origin) {
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('asset_origins')
        .values({ asset_id: assetId, origin, updated_at: updatedAt })
        .onConflict((oc) => oc.column('asset_id').doUpdateSet({ origin, updated_at: updatedAt }))
        .execute();
    },
    async get(assetId) {
      const row = await db.selectFrom('asset_origins').select('origin').where('asset_id', '=', assetId).executeTakeFirst();
      return row?.origin ?? null;
    },
  };
}
