import { z } from 'zod';

/** A chat channel: `event:<eventId>` for a live event, `hall:<exhibitionId>` for an exhibition hall. */
export const ChatChannel = z.string().regex(/^(event|hall):[a-z0-9][a-z0-9-]{0,63}$/, 'event:<id> or hall:<id>');
export type ChatChannel = z.infer<typeof ChatChannel>;

/** The channel of a live event. */
export const eventChannel = (eventId: string): ChatChannel => `event:${eventId}`;
/** The channel of an exhibition hall. */
export const hallChannel = (exhibitionId: string): ChatChannel => `hall:${exhibitionId}`;
/** The kind and id of a channel. */
export function parseChannel(channel: ChatChannel): { kind: 'event' | 'hall'; id: string } {
  const at = channel.indexOf(':');
  return { kind: channel.slice(0, at) as 'event' | 'hall', id: channel.slice(at + 1) };
}

/** Payload naming only a channel (`mod:state`). Strict: unknown keys are refused. */
export const ChannelRef = z.strictObject({ channel: ChatChannel });
export type ChannelRef = z.infer<typeof ChannelRef>;
