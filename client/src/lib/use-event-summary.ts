import type { EventSummary } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../data/query-keys';
import { fetchEvent } from './api';
import { toClientError, type ClientError } from './client-error';

/** GET /api/events/:id for a page: the event, or why it could not be loaded. */
export function useEventSummary(eventId: string): { event: EventSummary | null; error: ClientError | null; loading: boolean } {
  const query = useQuery({ queryKey: queryKeys.events.detail(eventId), queryFn: () => fetchEvent(eventId) });
  return {
    event: query.data ?? null,
    error: query.error && !query.data ? toClientError(query.error) : null,
    loading: query.isPending && !query.error,
  };
}
