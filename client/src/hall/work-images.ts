import type { ImageRendition, Work } from '@yunzhan/shared';

// Which rendition of a work's images to use where: a small one for the atlas, larger ones for
// the few works nearest the visitor.

/**
 * Longest side of a work's tile in the atlas, pixels. Default of the atlas (the quality tiers
 * choose 128 to 192): the nearest works get the detail pool's larger textures anyway.
 */
export const ATLAS_TILE_PX = 192;

/** The smallest rendition whose longest side reaches `px`, else the largest; null without images. */
export function renditionAtLeast(images: readonly ImageRendition[], px: number): ImageRendition | null {
  if (images.length === 0) return null;
  const sorted = [...images].sort((a, b) => Math.max(a.width, a.height) - Math.max(b.width, b.height));
  return sorted.find((r) => Math.max(r.width, r.height) >= px) ?? sorted[sorted.length - 1] ?? null;
}

/** The rendition packed into the atlas for a work (its poster for video, model and audio works). */
export function atlasRendition(work: Pick<Work, 'media'>, tilePx = ATLAS_TILE_PX): ImageRendition | null {
  return renditionAtLeast(work.media.images, tilePx);
}

/** Pixels a work needs along its longest side when seen from `distance` metres (level of detail). */
export function detailPixels(distance: number): number {
  if (distance < 2.5) return 2048;
  if (distance < 5) return 1024;
  return 512;
}

/**
 * The sharper rendition to show for a work seen from `distance` metres (at most `maxPx` along
 * its longest side where the work has one that small), or null when the atlas tile is already
 * as good (no larger rendition exists).
 */
export function detailRendition(work: Pick<Work, 'media'>, distance: number, tilePx = ATLAS_TILE_PX, maxPx = Number.POSITIVE_INFINITY): ImageRendition | null {
  const usable = work.media.images.filter((r) => Math.max(r.width, r.height) <= maxPx);
  const rendition = renditionAtLeast(usable.length > 0 ? usable : work.media.images, Math.min(detailPixels(distance), maxPx));
  if (!rendition || Math.max(rendition.width, rendition.height) <= tilePx) return null;
  return rendition;
}

/** The largest rendition (the work panel's zoomable image). */
export function largestRendition(work: Pick<Work, 'media'>): ImageRendition | null {
  return renditionAtLeast(work.media.images, Number.POSITIVE_INFINITY);
}

/** Whether `url` is a same-origin path (`/…`, not `//host/…`), the only kind the hall loads. */
export function isSameOriginPath(url: string | null | undefined): url is string {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');
}
