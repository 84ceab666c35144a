import { ClientError } from '../lib/client-error';
import { isWireErrorCode } from '../lib/error-messages';

// The upload page's plain logic, tested without a browser: sizes for people, the error a failed
// tus request stands for, and the thumbnail track's cues.

/** `1.5 GB`, `820 KB`: units of 1024 (as the 8 GiB limit is set), one decimal below 10. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Whole percent of `part` in `total` (0 when the total is unknown). */
export function percentOf(part: number, total: number): number {
  return total > 0 ? Math.min(100, Math.max(0, Math.floor((part / total) * 100))) : 0;
}

/** What tus-js-client's DetailedError carries (duck-typed: the library is not loaded to test this). */
interface TusFailure {
  originalResponse?: { getStatus(): number; getBody(): string } | null;
}

/**
 * The error a failed upload stands for: the server's `{ error: { code } }` when the response has
 * one (MEDIA_CORRUPT, NOT_MEDIA, FORBIDDEN, …), a code from the status otherwise, NETWORK when no
 * response came at all.
 */
export function uploadErrorFrom(error: unknown): ClientError {
  const response = (error as TusFailure | null)?.originalResponse;
  if (!response) return new ClientError('NETWORK', error instanceof Error ? error.message : 'upload failed');
  const status = response.getStatus();
  let info: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    info = (JSON.parse(response.getBody()) as { error?: typeof info }).error;
  } catch {
    info = undefined;
  }
  if (info && isWireErrorCode(info.code)) return new ClientError(info.code, typeof info.message === 'string' ? info.message : info.code, info.details);
  const byStatus = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 413 ? 'MEDIA_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  return new ClientError(byStatus, `HTTP ${status}`);
}

/** One cue of a thumbnail track: a time range and the tile of a sprite sheet showing it. */
export interface ThumbnailCue {
  start: number;
  end: number;
  /** Sprite sheet URL, resolved against the track's URL. */
  image: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const seconds = (time: string) => time.split(':').reduce((total, part) => total * 60 + Number(part), 0);

/** Reads a WebVTT thumbnail track (`sheet.jpg#xywh=x,y,w,h` cues); cues it cannot read are skipped. */
export function parseThumbnailsVtt(text: string, trackUrl: string): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  const pattern = /^((?:\d+:)?\d\d:\d\d\.\d{3}) --> ((?:\d+:)?\d\d:\d\d\.\d{3})[^\n]*\n([^\n#]+)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$/gm;
  for (const m of text.replace(/\r\n/g, '\n').matchAll(pattern)) {
    let image: string;
    try {
      image = new URL(m[3]!.trim(), new URL(trackUrl, 'http://placeholder.invalid')).toString().replace('http://placeholder.invalid', '');
    } catch {
      continue;
    }
    cues.push({ start: seconds(m[1]!), end: seconds(m[2]!), image, x: Number(m[4]), y: Number(m[5]), width: Number(m[6]), height: Number(m[7]) });
  }
  return cues;
}
