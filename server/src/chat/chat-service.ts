import {
  CHAT_HISTORY_LIMIT,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  type ChatChannel,
  type ChatHistoryInput,
  type ChatMessage,
  type ChatPage,
  type ChatRefusal,
  type ChatReportInput,
  type ChatSendInput,
  type ChatStanding,
  type PublicUser,
} from '@yunzhan/shared';
import type { Store } from '../db/store';
import { SlowModeRefusal } from './chat-store';
import { RateLimits } from '../limits/rate-limits';
import { SenderLimits } from '../limits/sender-limits';
import type { ChatEmitter } from './chat-emitter';
import { keywordVerdict, mentionedUsernames } from './chat-text';
import { ChannelPolicies } from './channel-policy';

/** Options of the chat service. */
export interface ChatServiceOptions {
  store: Store;
  emitter: ChatEmitter;
  /** Shared with the moderation service; one is made when not given. */
  policies?: ChannelPolicies;
  /** Messages per account: burst, then per second. Default 5, then one per 2 s. */
  perUser?: { burst: number; perSecond: number };
  /** Messages per client address (many accounts behind one address): default 20, then 2 per s. */
  perAddress?: { burst: number; perSecond: number };
  /** Where the limits count (shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
  /** How long policies read from the database are trusted when `policies` is not given, in ms (ChannelPoliciesOptions.ttlMs). */
  policyCacheMs?: number;
  /** The clock. Default `() => new Date()`. */
  now?: () => Date;
}

/** What a viewer sees of a channel on joining. */
export interface ChannelView {
  history: ChatMessage[];
  pinned: ChatMessage[];
  standing: ChatStanding;
}

const refuse = (reason: ChatRefusal, message: string, extra: Record<string, unknown> = {}) => new ForbiddenError(message, { reason, ...extra });

/**
 * Chat of every channel: send (validate, authorize, rate-limit, keyword rules, mentions, reply,
 * store, then announce), history by seq, reports. Bans, mutes and settings come from the database
 * through a short cache, so a rule applied on any node holds on every node.
 */
export class ChatService {
  /** Settings, standings and owners of channels (shared with moderation). */
  readonly policies: ChannelPolicies;
  private readonly limits: SenderLimits;
  private readonly now: () => Date;
  private readonly changeListeners: ((channel: ChatChannel) => void)[] = [];

