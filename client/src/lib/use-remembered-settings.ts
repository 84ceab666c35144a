import { useCallback, useState } from 'react';
import { readPreference, writePreference } from './storage';

/**
 * A viewer's settings kept as JSON in localStorage under `key`: read once through `parse` (which
 * falls back, field by field, on what it cannot read) and written back on every change.
 */
export function useRememberedSettings<T extends object>(key: string, parse: (raw: string | null) => T): [T, (change: Partial<T>) => void] {
  const [settings, setSettings] = useState<T>(() => parse(readPreference(key)));
  const update = useCallback(
    (change: Partial<T>) => {
      setSettings((current) => {
        const next = { ...current, ...change };
        writePreference(key, JSON.stringify(next));
        return next;
      });
    },
    [key],
  );
  return [settings, update];
}
