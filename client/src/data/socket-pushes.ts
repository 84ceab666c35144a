import { Asset, HallPresence, type ServerToClientEvents } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import { sessionEnded } from '../auth/session-events';
import { receiveReveal, receiveTally } from '../awards/award-pushes';
import { receiveBatch, receiveStanding, receiveUpdate } from '../chat/chat-cache';
import { receiveModQueue, receiveModSettings } from '../chat/moderation/use-moderation';
import { receiveBurst, receivePoll, receivePresence } from '../interaction/interaction-cache';
import { receiveLive } from '../realtime/room-cache';
import type { YunzhanSocket } from '../realtime/socket';
import { mergeAsset } from './asset-cache';
import type { LiveFeeds } from './live-feeds';
import { updateHeld } from './pushed-entries';
import { queryKeys } from './query-keys';

// The push registry, loaded with the socket (never up front): every push the server sends is
// parsed with its shared schema here and written into the query cache (setQueryData, or an
// invalidation when the push only says that something changed), or published to a live feed
// when it is drawn rather than kept. A push updates only the entries someone reads (a push never
// invents an entry); every component reading a key re-renders with it. Feature hooks join and
// leave rooms; none listens for these events itself.

/** What a push handler writes to. */
export interface PushTargets {
  queryClient: QueryClient;
  feeds: LiveFeeds;
}

/** The server's pushes that the registry handles, each with its handler (payloads arrive unchecked). */
export const pushHandlers: { [E in keyof ServerToClientEvents]?: (payload: unknown, targets: PushTargets) => void } = {
  // The signed-in user's uploads, on any page.
  'asset:progress': (payload, { queryClient }) => {
    const parsed = Asset.safeParse(payload);
    if (!parsed.success) return void console.warn('ignored a malformed asset:progress', parsed.error.issues);
    // Only a list someone has loaded is updated; a push never invents a list.
    queryClient.setQueryData<Asset[]>(queryKeys.assets.mine(), (list) => (list ? mergeAsset(list, parsed.data) : list));
  },
  // The session ended or its rights changed: who is signed in is read again.
  'session:ended': (_payload, { queryClient }) => void sessionEnded(queryClient),
  // A channel's chat.
  'chat:batch': (payload, { queryClient, feeds }) => receiveBatch(queryClient, feeds, payload),
  'chat:update': (payload, { queryClient }) => receiveUpdate(queryClient, payload),
  'chat:standing': (payload, { queryClient }) => receiveStanding(queryClient, payload),
  'mod:changed': (payload, { queryClient }) => receiveModSettings(queryClient, payload),
  'mod:queue': (payload, { queryClient }) => receiveModQueue(queryClient, payload),
  // A room's polls, presence and reactions.
  'poll:state': (payload, { queryClient }) => receivePoll(queryClient, payload),
  'presence:count': (payload, { queryClient }) => receivePresence(queryClient, payload),
  'reaction:burst': (payload, { feeds }) => receiveBurst(feeds, payload),
  // An event's live state.
  'live:state': (payload, { queryClient }) => receiveLive(queryClient, payload),
  // An exhibition hall's visitor count.
  'hall:presence': (payload, { queryClient }) => {
    const parsed = HallPresence.safeParse(payload);
    if (!parsed.success) return void console.warn('ignored a malformed hall presence', parsed.error.issues);
    updateHeld<number | null>(queryClient, queryKeys.exhibitions.hallPresence(parsed.data.exhibitionId), () => parsed.data.count);
  },
  // An award programme's tallies and reveals.
  'award:tally': (payload, { queryClient }) => receiveTally(queryClient, payload),
  'award:reveal': (payload, { queryClient }) => receiveReveal(queryClient, payload),
};

/** Writes every push of `socket` into `queryClient`'s cache and `feeds` (once per socket). */
export function listenForPushes(socket: YunzhanSocket, queryClient: QueryClient, feeds: LiveFeeds): void {
  const targets: PushTargets = { queryClient, feeds };
  socket.on('connect', () => {
    // Pushes sent before this connection (or while the socket was down) never arrive here: read
    // the lists they keep current again. Only lists on screen are fetched. (Rooms catch up on
    // their own joins.)
    void queryClient.invalidateQueries({ queryKey: queryKeys.assets.all });
  });
  // socket.io's typed `on` cannot follow an event name taken from a map; the map above is typed
  // by the server's events, and each handler parses its payload.
  const on = socket.on.bind(socket) as unknown as (event: string, listener: (payload: unknown) => void) => void;
  for (const [event, handle] of Object.entries(pushHandlers)) on(event, (payload) => handle(payload, targets));
}
