import type {
  ChannelSettings,
  ChatBadge,
  ChatChannel,
  ChatMessage,
  ChatMessageStatus,
  ChatPage,
  ChatReport,
  DanmakuStyle,
  ModerationAction,
  ModerationLogEntry,
} from '@yunzhan/shared';

/** What the chat service hands the store to keep: everything but the id, seq and time. */
export interface NewChatMessage {
  channel: ChatChannel;
  userId: string;
  displayName: string;
  /** The author's role badge, decided by the chat service. Default none. */
  badge?: ChatBadge | null;
  text: string;
  status: ChatMessageStatus;
  replyToId: string | null;
  mentions: string[];
  danmaku: DanmakuStyle | null;
  /** The sender's idempotency key: a second insert with it returns the first message. */
  clientId: string | null;
  /**
   * Slow mode: the least time since the sender's previous message in the channel, checked in the
   * insert's own transaction so two nodes cannot both let a message through. Default 0 (none).
   */
  minGapMs?: number;
}

/** The insert was refused by slow mode; `retryAfterMs` says when the sender may write again. */
export class SlowModeRefusal extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`slow mode: retry after ${retryAfterMs} ms`);
    this.name = 'SlowModeRefusal';
  }
}

/** Which page of a channel to read, and for whom. */
export interface ChatPageQuery {
  channel: ChatChannel;
  /** Older than this seq (paging back). */
  beforeSeq?: number;
  /** Newer than this seq (catching up); the page then runs oldest first from here. */
  afterSeq?: number;
  limit: number;
  /** Who reads: a moderator sees every status; anyone else the visible messages and their own held or hidden ones. */
  viewer: { userId: string | null; moderator: boolean };
}

/** Chat messages and reports of every channel. */
export interface ChatStore {
  /**
   * Stores a message under the next seq of its channel (allocated in the insert's transaction).
   * With a `clientId` already used by this user in this channel, stores nothing and returns the
   * stored message with `created: false`.
   */
  insert(message: NewChatMessage): Promise<{ message: ChatMessage; created: boolean }>;
  /** The message a user sent in a channel with this idempotency key, if any. */
  byClientId(channel: ChatChannel, userId: string, clientId: string): Promise<ChatMessage | null>;
  get(id: string): Promise<ChatMessage | null>;
  /**
   * A page by seq, oldest first. Newest page when neither bound is given; `hasMore` says older
   * messages remain (or, with `afterSeq`, newer ones).
   */
  page(query: ChatPageQuery): Promise<ChatPage>;
  /** The pinned visible messages of a channel, oldest first. */
  pinned(channel: ChatChannel): Promise<ChatMessage[]>;
  /** Messages waiting for review (`held`), oldest first. */
  held(channel: ChatChannel, limit: number): Promise<ChatMessage[]>;
  /** ISO time of a user's latest message in a channel (any status), or null. */
  lastMessageAt(channel: ChatChannel, userId: string): Promise<string | null>;
  /** Files a report; false (and nothing stored) when this user already reported the message. */
  report(report: Omit<ChatReport, 'id' | 'at'>): Promise<boolean>;
  /** Reports no moderator has acted on, oldest first. */
  openReports(channel: ChatChannel, limit: number): Promise<ChatReport[]>;
}

/** A user's restrictions in a channel as stored. */
export interface StoredStanding {
  /** ISO end of a mute (may be in the past: expired), or null. */
  mutedUntil: string | null;
  banned: boolean;
}

/** What a moderation action changed, for the service to announce. */
export type ModerationEffect =
  | { kind: 'message'; message: ChatMessage; before: ChatMessageStatus }
  | { kind: 'user'; userId: string }
  | { kind: 'settings' }
  | { kind: 'report' };

/** Moderation settings, restrictions and the moderation log of every channel. */
export interface ModerationStore {
  /** A channel's settings (defaults when nothing was ever set), rules and named moderators. */
  settings(channel: ChatChannel): Promise<ChannelSettings>;
  /** A user's mute and ban in a channel. */
  standing(channel: ChatChannel, userId: string): Promise<StoredStanding>;
  /**
   * Applies one action and writes it to the moderation log in the same transaction: both or
   * neither. Throws NotFoundError / InvalidStateError (nothing written) when it cannot apply.
   */
  act(channel: ChatChannel, moderatorId: string, action: ModerationAction, now: Date): Promise<ModerationEffect>;
  /** The newest `limit` log entries, newest first. */
  log(channel: ChatChannel, limit: number): Promise<ModerationLogEntry[]>;
}
