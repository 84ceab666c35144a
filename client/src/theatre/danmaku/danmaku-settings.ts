
// The viewer's danmaku preferences (on/off and density), remembered in localStorage, and the
// rule that thins the stream at lower densities.

/** How busy the danmaku layer may get. */
export type DanmakuDensity = 'low' | 'medium' | 'high';
/** Every density, lowest first. */
export const DANMAKU_DENSITIES: readonly DanmakuDensity[] = ['low', 'medium', 'high'];

/** What a density allows. */
export interface DensityLimits {
  /** Most bullets on screen at once. */
  maxConcurrent: number;
  /** Fraction of incoming danmaku messages shown (0..1]; the rest only appear in the chat. */
  fraction: number;
  /** Fraction of the picture's height the lanes may cover (0..1]. */
  areaFraction: number;
}

/** Limits per density. */
export const DENSITY_LIMITS: Readonly<Record<DanmakuDensity, DensityLimits>> = {
  low: { maxConcurrent: 12, fraction: 0.4, areaFraction: 0.4 },
  medium: { maxConcurrent: 40, fraction: 1, areaFraction: 0.75 },
  high: { maxConcurrent: 120, fraction: 1, areaFraction: 1 },
};

/** The viewer's danmaku preferences. */
export interface DanmakuSettings {
  enabled: boolean;
  density: DanmakuDensity;
}

/** Defaults: on, medium density. */
export const DEFAULT_DANMAKU_SETTINGS: DanmakuSettings = { enabled: true, density: 'medium' };

/** Where the settings are remembered (localStorage). */
export const DANMAKU_STORAGE_KEY = 'yunzhan.danmaku';

/** Parses stored settings; anything unreadable falls back to the defaults, field by field. */
export function parseDanmakuSettings(raw: string | null): DanmakuSettings {
  if (!raw) return DEFAULT_DANMAKU_SETTINGS;
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof DanmakuSettings, unknown>> | null;
    const enabled = typeof value?.enabled === 'boolean' ? value.enabled : DEFAULT_DANMAKU_SETTINGS.enabled;
    const density = DANMAKU_DENSITIES.includes(value?.density as DanmakuDensity)
      ? (value?.density as DanmakuDensity)
      : DEFAULT_DANMAKU_SETTINGS.density;
    return { enabled, density };
  } catch {
    return DEFAULT_DANMAKU_SETTINGS;
  }
}

/** A stable hash of a string into 0..1 (FNV-1a), so a message is kept or thinned the same everywhere. */
export function unitHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * Whether a message should fly at `density`: always the viewer's own, otherwise a stable
 * `fraction` of messages chosen by id, and never beyond the density's concurrent limit.
 */
export function shouldShow(messageId: string, own: boolean, onScreen: number, density: DanmakuDensity): boolean {
  const limits = DENSITY_LIMITS[density];
  if (onScreen >= limits.maxConcurrent) return false;
  return own || unitHash(messageId) < limits.fraction;
}
