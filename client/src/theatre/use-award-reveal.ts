import { AwardReveal } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchAwards } from '../awards/awards-api';
import { queryKeys } from '../data/query-keys';
import { applyJoinAck, applyReveal, revealKey, type ShownReveal } from '../awards/reveal-state';
import { takeDue } from '../awards/reveal-timing';
import { request } from '../realtime/socket';
import type { EventRoom } from '../realtime/use-event-room';

/** The award reveal a theatre viewer sees. */
export interface TheatreReveal {
  /** The reveal on screen now (nominees or winner), or null. */
  reveal: ShownReveal | null;
  /** Whether the viewer closed the overlay of this reveal (a new reveal shows again). */
  dismissed: boolean;
  dismiss: () => void;
  /** Whether this event is an award ceremony (the ceremony of at least one programme). */
  ceremony: boolean;
}

/** How often a waiting reveal checks whether the picture has reached it, in ms. */
const WAIT_TICK_MS = 100;

/**
 * Follows the award ceremonies streamed in this event: `award:reveal` arrives through the event's
 * room; the theatre also joins each programme whose ceremony is this event (found through
 * GET /api/awards?eventId=), after every (re)join of the room, so a viewer arriving mid-ceremony
 * gets the reveal on screen now in the ack. A reveal (or its clear) waits until the viewer's
 * picture (`pictureTime`, the player's) reaches the moment it was pressed.
 */
export function useAwardReveal(room: Pick<EventRoom, 'socket' | 'joinCount'>, eventId: string, pictureTime?: () => number | null): TheatreReveal {
  const { socket, joinCount } = room;
  const [reveal, setReveal] = useState<ShownReveal | null>(null);
  const [dismissedKey, setDismissedKey] = useState<string | null>(null);
  const pending = useRef<AwardReveal[]>([]);
  const [waiting, setWaiting] = useState(0);
  const clock = useRef(pictureTime);
  clock.current = pictureTime;

  // Shows what the picture has reached; keeps the rest (and says how many) for the timer below.
  const release = useCallback((incoming: readonly AwardReveal[]) => {
    const { due, waiting: ahead } = takeDue([...pending.current, ...incoming], clock.current?.() ?? null);
    pending.current = ahead;
    setWaiting(ahead.length);
    if (due.length > 0) setReveal((current) => due.reduce(applyReveal, current));
  }, []);

  useEffect(() => {
    if (waiting === 0) return;
    const timer = setInterval(() => release([]), WAIT_TICK_MS);
    return () => clearInterval(timer);
  }, [waiting, release]);

  useEffect(() => {
    setReveal(null);
    pending.current = [];
    setWaiting(0);
  }, [eventId]);

  // Look the programmes up once the room is joined; a failed look-up is tried again on the next join.
  const lookup = useQuery({ queryKey: queryKeys.awards.list(eventId), queryFn: () => fetchAwards(eventId), enabled: joinCount > 0 });
  const { refetch } = lookup;
  const failed = useRef(false);
  failed.current = lookup.isError;
  useEffect(() => {
    if (failed.current) void refetch();
  }, [joinCount, refetch]);
  useEffect(() => {
    if (lookup.error) console.warn('could not look up the award programmes of this event', lookup.error);
  }, [lookup.error]);
  const programmeIds = useMemo(() => (lookup.data ?? []).filter((a) => a.eventId === eventId).map((a) => a.id), [lookup.data, eventId]);
  const found = programmeIds.length > 0;
  const idsRef = useRef<ReadonlySet<string>>(new Set());
  idsRef.current = new Set(programmeIds);

  useEffect(() => {
    if (!socket || joinCount === 0) return;
    let cancelled = false;
    for (const programmeId of programmeIds) {
      request(socket, 'award:join', { programmeId }).then(
        (ack) => {
          if (cancelled) return;
          // The reveal on screen now waits for the picture like any other; "nothing" applies at once.
          const shown = AwardReveal.safeParse(ack);
          if (shown.success && shown.data.programmeId === programmeId && shown.data.stage !== 'clear') release([shown.data]);
          else setReveal((current) => applyJoinAck(current, programmeId, ack));
        },
        (e: unknown) => console.warn('award:join failed', e),
      );
    }
    return () => {
      cancelled = true;
    };
  }, [socket, joinCount, programmeIds, release]);

  // The tab's socket outlives this page: leave the programmes' rooms when the page goes.
  useEffect(() => {
    if (!socket) return;
    return () => {
      if (!socket.connected) return;
      for (const programmeId of programmeIds) socket.emit('award:leave', { programmeId }, () => undefined);
    };
  }, [socket, programmeIds]);

  useEffect(() => {
    if (!socket) return;
    const onReveal = (payload: AwardReveal) => {
      const parsed = AwardReveal.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed award:reveal', parsed.error.issues);
      if (parsed.data.eventId !== eventId && !idsRef.current.has(parsed.data.programmeId)) return;
      release([parsed.data]);
    };
    socket.on('award:reveal', onReveal);
    return () => {
      socket.off('award:reveal', onReveal);
    };
  }, [socket, eventId, release]);

  const key = reveal ? revealKey(reveal) : null;
  const dismiss = useCallback(() => setDismissedKey(key), [key]);
  return { reveal, dismissed: key !== null && key === dismissedKey, dismiss, ceremony: found };
}
