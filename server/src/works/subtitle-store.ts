import type { Db } from '../db/database';

// WebVTT files of video works' subtitles (migration 20), on the query layer for both engines.
// A file is named by its work and its SHA-256: saving the same text twice is one row.

/** The store of subtitle files. */
export interface SubtitleStore {
  /** Stores `vtt` of `workId` under its hash (nothing happens when it is there already). */
  put(workId: string, sha256: string, vtt: string): Promise<void>;
  /** The text of a work's file, or null. */
  get(workId: string, sha256: string): Promise<string | null>;
  /** Removes a work's files other than `keep` (those its approved or pending metadata names); returns how many. */
  prune(workId: string, keep: readonly string[]): Promise<number>;
}

/** Subtitle files in `work_subtitles`. */
export function subtitleStore(db: Db): SubtitleStore {
  return {
    async put(workId, sha256, vtt) {
      await db
        .insertInto('work_subtitles')
        .values({ work_id: workId, sha256, vtt, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['work_id', 'sha256']).doNothing())
        .execute();
    },
    async get(workId, sha256) {
      const r = await db.selectFrom('work_subtitles').select('vtt').where('work_id', '=', workId).where('sha256', '=', sha256).executeTakeFirst();
      return r?.vtt ?? null;
    },
    async prune(workId, keep) {
      let q = db.deleteFrom('work_subtitles').where('work_id', '=', workId);
      if (keep.length > 0) q = q.where('sha256', 'not in', [...keep]);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
