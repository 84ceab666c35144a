import { HallPresence } from '@yunzhan/shared';
import { useEffect, useState } from 'react';
import { connectSocket, request, type YunzhanSocket } from '../realtime/socket';

/** An exhibition hall's room: its visitor count, and the socket the hall chat runs on. */
export interface HallRoom {
  /** Visitors in the hall, or null until known. */
  count: number | null;
  /** The hall's socket, or null when not in a hall. */
  socket: YunzhanSocket | null;
  /** Goes up by one on every successful `hall:join` (again after each reconnect). */
  joinCount: number;
  /** Whether the hall is joined now. */
  connected: boolean;
}

/**
 * Joins the exhibition's hall room over socket.io (again after every reconnect) and returns how
 * many visitors are in it, plus the socket for the hall chat. Leaves and disconnects on unmount.
 */
export function useHallPresence(exhibitionId: string | null, preview: boolean): HallRoom {
  const [count, setCount] = useState<number | null>(null);
  const [socket, setSocket] = useState<YunzhanSocket | null>(null);
  const [joinCount, setJoinCount] = useState(0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!exhibitionId) return;
    const s = connectSocket();
    setSocket(s);
    let disposed = false;
    const ref = preview ? { exhibitionId, preview: true } : { exhibitionId };
    const apply = (payload: unknown) => {
      const parsed = HallPresence.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed hall presence', parsed.error.issues);
      if (!disposed && parsed.data.exhibitionId === exhibitionId) setCount(parsed.data.count);
    };
    s.on('connect', () => {
      request(s, 'hall:join', ref).then(
        (presence) => {
          if (disposed) return;
          apply(presence);
          setConnected(true);
          setJoinCount((n) => n + 1);
        },
        (error: unknown) => console.warn('hall:join failed', error),
      );
    });
    s.on('disconnect', () => !disposed && setConnected(false));
    s.on('hall:presence', apply);
    return () => {
      disposed = true;
      if (s.connected) s.emit('hall:leave', ref, () => undefined);
      s.removeAllListeners();
      s.disconnect();
      setCount(null);
      setSocket(null);
      setConnected(false);
      setJoinCount(0);
    };
  }, [exhibitionId, preview]);
  return { count, socket, joinCount, connected };
}
