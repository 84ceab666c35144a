import { timingSafeEqual } from 'node:crypto';
import { AppError, NotFoundError, UnauthenticatedError } from '@yunzhan/shared';
import type { EventRecord, Store } from '../db/store';
import type { LiveService } from '../live/live-service';

/**
 * The event, once `given` is its current ingest token (WHIP's bearer token; the part of an RTMP
 * stream key or SRT streamid after the event id). Compared in constant time; a rotated token
 * stops working at once.
 */
export async function authorizeIngest(store: Store, eventId: string, given: string | null): Promise<EventRecord> {
  const event = await store.events.get(eventId);
  if (!event) throw new NotFoundError('Event');
  const token = await store.ingest.existing(eventId);
  const ok = given !== null && token !== null && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  if (!ok) throw new UnauthenticatedError('The ingest token is missing, wrong or rotated');
  return event;
}

/** Refuses a second push to a live event, unless the live waits for its dropped publisher. */
export function refuseSecondPush(live: LiveService, event: EventRecord): void {
  const state = live.stateOf(event);
  if (state.status === 'live' && !state.awaitingPublisher) throw new AppError('CONFLICT', 'This event is already live; a second push is refused');
}

/** An RTMP stream key or SRT streamid: `<event id>.<token>`. */
export function streamKeyOf(eventId: string, token: string): string {
  return `${eventId}.${token}`;
}

/** The event id and token of a stream key, or null when it has not that shape. */
export function parseStreamKey(key: string): { eventId: string; token: string } | null {
  const m = /^([a-z0-9][a-z0-9-]{0,63})\.([A-Za-z0-9_-]{1,128})$/.exec(key);
  return m ? { eventId: m[1]!, token: m[2]! } : null;
}
