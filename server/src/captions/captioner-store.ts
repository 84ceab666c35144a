import type { Captioner } from '@yunzhan/shared';
import { inTransaction, type Db, type Engine } from '../db/database';
import { withRowLock } from '../db/row-lock';

/** The accounts that type an event's live captions (`event_captioners`), per event. */
export interface CaptionerStore {
  /** An event's captioners, by username. */
  list(eventId: string): Promise<Captioner[]>;
  /** Whether the account is a captioner of the event, as stored now (nothing is cached). */
  isCaptioner(eventId: string, userId: string): Promise<boolean>;
  /**
   * Makes `userIds` the event's captioners, in one transaction (or the caller's): the others are
   * removed, those already there keep when they were added. Two replacements at once of the same
   * event's list leave one of them, never both merged (the event's row is locked on PostgreSQL;
   * SQLite's BEGIN IMMEDIATE serialises writers): the list stays as long as the longer one.
   */
  replace(eventId: string, userIds: readonly string[]): Promise<void>;
}

/** The captioner store on one executor (the database or a transaction). */
export function captionerStore(db: Db, engine: Engine): CaptionerStore {
  return {
    async list(eventId) {
      const rows = await db
        .selectFrom('event_captioners as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['u.id', 'u.username', 'u.display_name'])
        .where('c.event_id', '=', eventId)
        .orderBy('u.username_key')
        .execute();
      return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
    },
    async isCaptioner(eventId, userId) {
      const row = await db.selectFrom('event_captioners').select('user_id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
      return row !== undefined;
    },
    replace(eventId, userIds) {
      return inTransaction(db, async (trx) => {
        await withRowLock(engine, trx.selectFrom('events').select('id').where('id', '=', eventId), 'update').execute();
        let removal = trx.deleteFrom('event_captioners').where('event_id', '=', eventId);
        if (userIds.length > 0) removal = removal.where('user_id', 'not in', userIds);
        await removal.execute();
        if (userIds.length === 0) return;
        const addedAt = new Date().toISOString();
        await trx
          .insertInto('event_captioners')
          .values(userIds.map((userId) => ({ event_id: eventId, user_id: userId, added_at: addedAt })))
          .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
          .execute();
      });
    },
  };
}
