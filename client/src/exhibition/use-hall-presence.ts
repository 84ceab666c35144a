import { HallPresence } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { PUSHED_ENTRY } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { useSocket } from '../data/socket-provider';
import { request, type YunzhanSocket } from '../realtime/socket';

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
 * Joins the exhibition's hall room on the tab's shared socket (again after every reconnect) and
 * returns how many visitors are in it (kept in the query cache under
 * `exhibitions.hallPresence(id)`: each join writes the count it returns, the push registry
 * writes `hall:presence`), plus the socket for the hall chat. Leaves on unmount.
 */
export function useHallPresence(exhibitionId: string | null, preview: boolean): HallRoom {
  const shared = useSocket(exhibitionId !== null);
  const queryClient = useQueryClient();
  const [joinCount, setJoinCount] = useState(0);
  const [connected, setConnected] = useState(false);
  // Never fetched: the joins and the push registry write it.
  const { data: count = null } = useQuery<number | null>({ queryKey: queryKeys.exhibitions.hallPresence(exhibitionId ?? ''), ...PUSHED_ENTRY, initialData: null });
  const socket = exhibitionId ? shared : null;

  useEffect(() => {
    if (!exhibitionId || !socket) return;
    const s = socket;
    const key = queryKeys.exhibitions.hallPresence(exhibitionId);
    let disposed = false;
    const ref = preview ? { exhibitionId, preview: true } : { exhibitionId };
    const apply = (payload: unknown) => {
      const parsed = HallPresence.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed hall presence', parsed.error.issues);
      if (!disposed && parsed.data.exhibitionId === exhibitionId) queryClient.setQueryData(key, parsed.data.count);
    };
    const join = () => {
      request(s, 'hall:join', ref).then(
        (presence) => {
          if (disposed) return;
          apply(presence);
          setConnected(true);
          setJoinCount((n) => n + 1);
        },
        (error: unknown) => console.warn('hall:join failed', error),
      );
    };
    const onDisconnect = () => !disposed && setConnected(false);
    s.on('connect', join);
    s.on('disconnect', onDisconnect);
    if (s.connected) join();
    return () => {
      disposed = true;
      s.off('connect', join);
      s.off('disconnect', onDisconnect);
      // The socket stays open for the rest of the tab: leave the hall explicitly.
      if (s.connected) s.emit('hall:leave', ref, () => undefined);
      queryClient.removeQueries({ queryKey: key, exact: true });
      setConnected(false);
      setJoinCount(0);
    };
  }, [exhibitionId, preview, socket, queryClient]);
  return { count, socket, joinCount, connected };
}
