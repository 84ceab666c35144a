import {
  CHAT_HISTORY_LIMIT,
  CHAT_PAGE_MAX,
  ChatMessage,
  ChatPage,
  ChatStanding,
  type ChatChannel,
  type ChatReportInput,
  type DanmakuStyle,
  type PublicUser,
} from '@yunzhan/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ClientError, toClientError } from '../lib/client-error';
import { Feed } from '../lib/feed';
import { request, type YunzhanSocket } from '../realtime/socket';
import { firstCatchUpStep, nextCatchUpStep, type CatchUpStep } from './catch-up';
import { CHAT_LOG_LIMIT, applyUpdate, canSee, firstSeq, keepAfterPage, lastSeq, mergeMessages, updatePinned } from './message-log';
import { standingAfterRefusal, type StandingLike } from './standing-view';

/** What a room join brought for its chat (event:join carries it; a hall fetches it itself). */
export interface ChatSeed {
  history: readonly ChatMessage[];
  standing: ChatStanding;
  pinned: readonly ChatMessage[];
}

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

/** A new message as the danmaku layer gets it; `own` when this viewer sent it. */
export interface LiveMessage {
  message: ChatMessage;
  own: boolean;
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

const parseAll = (items: unknown): ChatMessage[] =>
  (Array.isArray(items) ? items : []).flatMap((m) => {
    const parsed = ChatMessage.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });

const newClientId = (): string => globalThis.crypto?.randomUUID?.() ?? `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * Keeps one chat channel: history on join, coalesced batches, updates, paging back, catch-up
 * after a reconnect that socket.io could not recover, standing and sending. Inbound payloads are
 * parsed with the shared schemas; a malformed one is dropped and logged.
 */
export function useChatChannel({ socket, channel, joinCount, seed, user }: ChatSource): ChatChannelState {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [pinned, setPinned] = useState<ChatMessage[]>([]);
  const [standing, setStanding] = useState<StandingLike | null>(null);
  const [probedModerator, setProbedModerator] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const live = useMemo(() => new Feed<LiveMessage>(), []);
  const messagesRef = useRef<ChatMessage[]>([]);
  const limitRef = useRef(CHAT_LOG_LIMIT);
  const joinsSeenRef = useRef(0);
  const userId = user?.id ?? null;
  const moderator = (standing as ChatStanding | null)?.moderator === true || probedModerator;
  const viewerRef = useRef({ userId, moderator });
  viewerRef.current = { userId, moderator };

  const commit = useCallback((next: ChatMessage[]) => {
    messagesRef.current = next;
    setMessages(next);
  }, []);

  // A new channel starts from nothing.
  useEffect(() => {
    commit([]);
    setPinned([]);
    setStanding(null);
    setProbedModerator(false);
    setHasMore(false);
    limitRef.current = CHAT_LOG_LIMIT;
    joinsSeenRef.current = 0;
  }, [channel, commit]);

  // Live traffic: batches, updates, standing.
  useEffect(() => {
    if (!socket) return;
    const onBatch = (payload: { channel: ChatChannel; messages: ChatMessage[] }) => {
      if (payload?.channel !== channel) return;
      const incoming = parseAll(payload.messages).filter((m) => m.channel === channel && canSee(m, viewerRef.current));
      if (incoming.length === 0) return;
      commit(mergeMessages(messagesRef.current, incoming, limitRef.current));
      for (const message of incoming) live.publish({ message, own: message.userId === viewerRef.current.userId });
    };
    const onUpdate = (payload: { channel: ChatChannel; message: ChatMessage }) => {
      const parsed = ChatMessage.safeParse(payload?.message);
      if (!parsed.success) return void console.warn('ignored a malformed chat:update', parsed.error.issues);
      if (payload.channel !== channel || parsed.data.channel !== channel) return;
      commit(applyUpdate(messagesRef.current, parsed.data, viewerRef.current, limitRef.current));
      setPinned((list) => updatePinned(list, parsed.data));
    };
    const onStanding = (payload: ChatStanding) => {
      const parsed = ChatStanding.safeParse(payload);
      if (!parsed.success) return void console.warn('ignored a malformed chat:standing', parsed.error.issues);
      if (parsed.data.channel === channel) setStanding(parsed.data);
    };
    socket.on('chat:batch', onBatch);
    socket.on('chat:update', onUpdate);
    socket.on('chat:standing', onStanding);
    return () => {
      socket.off('chat:batch', onBatch);
      socket.off('chat:update', onUpdate);
      socket.off('chat:standing', onStanding);
    };
  }, [socket, channel, commit, live]);

  // Every join: take the seed (or fetch the newest page), then catch up what a reconnect missed.
  useEffect(() => {
    if (!socket || joinCount === 0 || joinCount === joinsSeenRef.current) return;
    const firstJoin = joinsSeenRef.current === 0;
    joinsSeenRef.current = joinCount;
    let cancelled = false;
    let step: CatchUpStep = firstCatchUpStep({ firstJoin, recovered: socket.recovered, lastSeq: lastSeq(messagesRef.current) });
    if (seed) {
      const history = parseAll(seed.history);
      commit(firstJoin ? history : mergeMessages(messagesRef.current, history, limitRef.current));
      if (firstJoin) setHasMore(history.length >= CHAT_HISTORY_LIMIT);
      setPinned(parseAll(seed.pinned).filter((m) => m.pinned).sort((a, b) => b.seq - a.seq));
      const parsedStanding = ChatStanding.safeParse(seed.standing);
      if (parsedStanding.success) setStanding(parsedStanding.data);
      // The seed is the newest page already.
      if (step.kind === 'newest') step = { kind: 'none' };
    }
    const run = async () => {
      for (let pages = 0; step.kind !== 'none' && !cancelled; ) {
        const payload = step.kind === 'after' ? { channel, afterSeq: step.afterSeq, limit: CHAT_PAGE_MAX } : { channel, limit: CHAT_HISTORY_LIMIT };
        const parsed = ChatPage.safeParse(await request(socket, 'chat:history', payload));
        if (cancelled) return;
        if (!parsed.success) return void console.warn('ignored a malformed chat page', parsed.error.issues);
        const page = parsed.data.messages.filter((m) => m.channel === channel);
        if (step.kind === 'newest') {
          limitRef.current = CHAT_LOG_LIMIT;
          commit(page);
          setHasMore(parsed.data.hasMore);
          return;
        }
        pages++;
        commit(mergeMessages(messagesRef.current, page, Math.max(limitRef.current, messagesRef.current.length + page.length)));
        step = nextCatchUpStep({ received: page.length, limit: CHAT_PAGE_MAX, pageLastSeq: lastSeq(page), pagesSoFar: pages });
      }
    };
    run().catch((error: unknown) => console.warn('chat catch-up failed', error));
    // A hall's join says nothing about moderation: ask, and a moderator gets an answer.
    if (!seed && userId) {
      request(socket, 'mod:state', { channel }).then(
        () => !cancelled && setProbedModerator(true),
        () => !cancelled && setProbedModerator(false),
      );
    }
    return () => {
      cancelled = true;
    };
  }, [socket, channel, joinCount, seed, userId, commit]);

  const loadEarlier = useCallback(async () => {
    const before = firstSeq(messagesRef.current);
    if (!socket || loadingEarlier || before === null || before <= 0) return;
    setLoadingEarlier(true);
    try {
      const parsed = ChatPage.safeParse(await request(socket, 'chat:history', { channel, beforeSeq: before, limit: CHAT_HISTORY_LIMIT }));
      if (!parsed.success) throw new ClientError('INTERNAL', 'malformed chat page');
      limitRef.current = keepAfterPage(limitRef.current, messagesRef.current.length, parsed.data.messages.length);
      commit(mergeMessages(messagesRef.current, parsed.data.messages.filter((m) => m.channel === channel), limitRef.current));
      setHasMore(parsed.data.hasMore);
    } finally {
      setLoadingEarlier(false);
    }
  }, [socket, channel, loadingEarlier, commit]);

  const send = useCallback(
    async (draft: ChatDraft) => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      let acked: ChatMessage;
      try {
        acked = await request(socket, 'chat:send', {
          channel,
          text: draft.text,
          clientId: newClientId(),
          ...(draft.replyToId ? { replyToId: draft.replyToId } : {}),
          ...(draft.danmaku ? { danmaku: draft.danmaku } : {}),
        });
      } catch (error) {
        const clientError = toClientError(error);
        const learned = standingAfterRefusal(standing, clientError, Date.now());
        if (learned) setStanding(learned);
        throw clientError;
      }
      const parsed = ChatMessage.safeParse(acked);
      if (!parsed.success) throw new ClientError('INTERNAL', 'malformed chat:send ack');
      commit(mergeMessages(messagesRef.current, [parsed.data], limitRef.current));
      if (parsed.data.status === 'visible') live.publish({ message: parsed.data, own: true });
      return parsed.data;
    },
    [socket, channel, standing, commit, live],
  );

  const report = useCallback(
    async (messageId: string, reason: ChatReportInput['reason'], note = '') => {
      if (!socket) throw new ClientError('DISCONNECTED', 'no socket');
      await request(socket, 'chat:report', { channel, messageId, reason, note });
    },
    [socket, channel],
  );

  return { channel, messages, pinned, standing, moderator, hasMore, loadingEarlier, loadEarlier, send, report, live };
}

