import { CaptionerList, CaptionerStatus } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from '../data/fetch-json';
import { queryKeys } from '../data/query-keys';
import { toClientError, type ClientError } from '../lib/client-error';

// An event's captioners (server/src/captions/captioner-routes.ts), parsed with the shared schemas.

const captionersPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/captioners`;

/** GET /api/events/:id/captioners (its hosts, admins): the captioners, by username. */
export function fetchCaptioners(eventId: string): Promise<CaptionerList> {
  return fetchJson(captionersPath(eventId), CaptionerList);
}

/** PUT /api/events/:id/captioners: makes these accounts the captioners; answers the new list. */
export function saveCaptioners(eventId: string, usernames: readonly string[]): Promise<CaptionerList> {
  return fetchJson(captionersPath(eventId), CaptionerList, { method: 'PUT', body: { usernames } });
}

/**
 * Whether the signed-in account (`userId`; null: nobody, and nothing is asked) is one of the
 * event's captioners, as the server says: `captioner` is undefined until known (or when the
 * question failed: `error`).
 */
export function useCaptionerStatus(eventId: string, userId: string | null): { captioner: boolean | undefined; error: ClientError | null } {
  const query = useQuery({
    queryKey: queryKeys.events.captionerStatus(eventId, userId ?? ''),
    queryFn: () => fetchJson(`${captionersPath(eventId)}/me`, CaptionerStatus),
    enabled: userId !== null,
  });
  return { captioner: query.data?.captioner, error: query.error ? toClientError(query.error) : null };
}
