import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@yunzhan/shared';
import { modsRoom, type ChatEmitter } from '../chat/chat-emitter';
import type { Fanout } from './fanout';
import { userRoom } from './rooms';

type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Sends what chat and moderation announce. New messages go through the per-tick coalescer (one
 * `chat:batch` per room and tick); changes, standings and queues are rare and go at once. Every
 * emit is a room broadcast, so connection state recovery replays what a dropped client missed.
 */
export function socketChatEmitter(io: AppServer, fanout: Fanout): ChatEmitter {
  return {
    message: (message) => fanout.chat(message),
    update: (message, to) => {
      io.to('room' in to ? message.channel : userRoom(to.userId)).emit('chat:update', { channel: message.channel, message });
    },
    standing: (userId, standing) => io.to(userRoom(userId)).emit('chat:standing', standing),
    settings: (channel, settings) => io.to(modsRoom(channel)).emit('mod:changed', { channel, settings }),
    queue: (queue) => io.to(modsRoom(queue.channel)).emit('mod:queue', queue),
    moderator: (channel, userId, moderator) => {
      if (moderator) io.in(userRoom(userId)).socketsJoin(modsRoom(channel));
      else io.in(userRoom(userId)).socketsLeave(modsRoom(channel));
    },
  };
}
