import fs from 'node:fs/promises';
import path from 'node:path';

// An upload that was started and never finished keeps its bytes in the uploads folder. Those
// older than a day are removed. (@tus/file-store's own expiry reads the offset from its JSON
// file, which it never updates, so it would remove finished uploads too: accepted sources.)

/** What the sweeper needs of the tus data store. */
export interface RemovableStore {
  remove(id: string): Promise<void>;
}

/** Unfinished uploads older than this are removed, in ms. Default one day. */
export const STALE_UPLOAD_MS = 24 * 3600 * 1000;

/**
 * Removes unfinished uploads (fewer bytes on disk than their declared length) created more than
 * `maxAgeMs` before `now`. Returns the ids removed.
 */
export async function sweepStaleUploads(dir: string, store: RemovableStore, maxAgeMs = STALE_UPLOAD_MS, now = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const id = name.slice(0, -'.json'.length);
    try {
      const info = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { size?: unknown; creation_date?: unknown };
      const created = typeof info.creation_date === 'string' ? Date.parse(info.creation_date) : NaN;
      if (!Number.isFinite(created) || now - created < maxAgeMs) continue;
      const bytes = (await fs.stat(path.join(dir, id)).catch(() => undefined))?.size ?? 0;
      if (typeof info.size === 'number' && bytes >= info.size) continue;
      await store.remove(id).catch(() => fs.rm(path.join(dir, name), { force: true }));
      removed.push(id);
    } catch {
      // Unreadable or vanished meanwhile: the next sweep looks again.
    }
  }
  return removed;
}
