import { AudioResult, ImageRenditionsResult, ModelResult, VodHlsResult, type Asset, type AssetResult } from '@yunzhan/shared';
import type { AssetRecord } from '../db/store';

/** URL of a file of an asset's HLS folder (served by the `/hls/` route). */
export function assetFileUrl(assetId: string, relativePath: string): string {
  return `/hls/${encodeURIComponent(assetId)}/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** URL of a file of an asset's media folder (image renditions, GLB, audio; served by `/media/`). */
export function mediaFileUrl(assetId: string, file: string): string {
  return `/media/${encodeURIComponent(assetId)}/${encodeURIComponent(file)}`;
}

/** The result of a ready asset in the shape of its kind, or null. */
export function resultOf<K extends AssetRecord['kind']>(
  record: AssetRecord,
  kind: K,
): { video: VodHlsResult; image: ImageRenditionsResult; audio: AudioResult; model: ModelResult }[K] | null {
  if (record.status !== 'ready' || record.kind !== kind || !record.result) return null;
  const schema = { video: VodHlsResult, image: ImageRenditionsResult, audio: AudioResult, model: ModelResult }[kind];
  const parsed = schema.safeParse(record.result as AssetResult);
  return parsed.success ? (parsed.data as never) : null;
}

/** The image, model and audio outputs of a ready non-video asset as URLs; null for videos and unfinished assets. */
export function filesOf(record: AssetRecord): Asset['files'] {
  if (record.status !== 'ready' || record.kind === 'video') return null;
  const image = resultOf(record, 'image');
  const model = resultOf(record, 'model');
  const audio = resultOf(record, 'audio');
  return {
    images: (image?.renditions ?? []).map((r) => ({ width: r.width, height: r.height, bytes: r.bytes, url: mediaFileUrl(record.id, r.file) })),
    model: model ? mediaFileUrl(record.id, model.file) : null,
    audio: audio ? mediaFileUrl(record.id, audio.file) : null,
  };
}

/** The wire form of an asset: its outputs as URLs once it is ready. */
export function toAssetView(record: AssetRecord): Asset {
  const result = resultOf(record, 'video');
  return {
    id: record.id,
    kind: record.kind,
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
    files: filesOf(record),
    error: record.status === 'failed' ? record.error : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
