import { useCallback, useState } from 'react';
import { readPreference, writePreference } from '../lib/storage';

/** The theatre's two ways to watch: the 3D room or a plain video player. */
export type ViewMode = '3d' | '2d';

const STORAGE_KEY = 'yunzhan.viewMode';

/**
 * A phone: a touch screen under 600 CSS px across in either direction, so held upright or turned
 * (a 360x640 phone is 640x360 in landscape), but not a tablet.
 */
export const PHONE_QUERY = '(pointer: coarse) and (max-width: 600px), (pointer: coarse) and (max-height: 600px)';

/**
 * The view the theatre opens in: the viewer's stored choice, else the plain player on a phone (the
 * 3D room is heavy for a phone's GPU and battery, and its drags fight the page's scrolling) and the
 * 3D room elsewhere.
 */
export function initialViewMode(stored: string | null, phone: boolean): ViewMode {
  if (stored === '2d' || stored === '3d') return stored;
  return phone ? '2d' : '3d';
}

function isPhone(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches;
}

/** The viewer's choice of 3D or 2D, remembered in localStorage (default: 2D on a phone, else 3D). */
export function useViewMode(): [ViewMode, (mode: ViewMode) => void] {
  const [mode, setMode] = useState<ViewMode>(() => initialViewMode(readPreference(STORAGE_KEY), isPhone()));
  const set = useCallback((next: ViewMode) => {
    setMode(next);
    writePreference(STORAGE_KEY, next);
  }, []);
  return [mode, set];
}
