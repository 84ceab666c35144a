import { useCallback, useState } from 'react';
import { readPreference, writePreference } from '../lib/storage';

/** The theatre's two ways to watch: the 3D room or a plain video player. */
export type ViewMode = '3d' | '2d';

const STORAGE_KEY = 'yunzhan.viewMode';

/** The viewer's choice of 3D or 2D, remembered in localStorage (default 3D). */
export function useViewMode(): [ViewMode, (mode: ViewMode) => void] {
  const [mode, setMode] = useState<ViewMode>(() => (readPreference(STORAGE_KEY) === '2d' ? '2d' : '3d'));
  const set = useCallback((next: ViewMode) => {
    setMode(next);
    writePreference(STORAGE_KEY, next);
  }, []);
  return [mode, set];
}
