import { LiveState } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import { updateHeld } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';

// What an event's room tells of the event, in the query cache under `events.room(eventId)`:
// written by the room's joins (use-event-room.ts) and by the push registry (`live:state`,
// `presence:count`).

/** What the room's socket tells of the event. */
export interface RoomLive {
  live: LiveState | null;
  presence: { count: number; approximate: boolean } | null;
}

/** A room not joined yet. */
export const NO_LIVE: RoomLive = { live: null, presence: null };

/** Updates an event's room entry when someone holds it. */
export function updateRoom(queryClient: QueryClient, eventId: string, update: (room: RoomLive) => RoomLive): void {
  updateHeld<RoomLive>(queryClient, queryKeys.events.room(eventId), update);
}

/** The room with a new live state: its viewer count is the room's count (still an estimate if it was). */
export function withLive(room: RoomLive, live: LiveState): RoomLive {
  return { ...room, live, presence: { count: live.viewerCount, approximate: room.presence?.approximate ?? false } };
}

/** `live:state`: the event's stream changed (started, stopped, new renditions, viewer count). */
export function receiveLive(queryClient: QueryClient, payload: unknown): void {
  const parsed = LiveState.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed live:state', parsed.error.issues);
  updateRoom(queryClient, parsed.data.eventId, (room) => withLive(room, parsed.data));
}
