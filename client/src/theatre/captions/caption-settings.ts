import { useRememberedSettings } from '../../lib/use-remembered-settings';

/** Sizes of the caption text. */
export const CAPTION_SIZES = ['small', 'medium', 'large'] as const;
export type CaptionSize = (typeof CAPTION_SIZES)[number];

/** The viewer's caption preferences: shown or not, and how large. */
export interface CaptionSettings {
  enabled: boolean;
  size: CaptionSize;
}

export const DEFAULT_CAPTION_SETTINGS: CaptionSettings = { enabled: true, size: 'medium' };
const STORAGE_KEY = 'yunzhan.captions';

/** Parses stored settings; anything unreadable falls back to the defaults, field by field. */
export function parseCaptionSettings(raw: string | null): CaptionSettings {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<Record<keyof CaptionSettings, unknown>> | null) : null;
    return {
      enabled: typeof value?.enabled === 'boolean' ? value.enabled : DEFAULT_CAPTION_SETTINGS.enabled,
      size: CAPTION_SIZES.includes(value?.size as CaptionSize) ? (value?.size as CaptionSize) : DEFAULT_CAPTION_SETTINGS.size,
    };
  } catch {
    return DEFAULT_CAPTION_SETTINGS;
  }
}

/** The viewer's caption settings, read once from localStorage and written back on every change. */
export function useCaptionSettings(): [CaptionSettings, (change: Partial<CaptionSettings>) => void] {
  return useRememberedSettings(STORAGE_KEY, parseCaptionSettings);
}
