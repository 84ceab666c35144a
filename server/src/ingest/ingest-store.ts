import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';

/** An event's ingest token: what broadcast software publishes with (`Authorization: Bearer`). */
export interface IngestStore {
  /** The event's token, made the first time it is asked for. */
  tokenOf(eventId: string): Promise<string>;
  /** The event's token if it has one (a check never makes one). */
  existing(eventId: string): Promise<string | null>;
  /** Replaces the event's token: the old one stops working at once. */
  rotate(eventId: string): Promise<string>;
}

/** 32 random bytes, base64url: 43 characters. */
const newToken = () => randomBytes(32).toString('base64url');

/** The ingest store on one executor (the database or a transaction). */
export function ingestStore(db: Db): IngestStore {
  const existing = async (eventId: string) => (await db.selectFrom('event_ingest').select('token').where('event_id', '=', eventId).executeTakeFirst())?.token ?? null;
  const put = async (eventId: string, replace: boolean) => {
    const token = newToken();
    await db
      .insertInto('event_ingest')
      .values({ event_id: eventId, token, created_at: new Date().toISOString() })
      .onConflict((oc) => (replace ? oc.column('event_id').doUpdateSet({ token, created_at: new Date().toISOString() }) : oc.column('event_id').doNothing()))
      .execute();
    // Two first reads at once: both answer the token that was stored.
    return (await existing(eventId))!;
  };
  return {
    existing,
    async tokenOf(eventId) {
      return (await existing(eventId)) ?? put(eventId, false);
    },
    rotate: (eventId) => put(eventId, true),
  };
}
