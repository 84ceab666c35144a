import { QueryClient } from '@tanstack/react-query';
import { ClientError } from '../lib/client-error';

/** Most retries of a failed query (so at most three tries). */
const MAX_QUERY_RETRIES = 2;

/**
 * Whether a failed query is worth trying again: a network failure, a timeout or a 5xx, never a
 * 4xx (the same request gets the same answer) nor an answer that does not match its schema.
 * Only queries retry: they are GETs, so repeating them is safe; mutations never retry here
 * (the vote sends its own Idempotency-Key and retries itself).
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_QUERY_RETRIES) return false;
  if (!(error instanceof ClientError)) return false;
  if (error.code === 'NETWORK' || error.code === 'TIMEOUT') return true;
  return error.status !== undefined && error.status >= 500;
}

/** Wait before retry n (0-based), in ms: 500, 1000, … at most 5 s. */
export const retryDelayMs = (attempt: number) => Math.min(500 * 2 ** attempt, 5_000);

/**
 * The client's one QueryClient. Queries refetch when the browser comes back online, not on
 * window focus (pages poll where they need fresh data, as they did before); a failed query is
 * retried only when shouldRetryQuery says so; mutations are not retried.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetryQuery,
        retryDelay: retryDelayMs,
        refetchOnReconnect: true,
        refetchOnWindowFocus: false,
        // Navigating back to a page shows the cached answer at once and refreshes it behind.
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
}
