import { skipToken, type QueryClient, type QueryKey } from '@tanstack/react-query';

// Cache entries that a socket keeps rather than an HTTP request (a room's chat log, polls,
// presence, live state): their readers declare them with PUSHED_ENTRY and an `initialData` (so the
// entry holds data while it is read: TanStack's types do not see that with skipToken, hence the
// readers' `??` fallbacks), the push registry (socket-pushes.ts) and the room's joins write them.

/**
 * Query options of an entry the socket writes: never fetched by itself (a join or a push fills
 * it), never stale, and dropped as soon as nobody reads it, so a room entered again starts from
 * nothing, as a freshly mounted page did.
 */
export const PUSHED_ENTRY = { queryFn: skipToken, staleTime: Infinity, gcTime: 0 } as const;

/**
 * Updates the entry at `key` when it holds data, that is when someone reads it; a push for a room
 * nobody follows (or one the tab has just left) never invents an entry.
 */
export function updateHeld<T>(queryClient: QueryClient, key: QueryKey, update: (held: T) => T): void {
  queryClient.setQueryData<T>(key, (held) => (held === undefined ? undefined : update(held)));
}
