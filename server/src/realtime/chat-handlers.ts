import { ChannelRef, ChatHistoryInput, ChatReportInput, ChatSendInput, ModerationInput, NotFoundError } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import type { HandlerContext } from './handler-context';

/** Chat (`chat:send`, `chat:history`, `chat:report`) and moderation (`mod:act`, `mod:state`). */
export function registerChatHandlers({ socket, on, realtime }: HandlerContext): void {
  on('chat:send', ChatSendInput, async (input) => {
    authorize(socket.data.user, 'chat:send');
    // One writes in a room one is in: the channel's room is the channel.
    if (!socket.rooms.has(input.channel)) throw new NotFoundError('Joined channel');
    return realtime.chat.send(socket.data.user, socket.data.address, input);
  });

  on('chat:history', ChatHistoryInput, async (input) => realtime.chat.history(socket.data.user, input));

  on('chat:report', ChatReportInput, async (input) => {
    await realtime.chat.report(socket.data.user, input);
    return null;
  });

  on('mod:act', ModerationInput, async (input) => {
    await realtime.moderation.act(socket.data.user, input);
    return null;
  });

  on('mod:state', ChannelRef, async ({ channel }) => realtime.moderation.state(socket.data.user, channel));
}
