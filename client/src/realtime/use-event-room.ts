import { ChatMessage, LiveState, type ErrorInfo, type PublicUser } from '@yunzhan/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { mergeMessages } from '../chat/chat-log';
import { ClientError, toClientError } from '../lib/client-error';
import { connectSocket, isProtocolMismatch, request, type YunzhanSocket } from './socket';

/** Where the room connection stands. */
export type RoomConnection = 'connecting' | 'joined' | 'reconnecting' | 'protocol-mismatch' | 'failed';

/** A server notice (e.g. the media pipeline failed), as shown to the user. */
export interface RoomNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: ErrorInfo;
}

/** Everything a page in an event's room sees. */
export interface EventRoom {
  /** The open socket, for host requests; null before the first render's effect. */
  socket: YunzhanSocket | null;
  connection: RoomConnection;
  /** Why joining failed (NOT_FOUND, …), when it did. */
  joinError: ClientError | null;
  live: LiveState | null;
  /** The user the server sees on this socket (null for an anonymous viewer). */
  user: PublicUser | null;
  messages: ChatMessage[];
  viewerCount: number | null;
  notice: RoomNotice | null;
  dismissNotice: () => void;
  /** Sends a chat message; throws a ClientError (RATE_LIMITED, UNAUTHENTICATED, …). */
  sendChat: (text: string) => Promise<void>;
}

/**
 * Joins an event's room over socket.io (re-joining after every reconnect) and keeps its live
 * state, chat and viewer count. Inbound payloads are checked with the shared schemas; a bad one
 * is dropped and logged rather than trusted.
 */
export function useEventRoom(eventId: string): EventRoom {
  const [socket, setSocket] = useState<YunzhanSocket | null>(null);
  const [connection, setConnection] = useState<RoomConnection>('connecting');
  const [joinError, setJoinError] = useState<ClientError | null>(null);
  const [live, setLive] = useState<LiveState | null>(null);
  const [user, setUser] = useState<PublicUser | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [viewerCount, setViewerCount] = useState<number | null>(null);
  const [notice, setNotice] = useState<RoomNotice | null>(null);
  const socketRef = useRef<YunzhanSocket | null>(null);

  useEffect(() => {
    const s = connectSocket();
    socketRef.current = s;
    setSocket(s);
    setConnection('connecting');
    setJoinError(null);
    setLive(null);
    setMessages([]);
    setViewerCount(null);
    setNotice(null);
    let disposed = false;

    const join = async () => {
      try {
        const result = await request(s, 'event:join', { eventId });
        if (disposed) return;
        const state = LiveState.safeParse(result.live);
        if (state.success) {
          setLive(state.data);
          setViewerCount(state.data.viewerCount);
        }
        setUser(result.user ?? null);
        const history = (Array.isArray(result.history) ? result.history : []).flatMap((m) => {
          const parsed = ChatMessage.safeParse(m);
          return parsed.success ? [parsed.data] : [];
        });
        setMessages((log) => mergeMessages(log, history));
        setJoinError(null);
        setConnection('joined');
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
        setJoinError(new ClientError('INTERNAL', error.message));
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
      setViewerCount(parsed.data.viewerCount);
    });
    s.on('chat:message', (payload) => {
      const parsed = ChatMessage.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed chat:message', parsed.error.issues);
      if (parsed.data.eventId !== eventId) return;
      setMessages((log) => mergeMessages(log, [parsed.data]));
    });
    s.on('presence:count', (payload) => {
      if (payload?.eventId !== eventId || typeof payload.count !== 'number') return;
      setViewerCount(payload.count);
    });
    s.on('notice', (payload) => {
      if (!payload || typeof payload.message !== 'string') return;
      setNotice(payload);
    });

    return () => {
      disposed = true;
      s.removeAllListeners();
      s.disconnect();
      socketRef.current = null;
    };
  }, [eventId]);

  const sendChat = useCallback(
    async (text: string) => {
      const s = socketRef.current;
      if (!s) throw new ClientError('DISCONNECTED', 'no socket');
      const message = await request(s, 'chat:send', { eventId, text });
      const parsed = ChatMessage.safeParse(message);
      if (parsed.success) setMessages((log) => mergeMessages(log, [parsed.data]));
    },
    [eventId],
  );

  const dismissNotice = useCallback(() => setNotice(null), []);

  return { socket, connection, joinError, live, user, messages, viewerCount, notice, dismissNotice, sendChat };
}
