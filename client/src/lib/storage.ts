// localStorage can throw (privacy modes, disabled storage, quota); preferences are best effort.

/** Reads a stored string, or null when absent or storage is unavailable. */
export function readPreference(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores a string; silently does nothing when storage is unavailable. */
export function writePreference(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembering a preference is harmless.
  }
}
