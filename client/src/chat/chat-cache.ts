import { CHAT_HISTORY_LIMIT, CHAT_PAGE_MAX, ChatMessage, ChatPage, ChatStanding, type ChatChannel, type ChatHistoryInput } from '@yunzhan/shared';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveFeeds } from '../data/live-feeds';
import { updateHeld } from '../data/pushed-entries';
import { queryKeys } from '../data/query-keys';
import { ClientError } from '../lib/client-error';
import { request, type YunzhanSocket } from '../realtime/socket';
import { firstCatchUpStep, nextCatchUpStep, type CatchUpStep } from './catch-up';
import { CHAT_LOG_LIMIT, applyUpdate, canSee, firstSeq, keepAfterPage, lastSeq, mergeMessages, updatePinned } from './message-log';
import type { StandingLike } from './standing-view';

// A channel's chat in the query cache: the log (`queryKeys.chat.log`), the pinned messages and the
// viewer's standing. Written by the channel's joins (history, catch-up), the push registry
// (`chat:batch`, `chat:update`, `chat:standing`), sends and pages back, through the pure
// functions of message-log.ts; read by every component that shows the channel.

/** Who reads a log: decides which pushed messages it keeps (moderators see held ones, authors their own). */
export interface ChatViewer {
  userId: string | null;
  moderator: boolean;
}

/** A channel's message log as held in the cache. */
export interface ChatLog {
  /** In channel order (seq). */
  messages: ChatMessage[];
  /** Whether older messages may exist before the first one held. */
  hasMore: boolean;
  /** Most messages kept: CHAT_LOG_LIMIT while following the live chat, raised by paging back. */
  limit: number;
  /** Who the log is for (the chat hook keeps it current). */
  viewer: ChatViewer;
}

/** The viewer's standing as held in the cache: the server's, or what a refused send taught. */
export type HeldStanding = StandingLike & { moderator?: boolean };

/** A new message as the danmaku layer gets it; `own` when this viewer sent it. */
export interface LiveMessage {
  message: ChatMessage;
  own: boolean;
}

/** What a room join brought for its chat (event:join carries it; a hall fetches it itself). */
export interface ChatSeed {
  history: readonly ChatMessage[];
  standing: ChatStanding;
  pinned: readonly ChatMessage[];
}

/** A log with nothing in it yet. */
export const emptyLog = (viewer: ChatViewer): ChatLog => ({ messages: [], hasMore: false, limit: CHAT_LOG_LIMIT, viewer });

