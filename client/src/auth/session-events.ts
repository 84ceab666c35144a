import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../data/query-keys';

/**
 * What a `session:ended` push does to the cache: the server ended this browser's session or
 * changed its rights (sign-out in another tab, a new password, an admin's change of role), so the
 * session query is read again and everything reading who is signed in follows. Registered by the
 * socket provider's push registry (data/socket-pushes.ts).
 */
export function sessionEnded(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.auth.me() });
}
