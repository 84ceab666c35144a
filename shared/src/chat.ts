import { z } from 'zod';
import { ChatChannel } from './chat-channel';

// Chat for every live event and exhibition hall: one channel each. Messages are stored before
// they are acknowledged, may reply to another message, mention users, be pinned, and pass the
// channel's moderation rules (a keyword rule may hide a message or hold it for review).

/** Longest chat message, in characters (after trimming). */
export const CHAT_MAX_LENGTH = 500;
/** How many recent messages a joining viewer receives. */
export const CHAT_HISTORY_LIMIT = 50;
/** Largest page of history one `chat:history` request returns. */
export const CHAT_PAGE_MAX = 100;

/**
 * Who sees a message: everyone (`visible`), only its author and moderators (`held`, waiting for
 * review; `hidden`, by a keyword rule), nobody but moderators (`deleted`, shown as a tombstone).
 */
export const ChatMessageStatus = z.enum(['visible', 'held', 'hidden', 'deleted']);
export type ChatMessageStatus = z.infer<typeof ChatMessageStatus>;

/** How a message shows as danmaku (bullet comment) over the video, when its author asked for it. */
export const DanmakuStyle = z.strictObject({
  mode: z.enum(['scroll', 'top', 'bottom']).default('scroll'),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#ffffff'),
});
export type DanmakuStyle = z.infer<typeof DanmakuStyle>;

/**
 * The role shown beside an author's name in chat and danmaku: a platform admin, a host of the
 * event, a moderator of the channel, a curator. Decided by the server when the message is stored
 * (never sent by a client), so a look-alike name carries no badge.
 */
export const ChatBadge = z.enum(['admin', 'host', 'moderator', 'curator']);
export type ChatBadge = z.infer<typeof ChatBadge>;

/** A stored chat message. `text` is plain text: render it escaped, never as HTML. */
export const ChatMessage = z.object({
  id: z.string(),
  channel: ChatChannel,
  /** Increases by one per message in its channel: history pages and recovery use it. */
  seq: z.number().int().nonnegative(),
  userId: z.string(),
  displayName: z.string(),
  /** The author's role badge when they wrote it; null for everyone else (absent from older servers). */
  badge: ChatBadge.nullable().default(null),
  text: z.string(),
  status: ChatMessageStatus,
  /** The message this one answers, with a short quote of it. */
  replyTo: z.object({ id: z.string(), displayName: z.string(), excerpt: z.string() }).nullable(),
  /** Ids of the users the text mentions (`@username`). */
  mentions: z.array(z.string()),
  pinned: z.boolean(),
  danmaku: DanmakuStyle.nullable(),
  /** ISO time the server stored it. */
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Payload of `chat:send`. `clientId` makes a retried send idempotent. */
export const ChatSendInput = z.strictObject({
  channel: ChatChannel,
  text: z.string().trim().min(1, 'empty message').max(CHAT_MAX_LENGTH),
  replyToId: z.string().max(64).optional(),
  danmaku: DanmakuStyle.optional(),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});
export type ChatSendInput = z.infer<typeof ChatSendInput>;

/**
 * Payload of `chat:history`: a page of messages older than `beforeSeq` (paging back), or newer
 * than `afterSeq` (catching up after a reconnect); the newest page when neither is given.
 */
export const ChatHistoryInput = z.strictObject({
  channel: ChatChannel,
  beforeSeq: z.number().int().positive().optional(),
  afterSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(CHAT_PAGE_MAX).default(CHAT_HISTORY_LIMIT),
});
export type ChatHistoryInput = z.infer<typeof ChatHistoryInput>;

/** A page of history, oldest first; `hasMore` when older messages exist. */
export const ChatPage = z.object({ messages: z.array(ChatMessage), hasMore: z.boolean() });
export type ChatPage = z.infer<typeof ChatPage>;

/** Payload of `chat:report`: a viewer reports a message to the channel's moderators. */
export const ChatReportInput = z.strictObject({
  channel: ChatChannel,
  messageId: z.string().max(64),
  reason: z.enum(['spam', 'abuse', 'illegal', 'other']),
  note: z.string().trim().max(500).default(''),
});
export type ChatReportInput = z.infer<typeof ChatReportInput>;
