import { Asset } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import { sessionEnded } from '../auth/session-events';
import type { YunzhanSocket } from '../realtime/socket';
import { mergeAsset } from './asset-cache';
import { queryKeys } from './query-keys';

// Loaded with the socket (never up front): the pushes that concern the signed-in user on any
// page, parsed with their shared schema and written into the query cache (or, when a push only
// says that something changed, an invalidation).

/** Writes the user-wide pushes of `socket` into `queryClient`'s cache. */
export function listenForPushes(socket: YunzhanSocket, queryClient: QueryClient): void {
  socket.on('connect', () => {
    // Pushes sent before this connection (or while the socket was down) never arrive here: read
    // the lists they keep current again. Only lists on screen are fetched.
    void queryClient.invalidateQueries({ queryKey: queryKeys.assets.all });
  });
  // The session ended or its rights changed: who is signed in is read again.
  socket.on('session:ended', () => void sessionEnded(queryClient));
  socket.on('asset:progress', (payload) => {
    const parsed = Asset.safeParse(payload);
    if (!parsed.success) return void console.warn('ignored a malformed asset:progress', parsed.error.issues);
    // Only a list someone has loaded is updated; a push never invents a list.
    queryClient.setQueryData<Asset[]>(queryKeys.assets.mine(), (list) => (list ? mergeAsset(list, parsed.data) : list));
  });
}
