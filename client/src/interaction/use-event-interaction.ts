import type { PublicUser } from '@yunzhan/shared';
import { useMemo } from 'react';
import { useModeration, type Moderation } from '../chat/moderation/use-moderation';
import { useChatChannel, type ChatChannelState, type ChatSeed } from '../chat/use-chat-channel';
import type { EventRoom } from '../realtime/use-event-room';
import { useInteraction, type Interaction } from './use-interaction';

/** An event room's chat, moderation, polls, reactions and presence together. */
export interface EventInteraction {
  chat: ChatChannelState;
  moderation: Moderation;
  interaction: Interaction;
  /** The user the socket speaks for, falling back to the session's. */
  user: PublicUser | null;
}

/** Builds chat (seeded by each `event:join`), moderation and interaction on an event room's socket. */
export function useEventInteraction(room: EventRoom, sessionUser: PublicUser | null): EventInteraction {
  const user = room.user ?? sessionUser;
  const { joined } = room;
  const seed = useMemo<ChatSeed | null>(() => (joined ? { history: joined.history, standing: joined.standing, pinned: joined.pinned } : null), [joined]);
  const chat = useChatChannel({ socket: room.socket, channel: room.channel, joinCount: room.joinCount, seed, user });
  const moderation = useModeration(room.socket, room.channel, chat.moderator, room.joinCount);
  const interaction = useInteraction({ socket: room.socket, channel: room.channel, joinCount: room.joinCount, seedPolls: joined?.polls ?? null });
  return { chat, moderation, interaction, user };
}
