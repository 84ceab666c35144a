import { EventRef, NotFoundError, eventChannel } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { modsRoom } from '../chat/chat-emitter';
import type { HandlerContext } from './handler-context';
import { eventRoom, hostRoom } from './rooms';

/** `event:join` / `event:leave` (the event's room, its chat, presence) and `live:start` / `live:end`. */
export function registerEventHandlers({ socket, on, store, realtime }: HandlerContext): void {
  on('event:join', EventRef, async ({ eventId }) => {
    const event = await store.events.get(eventId);
    if (!event) throw new NotFoundError('Event');
    const user = socket.data.user;
    authorize(user, 'event:watch', event);
    const channel = eventChannel(eventId);
    await socket.join(eventRoom(eventId));
    if (user && (user.role === 'admin' || event.hostIds.includes(user.id))) await socket.join(hostRoom(eventId));
    if (await realtime.chat.policies.isModerator(user, channel)) await socket.join(modsRoom(channel));
    realtime.presenceChanged(channel);
    const [view, polls] = await Promise.all([realtime.chat.view(user, channel), realtime.pollsOf(channel), realtime.liveService.lookUpOrigins([event])]);
    return { live: realtime.liveService.stateOf(event), history: view.history, user, standing: view.standing, pinned: view.pinned, polls };
  });

  on('event:leave', EventRef, async ({ eventId }) => {
    await socket.leave(eventRoom(eventId));
    await socket.leave(hostRoom(eventId));
    await socket.leave(modsRoom(eventChannel(eventId)));
    realtime.presenceChanged(eventChannel(eventId));
    return null;
  });

  on('live:start', EventRef, async ({ eventId }) => realtime.liveService.start(eventId, socket.data.user, socket.id));
  on('live:end', EventRef, async ({ eventId }) => realtime.liveService.endBy(eventId, socket.data.user));
}
