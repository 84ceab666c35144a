import type { ChannelSettings, ChatChannel, ChatMessage, ChatStanding, ModQueue } from '@yunzhan/shared';

/**
 * What chat and moderation tell the realtime layer to send. The services decide what and to
 * whom; the realtime layer decides how (coalesced per tick, across nodes).
 */
export interface ChatEmitter {
  /** A new visible message for everyone in the channel's room (`chat:batch`). */
  message(message: ChatMessage): void;
  /** A changed message (`chat:update`): to the room, or only to one user (e.g. the author of a held one). */
  update(message: ChatMessage, to: { room: true } | { userId: string }): void;
  /** A user's new standing in a channel (`chat:standing` to that user's sockets). */
  standing(userId: string, standing: ChatStanding): void;
  /** Changed settings (`mod:changed` to the channel's moderators). */
  settings(channel: ChatChannel, settings: ChannelSettings): void;
  /** The changed review queue (`mod:queue` to the channel's moderators). */
  queue(queue: ModQueue): void;
  /** A user became, or stopped being, a moderator of a channel: their sockets join or leave its moderator room. */
  moderator(channel: ChatChannel, userId: string, moderator: boolean): void;
}

/** The room of a channel's moderators: `mod:changed` and `mod:queue` go there. */
export const modsRoom = (channel: ChatChannel) => `mods:${channel}`;