/** The messages of `items` that match the schema; the others are dropped. */
export function parseMessages(items: unknown): ChatMessage[] {
  return (Array.isArray(items) ? items : []).flatMap((m) => {
    const parsed = ChatMessage.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Updates a channel's log when someone holds it. */
export function updateLog(queryClient: QueryClient, channel: ChatChannel, update: (log: ChatLog) => ChatLog): void {
  updateHeld<ChatLog>(queryClient, queryKeys.chat.log(channel), update);
}

/** Adds messages (a batch, an ack) to a channel's log, within its limit. */
export function addMessages(queryClient: QueryClient, channel: ChatChannel, messages: readonly ChatMessage[]): void {
  updateLog(queryClient, channel, (log) => ({ ...log, messages: mergeMessages(log.messages, messages, log.limit) }));
}

/** Writes the viewer's standing in a channel. */
export function setStanding(queryClient: QueryClient, channel: ChatChannel, standing: HeldStanding): void {
  queryClient.setQueryData<HeldStanding | null>(queryKeys.chat.standing(channel), standing);
}

// ---- pushes (registered in data/socket-pushes.ts) ----

/** `chat:batch`: the new messages the viewer may see go into the log and out to the danmaku feed. */
export function receiveBatch(queryClient: QueryClient, feeds: LiveFeeds, payload: unknown): void {
  const { channel: named, messages } = (payload ?? {}) as { channel?: unknown; messages?: unknown };
  if (typeof named !== 'string') return;
  const channel = named as ChatChannel;
  const log = queryClient.getQueryData<ChatLog>(queryKeys.chat.log(channel));
  if (!log) return;
  const incoming = parseMessages(messages).filter((m) => m.channel === channel && canSee(m, log.viewer));
  if (incoming.length === 0) return;
  addMessages(queryClient, channel, incoming);
  const feed = feeds.of('chat', channel);
  for (const message of incoming) feed.publish({ message, own: message.userId === log.viewer.userId });
}

/** `chat:update`: a message changed (moderated, pinned, edited): the log and the pinned list follow. */
export function receiveUpdate(queryClient: QueryClient, payload: unknown): void {
  const { channel, message: raw } = (payload ?? {}) as { channel?: unknown; message?: unknown };
  const parsed = ChatMessage.safeParse(raw);
  if (!parsed.success) return void console.warn('ignored a malformed chat:update', parsed.error.issues);
  const message = parsed.data;
  if (channel !== message.channel) return;
  updateLog(queryClient, message.channel, (log) => ({ ...log, messages: applyUpdate(log.messages, message, log.viewer, log.limit) }));
  updateHeld<ChatMessage[]>(queryClient, queryKeys.chat.pinned(message.channel), (pinned) => updatePinned(pinned, message));
}

/** `chat:standing`: the viewer's standing changed (muted, banned, made a moderator…). */
export function receiveStanding(queryClient: QueryClient, payload: unknown): void {
  const parsed = ChatStanding.safeParse(payload);
  if (!parsed.success) return void console.warn('ignored a malformed chat:standing', parsed.error.issues);
  updateHeld<HeldStanding | null>(queryClient, queryKeys.chat.standing(parsed.data.channel), () => parsed.data);
}

// ---- history ----

/** One `chat:history` page, parsed (only the channel's messages). */
export async function fetchChatPage(socket: YunzhanSocket, input: ChatHistoryInput): Promise<ChatPage> {
  const parsed = ChatPage.safeParse(await request(socket, 'chat:history', input));
  if (!parsed.success) {
    console.warn('ignored a malformed chat page', parsed.error.issues);
    throw new ClientError('INTERNAL', 'malformed chat page');
  }
  return { ...parsed.data, messages: parsed.data.messages.filter((m) => m.channel === input.channel) };
}

/**
 * The history fetch: the channel's newest page, as the log query's fetch (it replaces the log).
 * Socket requests are not retried here, as before: a join or a reconnect asks again.
 */
export function newestPageQuery(queryClient: QueryClient, socket: YunzhanSocket, channel: ChatChannel) {
  const key = queryKeys.chat.log(channel);
  return {
    queryKey: key,
    queryFn: async (): Promise<ChatLog> => {
      const page = await fetchChatPage(socket, { channel, limit: CHAT_HISTORY_LIMIT });
      const viewer = queryClient.getQueryData<ChatLog>(key)?.viewer ?? { userId: null, moderator: false };
      return { messages: page.messages, hasMore: page.hasMore, limit: CHAT_LOG_LIMIT, viewer };
    },
    staleTime: 0,
    gcTime: 0,
    retry: false,
  } as const;
}

/** What a join of a channel's room knows. */
export interface ChatJoin {
  socket: YunzhanSocket;
  channel: ChatChannel;
  /** The first join since the chat was opened (the log holds nothing worth keeping). */
  firstJoin: boolean;
  /** What the join returned for the chat, or null when the room's join carries none (a hall). */
  seed: ChatSeed | null;
  /** Whether the caller has gone (a newer join, another channel, unmounted). */
  cancelled: () => boolean;
}

/**
 * Brings a channel's log up to date after a join: takes the seed (or fetches the newest page),
 * then catches up what a reconnect missed when socket.io could not recover it — pages after the
 * last message held, or the newest page after a long gap (catch-up.ts).
 */
export async function syncChatOnJoin(queryClient: QueryClient, { socket, channel, firstJoin, seed, cancelled }: ChatJoin): Promise<void> {
  const held = queryClient.getQueryData<ChatLog>(queryKeys.chat.log(channel));
  // Decided on the log as it was before the seed: the gap is from the last message seen.
  let step: CatchUpStep = firstCatchUpStep({ firstJoin, recovered: socket.recovered, lastSeq: lastSeq(held?.messages ?? []) });
  if (seed) {
    const history = parseMessages(seed.history);
    updateLog(queryClient, channel, (log) =>
      firstJoin
        ? { ...log, messages: history, hasMore: history.length >= CHAT_HISTORY_LIMIT, limit: CHAT_LOG_LIMIT }
        : { ...log, messages: mergeMessages(log.messages, history, log.limit) },
    );
    queryClient.setQueryData<ChatMessage[]>(
      queryKeys.chat.pinned(channel),
      parseMessages(seed.pinned)
        .filter((m) => m.pinned)
        .sort((a, b) => b.seq - a.seq),
    );
    const standing = ChatStanding.safeParse(seed.standing);
    if (standing.success) setStanding(queryClient, channel, standing.data);
    // The seed is the newest page already.
    if (step.kind === 'newest') step = { kind: 'none' };
  }
  for (let pages = 0; step.kind !== 'none' && !cancelled(); ) {
    if (step.kind === 'newest') {
      await queryClient.fetchQuery(newestPageQuery(queryClient, socket, channel));
      return;
    }
    const page = await fetchChatPage(socket, { channel, afterSeq: step.afterSeq, limit: CHAT_PAGE_MAX });
    if (cancelled()) return;
    pages++;
    updateLog(queryClient, channel, (log) => ({ ...log, messages: mergeMessages(log.messages, page.messages, Math.max(log.limit, log.messages.length + page.messages.length)) }));
    step = nextCatchUpStep({ received: page.messages.length, limit: CHAT_PAGE_MAX, pageLastSeq: lastSeq(page.messages), pagesSoFar: pages });
  }
}

/** Loads the page before the oldest message held into the log, raising its limit so the page stays. */
export async function loadEarlierMessages(queryClient: QueryClient, socket: YunzhanSocket, channel: ChatChannel): Promise<void> {
  const before = firstSeq(queryClient.getQueryData<ChatLog>(queryKeys.chat.log(channel))?.messages ?? []);
  if (before === null || before <= 0) return;
  const page = await fetchChatPage(socket, { channel, beforeSeq: before, limit: CHAT_HISTORY_LIMIT });
  updateLog(queryClient, channel, (log) => {
    const limit = keepAfterPage(log.limit, log.messages.length, page.messages.length);
    return { ...log, limit, messages: mergeMessages(log.messages, page.messages, limit), hasMore: page.hasMore };
  });
}
