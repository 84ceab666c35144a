import type { Caption } from '@yunzhan/shared';
import type { Db } from '../db/database';

/** Lines of live captions, per event. */
export interface CaptionStore {
  add(caption: Caption & { authorId: string }): Promise<void>;
  /** An event's captions, oldest first; at most `limit` (default 5000). */
  list(eventId: string, limit?: number): Promise<Caption[]>;
}

/** The caption store on one executor (the database or a transaction). */
export function captionStore(db: Db): CaptionStore {
  return {
    async add(c) {
      await db.insertInto('captions').values({ id: c.id, event_id: c.eventId, text: c.text, at: c.at, author_id: c.authorId }).execute();
    },
    async list(eventId, limit = 5000) {
      const rows = await db.selectFrom('captions').select(['id', 'event_id', 'text', 'at']).where('event_id', '=', eventId).orderBy('at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, eventId: r.event_id, text: r.text, at: r.at }));
    },
  };
}
