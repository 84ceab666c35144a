import { Asset } from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

// The uploads' assets API (server/src/uploads/asset-routes.ts); answers parsed with the shared Asset schema.

/** GET /api/assets: the signed-in user's uploads (all of them for admins). */
export async function fetchMyAssets(): Promise<Asset[]> {
  return fetchJson('/api/assets', Asset.array());
}

/** GET /api/assets/:id. */
export async function fetchAsset(assetId: string): Promise<Asset> {
  return fetchJson(`/api/assets/${encodeURIComponent(assetId)}`, Asset);
}
