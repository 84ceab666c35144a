import { LiveState, eventChannel, type ChatChannel, type ErrorInfo, type JoinResult, type PublicUser } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { PUSHED_ENTRY } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { useSocket } from '../data/socket-provider';
import { ClientError, toClientError } from '../lib/client-error';
import { NO_LIVE, updateRoom, withLive, type RoomLive } from './room-cache';
import { connectErrorOf, isProtocolMismatch, request, type YunzhanSocket } from './socket';

/** Where the room connection stands. */
export type RoomConnection = 'connecting' | 'joined' | 'reconnecting' | 'protocol-mismatch' | 'failed';

/** A server notice (e.g. the media pipeline failed), as shown to the user. */
export interface RoomNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: ErrorInfo;
}

/** What the latest `event:join` brought besides the live state: chat seed and polls. */
export type JoinExtras = Pick<JoinResult, 'history' | 'standing' | 'pinned' | 'polls'>;

/** Everything a page in an event's room sees. Chat, polls and reactions build on `socket` and `joinCount`. */
export interface EventRoom {
  /** The open socket, for requests; null before the first render's effect. */
  socket: YunzhanSocket | null;
  /** The event's chat channel (`event:<id>`). */
  channel: ChatChannel;
  connection: RoomConnection;
  /** Goes up by one on every successful join (again after each reconnect); 0 before the first. */
  joinCount: number;
  /** What the latest join returned for chat and polls, or null before the first join. */
  joined: JoinExtras | null;
  /** Why joining failed (NOT_FOUND, …), when it did. */
  joinError: ClientError | null;
  live: LiveState | null;
  /** The user the server sees on this socket (null for an anonymous viewer). */
  user: PublicUser | null;
  /** How many are in the room, and whether that is an estimate (huge rooms). */
  presence: { count: number; approximate: boolean } | null;
  notice: RoomNotice | null;
  dismissNotice: () => void;
}

export type { RoomLive } from './room-cache';

/**
 * Joins an event's room on the tab's shared socket (re-joining after every reconnect, leaving on
 * unmount) and reads its live state and viewer count from the query cache
 * (`queryKeys.events.room(eventId)`): each join writes the state it returns, the push registry
 * (data/socket-pushes.ts) writes `live:state` and `presence:count`. Inbound payloads are checked
 * with the shared schemas; a bad one is dropped and logged rather than trusted.
 */
export function useEventRoom(eventId: string): EventRoom {
  const socket = useSocket();
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<RoomConnection>('connecting');
  const [joinCount, setJoinCount] = useState(0);
  const [joined, setJoined] = useState<JoinExtras | null>(null);
  const [joinError, setJoinError] = useState<ClientError | null>(null);
  const [user, setUser] = useState<PublicUser | null>(null);
  const [notice, setNotice] = useState<RoomNotice | null>(null);
  const channel = eventChannel(eventId);
  const roomKey = queryKeys.events.room(eventId);
  // Never fetched: the joins and the push registry write it.
  const { data: room = NO_LIVE } = useQuery<RoomLive>({ queryKey: roomKey, ...PUSHED_ENTRY, initialData: NO_LIVE });

  useEffect(() => {
    if (!socket) return;
    const s = socket;
    const key = queryKeys.events.room(eventId);
    setConnection('connecting');
    setJoinCount(0);
    setJoined(null);
    setJoinError(null);
    queryClient.setQueryData<RoomLive>(key, NO_LIVE);
    setNotice(null);
    let disposed = false;

    const join = async () => {
      try {
        const result = await request(s, 'event:join', { eventId });
        if (disposed) return;
        const state = LiveState.safeParse(result.live);
        if (state.success) updateRoom(queryClient, eventId, (room) => withLive(room, state.data));
        setUser(result.user ?? null);
        setJoined({
          history: Array.isArray(result.history) ? result.history : [],
          standing: result.standing,
          pinned: Array.isArray(result.pinned) ? result.pinned : [],
          polls: Array.isArray(result.polls) ? result.polls : [],
        });
        setJoinError(null);
        setConnection('joined');
        setJoinCount((n) => n + 1);
      } catch (error) {
        if (disposed) return;
        const clientError = toClientError(error);
        // A timeout or a dropped connection is retried on the next connect; a refusal is final.
        if (clientError.code === 'TIMEOUT' || clientError.code === 'DISCONNECTED') return;
        setJoinError(clientError);
        setConnection('failed');
      }
    };

    const onConnect = () => void join();
    const onDisconnect = (reason: string) => {
      if (disposed || reason === 'io client disconnect') return;
      setConnection('reconnecting');
    };
    const onConnectError = (error: Error) => {
      if (disposed) return;
      if (isProtocolMismatch(error)) {
        s.disconnect();
        setConnection('protocol-mismatch');
      } else if (!s.active) {
        // The server's middleware refused us (not a network blip): socket.io will not retry.
        setJoinError(connectErrorOf(error));
        setConnection('failed');
      } else {
        setConnection((c) => (c === 'joined' ? 'reconnecting' : c));
      }
    };
    const onNotice = (payload: RoomNotice) => {
      if (!payload || typeof payload.message !== 'string') return;
      setNotice(payload);
    };
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onConnectError);
    s.on('notice', onNotice);
    // The shared socket may be open already (another feature opened it).
    if (s.connected) void join();

    return () => {
      disposed = true;
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onConnectError);
      s.off('notice', onNotice);
      // The socket stays open for the rest of the tab: leave the room explicitly.
      if (s.connected) s.emit('event:leave', { eventId }, () => undefined);
    };
  }, [socket, eventId, queryClient]);

  const dismissNotice = useCallback(() => setNotice(null), []);

  return { socket, channel, connection, joinCount, joined, joinError, live: room.live, user, presence: room.presence, notice, dismissNotice };
}
