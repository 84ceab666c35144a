import { LiveState, PresenceCount, eventChannel, type ChatChannel, type ErrorInfo, type JoinResult, type PublicUser } from '@yunzhan/shared';
import { useCallback, useEffect, useState } from 'react';
import { ClientError, toClientError } from '../lib/client-error';
import { connectErrorOf, connectSocket, isProtocolMismatch, request, type YunzhanSocket } from './socket';

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

/**
 * Joins an event's room over socket.io (re-joining after every reconnect) and keeps its live
 * state and viewer count. Inbound payloads are checked with the shared schemas; a bad one is
 * dropped and logged rather than trusted.
 */
export function useEventRoom(eventId: string): EventRoom {
  const [socket, setSocket] = useState<YunzhanSocket | null>(null);
  const [connection, setConnection] = useState<RoomConnection>('connecting');
  const [joinCount, setJoinCount] = useState(0);
  const [joined, setJoined] = useState<JoinExtras | null>(null);
  const [joinError, setJoinError] = useState<ClientError | null>(null);
  const [live, setLive] = useState<LiveState | null>(null);
  const [user, setUser] = useState<PublicUser | null>(null);
  const [presence, setPresence] = useState<EventRoom['presence']>(null);
  const [notice, setNotice] = useState<RoomNotice | null>(null);
  const channel = eventChannel(eventId);

  useEffect(() => {
    const s = connectSocket();
    setSocket(s);
    setConnection('connecting');
    setJoinCount(0);
    setJoined(null);
    setJoinError(null);
    setLive(null);
    setPresence(null);
    setNotice(null);
    let disposed = false;

    const join = async () => {
      try {
        const result = await request(s, 'event:join', { eventId });
        if (disposed) return;
        const state = LiveState.safeParse(result.live);
        if (state.success) {
          setLive(state.data);
          setPresence((p) => ({ count: state.data.viewerCount, approximate: p?.approximate ?? false }));
        }
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

    s.on('connect', () => void join());
    s.on('disconnect', (reason) => {
      if (disposed || reason === 'io client disconnect') return;
      setConnection('reconnecting');
    });
    s.on('connect_error', (error) => {
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
    });
    s.on('live:state', (payload) => {
      const parsed = LiveState.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed live:state', parsed.error.issues);
      if (parsed.data.eventId !== eventId) return;
      setLive(parsed.data);
      setPresence((p) => ({ count: parsed.data.viewerCount, approximate: p?.approximate ?? false }));
    });
    s.on('presence:count', (payload) => {
      const parsed = PresenceCount.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed presence:count', parsed.error.issues);
      if (parsed.data.channel !== channel) return;
      setPresence({ count: parsed.data.count, approximate: parsed.data.approximate });
    });
    s.on('notice', (payload) => {
      if (!payload || typeof payload.message !== 'string') return;
      setNotice(payload);
    });

    return () => {
      disposed = true;
      s.removeAllListeners();
      s.disconnect();
    };
  }, [eventId, channel]);

  const dismissNotice = useCallback(() => setNotice(null), []);

  return { socket, channel, connection, joinCount, joined, joinError, live, user, presence, notice, dismissNotice };
}
