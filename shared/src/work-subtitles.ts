import { z } from 'zod';

// Subtitles of video works (issue 14): a WebVTT file per language, uploaded by the work's
// curator and shown to visitors only once approved, as part of the work's metadata review.

/** Languages a video work can have subtitles in. */
export const SubtitleLang = z.enum(['zh-CN', 'en']);
export type SubtitleLang = z.infer<typeof SubtitleLang>;

/** Largest subtitle file accepted, in bytes (512 KiB). */
export const SUBTITLE_MAX_BYTES = 512 * 1024;
/** Most cues a subtitle file may hold. */
export const SUBTITLE_MAX_CUES = 5_000;
/** Longest text of one cue, in characters. */
export const SUBTITLE_MAX_CUE_CHARS = 1_000;

/** The name each language's track has in a player's subtitle menu (the HLS `NAME`). */
export const SUBTITLE_NAMES: Record<SubtitleLang, string> = { 'zh-CN': '中文', en: 'English' };

/** One stored, normalised WebVTT file: its SHA-256 (hex) names it; the text lives in the database. */
export const SubtitleRef = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  cues: z.number().int().nonnegative().max(SUBTITLE_MAX_CUES),
  bytes: z.number().int().nonnegative(),
  /** The name of the file the curator uploaded. */
  filename: z.string().max(200).default(''),
});
export type SubtitleRef = z.infer<typeof SubtitleRef>;

/** A video work's subtitles by language; part of its metadata, so a change is reviewed with it. */
export const WorkSubtitles = z.object({ 'zh-CN': SubtitleRef.optional(), en: SubtitleRef.optional() });
export type WorkSubtitles = z.infer<typeof WorkSubtitles>;

/** `metadata` with `subtitles`, the key left out when there are none (so old rows compare equal). */
export function withSubtitles<M extends { subtitles?: WorkSubtitles | undefined }>(metadata: M, subtitles: WorkSubtitles | undefined): M {
  const { subtitles: _previous, ...rest } = metadata;
  const kept = Object.fromEntries(Object.entries(subtitles ?? {}).filter(([, ref]) => ref !== undefined)) as WorkSubtitles;
  return (Object.keys(kept).length > 0 ? { ...rest, subtitles: kept } : rest) as M;
}