  constructor(private readonly options: ChatServiceOptions) {
    this.policies = options.policies ?? new ChannelPolicies(options.store, { ttlMs: options.policyCacheMs });
    const user = options.perUser ?? { burst: 5, perSecond: 0.5 };
    const address = options.perAddress ?? { burst: 20, perSecond: 2 };
    // The account pays for every attempt; the address (shared behind NAT) only for stored messages.
    const limits = options.limits ?? RateLimits.memory();
    this.limits = new SenderLimits([limits.limiter('chat:user', user)], limits.limiter('chat:address', address));
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Sends a message. Stored before this resolves (the caller acks after); a visible one is
   * announced to the room, a held one to the moderators' queue. A retried `clientId` returns the
   * stored message and announces nothing again.
   */
  async send(user: PublicUser | null, address: string, input: ChatSendInput): Promise<ChatMessage> {
    if (!user) throw new UnauthenticatedError();
    const { store, emitter } = this.options;
    const { channel } = input;
    if (input.clientId) {
      const prior = await store.chat.byClientId(channel, user.id, input.clientId);
      if (prior) return prior;
    }
    // The badge comes from the same cached channel rows as the moderator check, never from the client.
    const [settings, moderator, badge] = await Promise.all([
      this.policies.settings(channel),
      this.policies.isModerator(user, channel),
      this.policies.badge(user, channel),
    ]);
    const now = this.now();
    if (!moderator) {
      const standing = await this.policies.standing(channel, user.id);
      if (standing.banned) throw refuse('banned', 'You are banned from this chat');
      if (standing.mutedUntil && Date.parse(standing.mutedUntil) > now.getTime()) {
        throw refuse('muted', 'You are muted in this chat', { until: standing.mutedUntil });
      }
      if (settings.membersOnly) {
        const account = await store.users.byId(user.id);
        const ageMinutes = account ? (now.getTime() - Date.parse(account.createdAt)) / 60_000 : 0;
        if (ageMinutes < settings.membersOnlyMinAgeMinutes) {
          throw refuse('members-only', 'This chat is for members only', { minAgeMinutes: settings.membersOnlyMinAgeMinutes });
        }
      }
      if (settings.slowModeSeconds > 0) {
        const last = await store.chat.lastMessageAt(channel, user.id);
        const wait = last ? Date.parse(last) + settings.slowModeSeconds * 1000 - now.getTime() : 0;
        if (wait > 0) throw refuse('slow-mode', `Slow mode: one message every ${settings.slowModeSeconds} s`, { retryAfterMs: wait });
      }
    }
    await this.limits.admit([user.id], address);

    const verdict = moderator ? null : keywordVerdict(input.text, settings.keywordRules);
    const status = verdict === 'hide' ? 'hidden' : verdict === 'hold' ? 'held' : 'visible';
    const replyToId = input.replyToId ? await this.replyTarget(channel, input.replyToId) : null;
    const mentions = await this.mentions(input.text);
    let inserted: Awaited<ReturnType<typeof store.chat.insert>>;
    try {
      inserted = await store.chat.insert({
        channel,
        userId: user.id,
        displayName: user.displayName,
        badge,
        text: input.text,
        status,
        replyToId,
        mentions,
        danmaku: input.danmaku ?? null,
        clientId: input.clientId ?? null,
        // Checked again inside the insert's transaction: two nodes cannot both pass the check above.
        minGapMs: moderator ? 0 : settings.slowModeSeconds * 1000,
      });
    } catch (err) {
      if (!(err instanceof SlowModeRefusal)) throw err;
      throw refuse('slow-mode', `Slow mode: one message every ${settings.slowModeSeconds} s`, { retryAfterMs: err.retryAfterMs });
    }
    const { message, created } = inserted;
    if (created) await this.limits.accepted(address);
    if (created && message.status === 'visible') emitter.message(message);
    if (created && message.status === 'held') await this.announceQueue(channel);
    return message;
  }

  /** A page of history by seq: moderators see every status, others the visible messages and their own held or hidden ones. */
  async history(user: PublicUser | null, input: ChatHistoryInput): Promise<ChatPage> {
    if (input.beforeSeq !== undefined && input.afterSeq !== undefined) throw new ValidationError('Give beforeSeq or afterSeq, not both');
    if (!(await this.policies.readable(user, input.channel))) throw new NotFoundError('Channel');
    const moderator = await this.policies.isModerator(user, input.channel);
    return this.options.store.chat.page({
      channel: input.channel,
      beforeSeq: input.beforeSeq,
      afterSeq: input.afterSeq,
      limit: input.limit,
      viewer: { userId: user?.id ?? null, moderator },
    });
  }

  /** Files a viewer's report of a message; the moderators' queue is told when it is new. */
  async report(user: PublicUser | null, input: ChatReportInput): Promise<void> {
    if (!user) throw new UnauthenticatedError();
    const message = await this.options.store.chat.get(input.messageId);
    if (!message || message.channel !== input.channel || message.status === 'deleted') throw new NotFoundError('Message');
    const filed = await this.options.store.chat.report({
      channel: input.channel,
      messageId: message.id,
      reporterId: user.id,
      reason: input.reason,
      note: input.note,
    });
    if (filed) await this.announceQueue(input.channel);
  }

  /** What a viewer sees of a channel on joining: the newest history, the pinned messages, their standing. */
  async view(user: PublicUser | null, channel: ChatChannel): Promise<ChannelView> {
    const [page, pinned, standing] = await Promise.all([
      this.history(user, { channel, limit: CHAT_HISTORY_LIMIT }),
      this.options.store.chat.pinned(channel),
      this.standingOf(user, channel),
    ]);
    return { history: page.messages, pinned, standing };
  }

  /** A user's standing in a channel (all clear for an anonymous viewer). */
  async standingOf(user: PublicUser | null, channel: ChatChannel): Promise<ChatStanding> {
    const clear: ChatStanding = { channel, mutedUntil: null, banned: false, moderator: false, nextMessageAt: null };
    if (!user) return clear;
    const [moderator, stored, settings] = await Promise.all([
      this.policies.isModerator(user, channel),
      this.policies.standing(channel, user.id),
      this.policies.settings(channel),
    ]);
    const now = this.now().getTime();
    const mutedUntil = stored.mutedUntil && Date.parse(stored.mutedUntil) > now ? stored.mutedUntil : null;
    let nextMessageAt: string | null = null;
    if (!moderator && settings.slowModeSeconds > 0) {
      const last = await this.options.store.chat.lastMessageAt(channel, user.id);
      const next = last ? Date.parse(last) + settings.slowModeSeconds * 1000 : 0;
      if (next > now) nextMessageAt = new Date(next).toISOString();
    }
    return { channel, mutedUntil, banned: stored.banned, moderator, nextMessageAt };
  }

  /** Sends the channel's review queue (held messages and open reports) to its moderators. */
  async announceQueue(channel: ChatChannel): Promise<void> {
    const [held, reports] = await Promise.all([this.options.store.chat.held(channel, 100), this.options.store.chat.openReports(channel, 100)]);
    this.options.emitter.queue({ channel, held, reports });
  }

  /**
   * Drops what this node cached about a channel. The cluster layer calls it when another node
   * changed the channel's moderation.
   */
  invalidate(channel: ChatChannel): void {
    this.policies.invalidate(channel);
  }

  /** Runs `listener` after each moderation change made on this node (the cluster layer tells the other nodes). */
  onPolicyChange(listener: (channel: ChatChannel) => void): void {
    this.changeListeners.push(listener);
  }

  /** Called by moderation after it changed a channel: drops the cache here and tells the listeners. */
  policyChanged(channel: ChatChannel): void {
    this.policies.invalidate(channel);
    for (const listener of this.changeListeners) {
      try {
        listener(channel);
      } catch {
        // Telling other nodes is best effort: their caches expire within the TTL anyway.
      }
    }
  }

  // A reply must answer a visible message of the same channel.
  private async replyTarget(channel: ChatChannel, id: string): Promise<string> {
    const target = await this.options.store.chat.get(id);
    if (!target || target.channel !== channel || target.status !== 'visible') throw new NotFoundError('Message to reply to');
    return target.id;
  }

  private async mentions(text: string): Promise<string[]> {
    const names = mentionedUsernames(text);
    if (names.length === 0) return [];
    const users = await Promise.all(names.map((name) => this.options.store.users.byUsername(name)));
    return [...new Set(users.flatMap((u) => (u ? [u.id] : [])))];
  }
}
