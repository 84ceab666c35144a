// Scrubbing previews: one small picture every few seconds, laid out in grids (sprite sheets) that
// ffmpeg's `tile` filter writes during the transcode, and a WebVTT track whose cues point at each
// picture with a media fragment (`sprite-000.jpg#xywh=x,y,w,h`), as players' thumbnail tracks read.

/** How the thumbnails of one video are laid out. */
export interface ThumbnailPlan {
  /** Seconds between two thumbnails. */
  intervalSeconds: number;
  /** Thumbnails in all. */
  count: number;
  tileWidth: number;
  tileHeight: number;
  /** Grid of one sheet. */
  columns: number;
  rows: number;
  /** Sheets needed for `count` thumbnails. */
  sheets: number;
}

/** Intervals to choose from, in seconds. */
const INTERVALS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
/** Most thumbnails of one video (the longest interval may exceed it for very long media). */
export const MAX_THUMBNAILS = 300;
/** Longer side of a thumbnail in pixels. */
export const THUMBNAIL_SIZE = 160;
/** Most columns and rows of a sheet. */
const MAX_GRID = 10;

const even = (x: number) => Math.max(2, 2 * Math.round(x / 2));

/** The layout for a video of `durationSeconds` whose picture is `width`x`height`. */
export function planThumbnails(durationSeconds: number, width: number, height: number): ThumbnailPlan {
  const intervalSeconds = INTERVALS.find((i) => Math.ceil(durationSeconds / i) <= MAX_THUMBNAILS) ?? INTERVALS[INTERVALS.length - 1]!;
  const count = Math.max(1, Math.ceil(durationSeconds / intervalSeconds));
  const landscape = width >= height;
  const tileWidth = landscape ? THUMBNAIL_SIZE : even((THUMBNAIL_SIZE * width) / height);
  const tileHeight = landscape ? even((THUMBNAIL_SIZE * height) / width) : THUMBNAIL_SIZE;
  const columns = Math.min(MAX_GRID, count);
  const rows = Math.min(MAX_GRID, Math.ceil(count / columns));
  return { intervalSeconds, count, tileWidth, tileHeight, columns, rows, sheets: Math.ceil(count / (columns * rows)) };
}

/** File name of sheet `n` (0-based), as ffmpeg writes it with `-start_number 0`. */
export function spriteName(n: number): string {
  return `sprite-${String(n).padStart(3, '0')}.jpg`;
}

/** The image2 pattern that produces `spriteName(n)`. */
export const SPRITE_PATTERN = 'sprite-%03d.jpg';

/** `HH:MM:SS.mmm`, as WebVTT wants it. */
export function vttTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * The WebVTT thumbnail track: cue `k` covers `[k·interval, (k+1)·interval)` (the last one ends at
 * `durationSeconds`) and points at its tile. Cues whose sheet is not in `sheetsWritten` are left
 * out, so a short last sheet never leaves a cue pointing at nothing.
 */
export function renderThumbnailsVtt(plan: ThumbnailPlan, durationSeconds: number, sheetsWritten = plan.sheets): string {
  const perSheet = plan.columns * plan.rows;
  const lines = ['WEBVTT', ''];
  for (let k = 0; k < plan.count; k++) {
    const start = k * plan.intervalSeconds;
    if (start >= durationSeconds && k > 0) break;
    const sheet = Math.floor(k / perSheet);
    if (sheet >= sheetsWritten) break;
    const end = k === plan.count - 1 ? Math.max(durationSeconds, start + 0.001) : Math.min(durationSeconds, start + plan.intervalSeconds);
    const cell = k % perSheet;
    const x = (cell % plan.columns) * plan.tileWidth;
    const y = Math.floor(cell / plan.columns) * plan.tileHeight;
    lines.push(`${vttTime(start)} --> ${vttTime(end)}`, `${spriteName(sheet)}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`, '');
  }
  return lines.join('\n');
}
