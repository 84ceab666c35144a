import { ChatMessage, type ChatChannel, type ChatReportInput, type DanmakuStyle, type PublicUser } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PUSHED_ENTRY } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { useLiveFeed } from '../data/socket-provider';
import { ClientError, toClientError } from '../lib/client-error';
import type { Feed } from '../lib/feed';
import { request, type YunzhanSocket } from '../realtime/socket';
import { addMessages, emptyLog, loadEarlierMessages, setStanding, syncChatOnJoin, updateLog, type ChatLog, type ChatSeed, type ChatViewer, type HeldStanding, type LiveMessage } from './chat-cache';
import { moderationQuery } from './moderation/use-moderation';
import { standingAfterRefusal, type StandingLike } from './standing-view';

export type { ChatSeed, LiveMessage } from './chat-cache';

/** Where a channel's chat comes from: the room's socket and its joins. */
export interface ChatSource {
  socket: YunzhanSocket | null;
  channel: ChatChannel;
  /** Goes up by one on every successful join of the room (the first join is 1; 0 before). */
  joinCount: number;
  /** What the latest join returned for the chat, or null when the room's join carries none. */
  seed: ChatSeed | null;
  /** The signed-in user, or null. */
  user: PublicUser | null;
}

/** What the viewer asks to send. */
export interface ChatDraft {
  text: string;
  replyToId?: string | undefined;
  danmaku?: DanmakuStyle | undefined;
}

/** A channel's chat as the panel shows it. */
export interface ChatChannelState {
  channel: ChatChannel;
  messages: ChatMessage[];
  pinned: ChatMessage[];
  standing: StandingLike | null;
  /** Whether this viewer moderates the channel. */
  moderator: boolean;
  /** Whether older messages may exist before the first one shown. */
  hasMore: boolean;
  loadingEarlier: boolean;
  /** Loads the page before the oldest message shown. */
  loadEarlier: () => Promise<void>;
  /** Sends a message; throws a ClientError (and updates `standing` when the refusal says why). */
  send: (draft: ChatDraft) => Promise<ChatMessage>;
  /** Reports a message to the moderators. */
  report: (messageId: string, reason: ChatReportInput['reason'], note?: string) => Promise<void>;
  /** New messages as they arrive (and the viewer's own on ack), for the danmaku layer. */
  live: Feed<LiveMessage>;
}

const NO_MESSAGES: ChatMessage[] = [];
const NO_VIEWER: ChatViewer = { userId: null, moderator: false };

/** A channel's message log from the query cache (empty until its first join). */
export function useChatLog(channel: ChatChannel, viewer: ChatViewer = NO_VIEWER): ChatLog {
  const { data } = useQuery<ChatLog>({ queryKey: queryKeys.chat.log(channel), ...PUSHED_ENTRY, initialData: () => emptyLog(viewer) });
  return data ?? emptyLog(viewer);
}

/** A channel's pinned messages, newest first, from the query cache. */
export function usePinned(channel: ChatChannel): ChatMessage[] {
  return useQuery<ChatMessage[]>({ queryKey: queryKeys.chat.pinned(channel), ...PUSHED_ENTRY, initialData: NO_MESSAGES }).data ?? NO_MESSAGES;
}

/** The viewer's standing in a channel from the query cache, or null before the server said. */
export function useStanding(channel: ChatChannel): HeldStanding | null {
  return useQuery<HeldStanding | null>({ queryKey: queryKeys.chat.standing(channel), ...PUSHED_ENTRY, initialData: null }).data ?? null;
}

