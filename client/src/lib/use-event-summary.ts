import type { EventSummary } from '@yunzhan/shared';
import { useEffect, useState } from 'react';
import { fetchEvent } from './api';
import { toClientError, type ClientError } from './client-error';

/** GET /api/events/:id for a page: the event, or why it could not be loaded. */
export function useEventSummary(eventId: string): { event: EventSummary | null; error: ClientError | null; loading: boolean } {
  const [result, setResult] = useState<{ id: string; event: EventSummary | null; error: ClientError | null } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchEvent(eventId).then(
      (event) => !cancelled && setResult({ id: eventId, event, error: null }),
      (error: unknown) => !cancelled && setResult({ id: eventId, event: null, error: toClientError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [eventId]);
  const current = result?.id === eventId ? result : null;
  return { event: current?.event ?? null, error: current?.error ?? null, loading: current === null };
}
