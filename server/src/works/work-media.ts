import { WorkMedia, type PublicUser, type Work, type WorkStatus, type WorkSubtitles } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { AssetRecord, WorkRecord } from '../db/store';
import { assetFileUrl, filesOf, resultOf } from '../uploads/asset-view';
import { workMasterUrl } from './subtitle-playlists';

/**
 * A video's media as shown with `subtitles`: with any, its HLS master is the work's own playlist,
 * which lists them (subtitle-routes.ts); without, the asset's master as processed.
 */
function mediaWith(record: WorkRecord, subtitles: WorkSubtitles | undefined): WorkMedia {
  const { media } = record;
  if (record.kind !== 'video' || !media.hls || Object.keys(subtitles ?? {}).length === 0) return media;
  return { ...media, hls: workMasterUrl(record.id) };
}

/** What a work shows, derived from its source asset and its audio guide. */
export interface DerivedMedia {
  status: WorkStatus;
  media: WorkMedia;
  audioGuide: string | null;
}

/**
 * A work's media from its assets: image renditions, the HLS master (and poster), the GLB or the
 * audio file, as same-origin URLs once the source is ready; the work's status is the source's.
 * The audio guide's URL appears once it is ready; a failed guide does not fail the work.
 */
export function deriveMedia(source: AssetRecord, guide: AssetRecord | null): DerivedMedia {
  const files = filesOf(source);
  const video = resultOf(source, 'video');
  const image = resultOf(source, 'image');
  const largest = video?.renditions.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const media = WorkMedia.parse({
    images: files?.images ?? (video && largest ? [{ width: largest.width, height: largest.height, url: assetFileUrl(source.id, video.poster), bytes: 0 }] : []),
    hls: video ? assetFileUrl(source.id, video.master) : null,
    model: files?.model ?? null,
    audio: files?.audio ?? null,
    width: image?.width ?? source.width ?? null,
    height: image?.height ?? source.height ?? null,
  });
  return { status: source.status, media, audioGuide: guide ? (filesOf(guide)?.audio ?? null) : null };
}

/**
 * The work as this caller may see it: its owner and admins (who may edit it) see the metadata as
 * last saved, with `metadataChange` (what visitors see) while a change awaits review or was
 * returned; anyone else the approved metadata only.
 */
export function workFor(user: PublicUser | null, record: WorkRecord): Work {
  const view = toWorkView(record);
  if (!can(user, 'work:update', { ownerId: record.ownerId })) return view;
  const change = record.pendingChange;
  const metadata = change?.metadata ?? record.metadata;
  return {
    ...view,
    metadata,
    media: mediaWith(record, metadata.subtitles),
    metadataChange: change ? { status: change.status, approved: record.metadata, savedAt: change.savedAt, review: record.metadataReview } : null,
  };
}

/** The public wire form of a work: its approved metadata, nothing awaiting review. */
export function toWorkView(record: WorkRecord): Work {
  return {
    id: record.id,
    catalogueNumber: record.catalogueNumber,
    kind: record.kind,
    metadata: record.metadata,
    status: record.status,
    assetId: record.assetId,
    audioGuideAssetId: record.audioGuideAssetId,
    media: mediaWith(record, record.metadata.subtitles),
    audioGuide: record.audioGuide,
    ownerId: record.ownerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
