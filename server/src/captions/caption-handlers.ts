import { randomUUID } from 'node:crypto';
import { CaptionInput, InvalidStateError, NotFoundError, type Caption } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { captionSubject } from './captioner-service';
import type { HandlerContext } from '../realtime/handler-context';
import { eventRoom } from '../realtime/rooms';

/**
 * `caption:send`: one of the event's captioners or hosts (or an admin) types a line of live
 * captions. It is stored with the moment it was sent and goes to the event's room (every node,
 * through the adapter); viewers show it when their picture reaches that moment. Only while the
 * event is live.
 */
export function registerCaptionHandlers({ socket, on, store }: HandlerContext): void {
  on('caption:send', CaptionInput, async ({ eventId, text }) => {
    const event = await store.events.get(eventId);
    if (!event) throw new NotFoundError('Event');
    const user = socket.data.user;
    // Whether the account is a captioner is read now: a removal refuses its very next line.
    authorize(user, 'event:caption', await captionSubject(store.captioners, event, user));
    if (event.status !== 'live') throw new InvalidStateError('Captions are sent while the event is live');
    const caption: Caption = { id: randomUUID(), eventId, text, at: new Date().toISOString() };
    await store.captions.add({ ...caption, authorId: user!.id });
    socket.nsp.to(eventRoom(eventId)).emit('caption', caption);
    return caption;
  });
}
