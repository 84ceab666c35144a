import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { readPreference, writePreference } from '../lib/storage';

// The visitor's display preferences (issue 12, scope item 5: 适老化 and low vision): larger text
// and higher contrast, remembered in localStorage and applied as data attributes on <html>
// (`data-text="large"`, `data-contrast="high"`), which styles.css turns into other tokens.

/** localStorage key of the display preferences (JSON). */
export const DISPLAY_KEY = 'yunzhan.display';

/** The display preferences. Both off by default. */
export interface DisplaySettings {
  /** Text (and everything sized in rem) at 125%. */
  largeText: boolean;
  /** Brighter text, stronger borders, underlined links. */
  highContrast: boolean;
}

const DEFAULTS: DisplaySettings = { largeText: false, highContrast: false };

/** The stored preferences; the defaults when absent or unreadable. */
export function readDisplaySettings(): DisplaySettings {
  try {
    const parsed = JSON.parse(readPreference(DISPLAY_KEY) ?? 'null') as Partial<DisplaySettings> | null;
    return { largeText: parsed?.largeText === true, highContrast: parsed?.highContrast === true };
  } catch {
    return DEFAULTS;
  }
}

/** Sets (or removes) the data attributes on <html> that select the large-text and high-contrast tokens. */
export function applyDisplaySettings(settings: DisplaySettings, root: HTMLElement = document.documentElement): void {
  if (settings.largeText) root.dataset.text = 'large';
  else delete root.dataset.text;
  if (settings.highContrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
}

/** The preferences and a setter that stores and applies them. */
export function useDisplaySettings(): [DisplaySettings, (next: DisplaySettings) => void] {
  const [settings, setSettings] = useState(readDisplaySettings);
  useEffect(() => applyDisplaySettings(settings), [settings]);
  const set = useCallback((next: DisplaySettings) => {
    writePreference(DISPLAY_KEY, JSON.stringify(next));
    setSettings(next);
  }, []);
  return [settings, set];
}

/** Follows the large-text attribute on <html>, whoever sets it. */
function subscribeToTextSize(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-text'] });
  return () => observer.disconnect();
}

/** Whether large text is on now (applied on <html>), re-rendering the caller when that changes. */
export function useLargeText(): boolean {
  return useSyncExternalStore(
    subscribeToTextSize,
    () => document.documentElement.dataset.text === 'large',
    () => false,
  );
}
