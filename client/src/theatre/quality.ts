/** What the quality menu needs of an hls.js level. */
export interface LevelInfo {
  /** Pixel height; 0 when unknown (e.g. audio only). */
  height: number;
  /** Peak bitrate in bits per second. */
  bitrate: number;
}

/** One entry of the quality menu. */
export interface QualityOption {
  /** Index into hls.levels (what `hls.currentLevel` takes). */
  level: number;
  label: string;
}

const kbps = (bitrate: number) => `${Math.round(bitrate / 1000)} kbps`;

/**
 * The quality menu's entries (without "Auto"): highest first, labelled by height ("720p");
 * levels that share a height are told apart by bitrate, and levels without a height are labelled
 * by bitrate alone.
 */
export function qualityOptions(levels: readonly LevelInfo[]): QualityOption[] {
  const heights = new Map<number, number>();
  for (const l of levels) if (l.height > 0) heights.set(l.height, (heights.get(l.height) ?? 0) + 1);
  return levels
    .map((l, level) => ({ l, level }))
    .sort((a, b) => b.l.height - a.l.height || b.l.bitrate - a.l.bitrate)
    .map(({ l, level }) => ({
      level,
      label: l.height <= 0 ? kbps(l.bitrate) : (heights.get(l.height) ?? 0) > 1 ? `${l.height}p · ${kbps(l.bitrate)}` : `${l.height}p`,
    }));
}

/** Short name of a level for "Auto (720p)": its height, or its bitrate when it has none. */
export function levelShortLabel(level: LevelInfo | undefined): string | null {
  if (!level) return null;
  return level.height > 0 ? `${level.height}p` : kbps(level.bitrate);
}
