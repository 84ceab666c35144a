import { HallRef, NotFoundError, hallChannel, hallRoom } from '@yunzhan/shared';
import { can } from '../auth/policy';
import { modsRoom } from '../chat/chat-emitter';
import type { HandlerContext } from './handler-context';

/** Entering and leaving an exhibition hall (its room is also its chat channel). */
export function registerHallHandlers({ socket, on, store, realtime }: HandlerContext): void {
  on('hall:join', HallRef, async ({ exhibitionId, preview }) => {
    const exhibition = await store.exhibitions.get(exhibitionId);
    const user = socket.data.user;
    // Published halls are open to anyone; a draft's preview only to its owner and admins.
    const allowed =
      exhibition &&
      (preview
        ? can(user, 'exhibition:preview', { ownerId: exhibition.ownerId })
        : can(user, 'hall:enter', { ownerId: exhibition.ownerId, isPublic: exhibition.published !== null }));
    if (!allowed) throw new NotFoundError('Exhibition');
    await socket.join(hallRoom(exhibitionId));
    if (await realtime.chat.policies.isModerator(user, hallChannel(exhibitionId))) await socket.join(modsRoom(hallChannel(exhibitionId)));
    realtime.hallPresenceChanged(exhibitionId);
    return { exhibitionId, count: realtime.hallCount(exhibitionId) };
  });

  on('hall:leave', HallRef, async ({ exhibitionId }) => {
    if (socket.rooms.has(hallRoom(exhibitionId))) {
      await socket.leave(hallRoom(exhibitionId));
      await socket.leave(modsRoom(hallChannel(exhibitionId)));
      realtime.hallPresenceChanged(exhibitionId);
    }
    return null;
  });
}