const newClientId = (): string => globalThis.crypto?.randomUUID?.() ?? `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * Keeps one chat channel in the query cache: the log, pinned messages and standing (one entry
 * each, under `queryKeys.chat`), shared by every component that reads the channel. Each join
 * seeds the log (or fetches its newest page) and catches up what a reconnect missed
 * (chat-cache.ts); pushes are written by the socket provider's registry (data/socket-pushes.ts);
 * a send is a mutation that adds its ack. Inbound payloads are parsed with the shared schemas.
 */
export function useChatChannel({ socket, channel, joinCount, seed, user }: ChatSource): ChatChannelState {
  const queryClient = useQueryClient();
  const userId = user?.id ?? null;
  const standing = useStanding(channel);
  // A hall's join says nothing about moderation: ask (`mod:state`), and a moderator gets an answer.
  const probing = seed === null && userId !== null;
  const probe = useQuery({ ...moderationQuery(socket, channel), enabled: probing && joinCount > 0 });
  const moderator = standing?.moderator === true || (probing && probe.status === 'success');
  const log = useChatLog(channel, { userId, moderator });
  const pinned = usePinned(channel);
  const live = useLiveFeed('chat', channel);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const joinsSeenRef = useRef(0);

  // The log keeps pushed messages this viewer may see: keep its viewer current.
  useEffect(() => {
    updateLog(queryClient, channel, (held) => (held.viewer.userId === userId && held.viewer.moderator === moderator ? held : { ...held, viewer: { userId, moderator } }));
  }, [queryClient, channel, userId, moderator]);

  // A new channel starts from nothing (its entries are new).
  useEffect(() => {
    joinsSeenRef.current = 0;
  }, [channel]);

  // Every join: take the seed (or fetch the newest page), then catch up what a reconnect missed.
  useEffect(() => {
    if (!socket || joinCount === 0 || joinCount === joinsSeenRef.current) return;
    const firstJoin = joinsSeenRef.current === 0;
    joinsSeenRef.current = joinCount;
    let cancelled = false;
    syncChatOnJoin(queryClient, { socket, channel, firstJoin, seed, cancelled: () => cancelled }).catch((error: unknown) => console.warn('chat catch-up failed', error));
    // The moderators' state (and a hall's question whether this viewer is one) is read again.
    if (!firstJoin) void queryClient.invalidateQueries({ queryKey: queryKeys.chat.moderation(channel) });
    return () => {
      cancelled = true;
    };
  }, [queryClient, socket, channel, joinCount, seed]);

  const loadEarlier = useCallback(async () => {
    if (!socket || loadingEarlier) return;
    setLoadingEarlier(true);
    try {
      await loadEarlierMessages(queryClient, socket, channel);
    } finally {
      setLoadingEarlier(false);
    }
  }, [queryClient, socket, channel, loadingEarlier]);

  const { mutateAsync: sendAsync } = useMutation({
    mutationFn: async (draft: ChatDraft) => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      const acked = await request(socket, 'chat:send', {
        channel,
        text: draft.text,
        clientId: newClientId(),
        ...(draft.replyToId ? { replyToId: draft.replyToId } : {}),
        ...(draft.danmaku ? { danmaku: draft.danmaku } : {}),
      }).catch((error: unknown) => {
        // A refusal may say why (muted until…, slow mode): the composer shows it.
        const clientError = toClientError(error);
        const held = queryClient.getQueryData<HeldStanding | null>(queryKeys.chat.standing(channel)) ?? null;
        const learned = standingAfterRefusal(held, clientError, Date.now());
        if (learned) setStanding(queryClient, channel, learned);
        throw clientError;
      });
      const parsed = ChatMessage.safeParse(acked);
      if (!parsed.success) throw new ClientError('INTERNAL', 'malformed chat:send ack');
      return parsed.data;
    },
    onSuccess: (message) => {
      addMessages(queryClient, channel, [message]);
      if (message.status === 'visible') live.publish({ message, own: true });
    },
  });
  const send = useCallback(
    async (draft: ChatDraft) => {
      try {
        return await sendAsync(draft);
      } catch (error) {
        throw toClientError(error);
      }
    },
    [sendAsync],
  );

  const report = useCallback(
    async (messageId: string, reason: ChatReportInput['reason'], note = '') => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      await request(socket, 'chat:report', { channel, messageId, reason, note });
    },
    [socket, channel],
  );

  return { channel, messages: log.messages, pinned, standing, moderator, hasMore: log.hasMore, loadingEarlier, loadEarlier, send, report, live };
}
