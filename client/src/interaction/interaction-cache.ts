import { PollState, PresenceCount, ReactionBurst, parseChannel, type ChatChannel } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveFeeds } from '../data/live-feeds';
import { updateHeld } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { updateRoom } from '../realtime/room-cache';

// A room's polls and presence in the query cache (`queryKeys.polls`, `queryKeys.presence`), and
// what the push registry (data/socket-pushes.ts) does with `poll:state`, `presence:count` and
// `reaction:burst`.

/** Open first, newest first. */
export function sortPolls(polls: Iterable<PollState>): PollState[] {
  return [...polls].sort((a, b) => Number(b.open) - Number(a.open) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** `list` with `polls` added or replaced (by id), sorted. */
export function upsertPolls(list: readonly PollState[], polls: readonly PollState[]): PollState[] {
  const byId = new Map(list.map((p) => [p.id, p]));
  for (const poll of polls) byId.set(poll.id, poll);
  return sortPolls(byId.values());
}

/** Adds or replaces polls in a room's list, when someone holds it. */
export function writePolls(queryClient: QueryClient, channel: ChatChannel, polls: readonly PollState[]): void {
  if (polls.length > 0) updateHeld<PollState[]>(queryClient, queryKeys.polls.channel(channel), (list) => upsertPolls(list, polls));
}

/** `poll:state`: a poll opened, changed or closed. */
export function receivePoll(queryClient: QueryClient, payload: unknown): void {
  const parsed = PollState.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed poll:state', parsed.error.issues);
  writePolls(queryClient, parsed.data.channel, [parsed.data]);
}

/**
 * `presence:count`: how many are in a room. Kept as said for the room's presence entry and, for
 * an event, in the room's live entry (which `live:state` also updates).
 */
export function receivePresence(queryClient: QueryClient, payload: unknown): void {
  const parsed = PresenceCount.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed presence:count', parsed.error.issues);
  const presence = parsed.data;
  updateHeld<PresenceCount | null>(queryClient, queryKeys.presence.channel(presence.channel), () => presence);
  const room = parseChannel(presence.channel);
  if (room.kind === 'event') updateRoom(queryClient, room.id, (held) => ({ ...held, presence: { count: presence.count, approximate: presence.approximate } }));
}

/** `reaction:burst`: out to the room's reactions feed (the floating emoji), never kept. */
export function receiveBurst(feeds: LiveFeeds, payload: unknown): void {
  const parsed = ReactionBurst.safeParse(payload);
  if (parsed.success) feeds.of('reactions', parsed.data.channel).publish(parsed.data);
}
