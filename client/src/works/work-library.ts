import type { Asset, ErrorInfo, ImageRendition, Work, WorkKind, WorkStatus } from '@yunzhan/shared';
import { isSameOriginPath } from '../hall/work-images';

// The library grid's plain logic: text in the current language, the thumbnail of a work, its
// live processing state (from `asset:progress`), and the client-side filter.

// One rule for bilingual text and same-origin media everywhere: the hall's.
export { localized as localizedText } from '../hall/localized';
export { isSameOriginPath };

const area = (r: ImageRendition) => r.width * r.height;

/** The smallest rendition (thumbnails), or null without images. */
export function smallestRendition(images: readonly ImageRendition[]): ImageRendition | null {
  return images.reduce<ImageRendition | null>((best, r) => (!best || area(r) < area(best) ? r : best), null);
}

/** The largest rendition (the zoomable preview), or null without images. */
export function largestRendition(images: readonly ImageRendition[]): ImageRendition | null {
  return images.reduce<ImageRendition | null>((best, r) => (!best || area(r) > area(best) ? r : best), null);
}

/**
 * The thumbnail of a work: the smallest image rendition, or for a video its poster (the
 * work's images, else the asset's HLS poster); null for models and audio (an icon stands in).
 */
export function thumbnailOf(work: Pick<Work, 'kind' | 'media'>, asset?: Pick<Asset, 'hls'> | null): string | null {
  if (work.kind === 'model' || work.kind === 'audio') return null;
  const url = smallestRendition(work.media.images)?.url ?? (work.kind === 'video' ? asset?.hls?.poster : null);
  return isSameOriginPath(url) ? url : null;
}

/** Where a work's media stands now, for the badge and the progress bar. */
export interface WorkProgress {
  status: WorkStatus;
  /** Processing progress, 0..100 (0 when unknown). */
  percent: number;
  /** Why it failed (the asset's code), when failed. */
  error: ErrorInfo | null;
}

/**
 * The state to show: the work's own, unless its asset (from `asset:progress`) is newer news — a
 * processing work whose asset moved on shows the asset's state until the work is fetched again.
 * A failed work without a code from its asset shows TRANSCODE_FAILED.
 */
export function workProgress(work: Pick<Work, 'status'>, asset?: Pick<Asset, 'status' | 'progress' | 'error'> | null): WorkProgress {
  const status = work.status === 'processing' && asset ? asset.status : work.status;
  const percent = status === 'ready' ? 100 : Math.min(100, Math.max(0, Math.floor(asset?.progress ?? 0)));
  if (status !== 'failed') return { status, percent, error: null };
  return { status, percent, error: asset?.error ?? { code: 'TRANSCODE_FAILED', message: 'processing failed' } };
}

/** What the library shows: one kind or all, and a search over titles (both languages) and creator. */
export interface WorkFilter {
  kind: WorkKind | 'all';
  query: string;
}

/** Case- and width-insensitive form of text for matching (full-width Latin is folded by NFKC). */
const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase().trim();

/**
 * The works matching a filter, in their order: every whitespace-separated word of the query must
 * appear in the title (either language), the creator or the catalogue number.
 */
export function filterWorks<W extends Pick<Work, 'kind' | 'metadata' | 'catalogueNumber'>>(works: readonly W[], filter: WorkFilter): W[] {
  const words = fold(filter.query).split(/\s+/).filter(Boolean);
  return works.filter((w) => {
    if (filter.kind !== 'all' && w.kind !== filter.kind) return false;
    if (words.length === 0) return true;
    const haystack = fold([w.metadata.title['zh-CN'], w.metadata.title.en, w.metadata.creator, w.catalogueNumber].join('\n'));
    return words.every((word) => haystack.includes(word));
  });
}

/** Adds or replaces a work in a list (newest first); an older copy never replaces a newer one. */
export function mergeWork<W extends Pick<Work, 'id' | 'updatedAt'>>(list: readonly W[], work: W): W[] {
  const i = list.findIndex((w) => w.id === work.id);
  if (i < 0) return [work, ...list];
  if (list[i]!.updatedAt > work.updatedAt) return [...list];
  const next = [...list];
  next[i] = work;
  return next;
}
