import type { Asset } from '@yunzhan/shared';
import type { AssetRecord } from '../db/store';

/** URL of a file of an asset's HLS folder (served by the `/hls/` route). */
export function assetFileUrl(assetId: string, relativePath: string): string {
  return `/hls/${encodeURIComponent(assetId)}/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The wire form of an asset: its outputs as URLs once it is ready. */
export function toAssetView(record: AssetRecord): Asset {
  const result = record.status === 'ready' ? record.result : null;
  return {
    id: record.id,
    ownerId: record.ownerId,
    filename: record.filename,
    sizeBytes: record.sizeBytes,
    status: record.status,
    progress: Math.round(Math.min(100, Math.max(0, record.progress)) * 10) / 10,
    durationSeconds: record.durationSeconds,
    width: record.width,
    height: record.height,
    hls: result
      ? {
          master: assetFileUrl(record.id, result.master),
          poster: assetFileUrl(record.id, result.poster),
          thumbnails: assetFileUrl(record.id, result.thumbnails),
        }
      : null,
    error: record.status === 'failed' ? record.error : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
