import type { Logger } from 'pino';
import { PollCloseInput, PollCreateInput, PollVoteInput, ReactionInput, type ChatChannel } from '@yunzhan/shared';
import { handle, type AppSocket } from '../realtime/handler';
import type { RateLimiter } from '../limits/rate-limiter';
import type { PollService } from './polls';
import type { ReactionService } from './reactions';

/** The socket events this module answers. */
export const INTERACTION_EVENTS = ['reaction:send', 'poll:create', 'poll:vote', 'poll:close'] as const;

/** What the interaction handlers need. */
export interface InteractionContext {
  polls: PollService;
  reactions: ReactionService;
  /** The per-socket limit every event passes first. */
  limiter: RateLimiter;
  logger: Logger;
}

/** Registers `reaction:send` and `poll:*` on one socket (payloads parsed, errors acked). */
export function registerInteractionHandlers(socket: AppSocket, ctx: InteractionContext): void {
  const inChannel = (channel: ChatChannel) => socket.rooms.has(channel);
  handle(socket, 'reaction:send', ReactionInput, ctx.limiter, ctx.logger, async (input) => {
    await ctx.reactions.send({ socketId: socket.id, userId: socket.data.user?.id ?? null, viewerKey: socket.data.viewerKey, address: socket.data.address }, input, inChannel);
    return null;
  });
  handle(socket, 'poll:create', PollCreateInput, ctx.limiter, ctx.logger, (input) => ctx.polls.create(socket.data.user, input));
  handle(socket, 'poll:vote', PollVoteInput, ctx.limiter, ctx.logger, (input) => ctx.polls.vote(socket.data.user, input, inChannel));
  handle(socket, 'poll:close', PollCloseInput, ctx.limiter, ctx.logger, (input) => ctx.polls.close(socket.data.user, input));
}
