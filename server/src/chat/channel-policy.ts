import { NotFoundError, parseChannel, type ChannelSettings, type ChatBadge, type ChatChannel, type PublicUser } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { StoredStanding } from './moderation-store';
import type { Store } from '../db/store';

/** What a channel belongs to, as far as chat needs to know. */
export interface ChannelOwner {
  channel: ChatChannel;
  /** The event's hosts (`event:`) or the exhibition's owner (`hall:`): moderators by right. */
  ownerIds: readonly string[];
  /** Whether the hall is published (events are open to anyone). */
  isPublic: boolean;
}

/** Options of the policy cache. */
export interface ChannelPoliciesOptions {
  /**
   * How long settings, bans and mutes read from the database are trusted, in milliseconds.
   * Default 1000. A change made on this node drops them at once (`invalidate`); one made on
   * another node does when that node's invalidation arrives, and at the latest after this long.
   */
  ttlMs?: number;
}

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

/**
 * Settings, standings and owners of channels, read from the database (the truth every node
 * shares) and kept for a moment: a busy room does not re-read the same rows per message.
 */
export class ChannelPolicies {
  private readonly ttlMs: number;
  private readonly settingsCache = new Map<ChatChannel, Cached<ChannelSettings>>();
  private readonly standingCache = new Map<ChatChannel, Map<string, Cached<StoredStanding>>>();
  private readonly ownerCache = new Map<ChatChannel, Cached<ChannelOwner | null>>();

  constructor(
    private readonly store: Store,
    options: ChannelPoliciesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 1000;
  }

  /** The channel's moderation settings. */
  settings(channel: ChatChannel): Promise<ChannelSettings> {
    return this.cached(this.settingsCache, channel, () => this.store.moderation.settings(channel));
  }

  /** A user's stored mute and ban in a channel. */
  standing(channel: ChatChannel, userId: string): Promise<StoredStanding> {
    let perUser = this.standingCache.get(channel);
    if (!perUser) this.standingCache.set(channel, (perUser = new Map()));
    return this.cached(perUser, userId, () => this.store.moderation.standing(channel, userId));
  }

  /** The event or exhibition behind a channel; NOT_FOUND when it does not exist. */
  async owner(channel: ChatChannel): Promise<ChannelOwner> {
    const owner = await this.cached(this.ownerCache, channel, () => this.loadOwner(channel));
    if (!owner) {
      this.ownerCache.delete(channel);
      throw new NotFoundError('Channel');
    }
    return owner;
  }

  /** Whether `user` may read the channel (anyone for events; published halls, their owner, admins). */
  async readable(user: PublicUser | null, channel: ChatChannel): Promise<boolean> {
    const owner = await this.owner(channel);
    if (parseChannel(channel).kind === 'event') return true;
    return can(user, 'hall:enter', { ownerId: owner.ownerIds[0], isPublic: owner.isPublic });
  }

  /**
   * Whether `user` owns the channel by right: an admin, a host of the event (an account that still
   * has the host role, as for publishing: a demoted host moderates nothing), the exhibition's owner.
   */
  async isOwner(user: PublicUser | null, channel: ChatChannel): Promise<boolean> {
    if (!user) return false;
    if (user.role === 'admin') return true;
    if (parseChannel(channel).kind === 'event' && user.role !== 'host') return false;
    return (await this.owner(channel)).ownerIds.includes(user.id);
  }

  /** Whether `user` moderates the channel: an owner by right or a named moderator. */
  async isModerator(user: PublicUser | null, channel: ChatChannel): Promise<boolean> {
    if (!user) return false;
    if (await this.isOwner(user, channel)) return true;
    return (await this.settings(channel)).moderatorIds.includes(user.id);
  }

  /**
   * The badge `user`'s messages carry in the channel: an admin; a host of the event (still holding
   * the host role); a named moderator, a curator; the owner of a hall otherwise a moderator. Null
   * for anyone else. Read from the same cached rows as `isModerator`: no extra query per message.
   */
  async badge(user: PublicUser, channel: ChatChannel): Promise<ChatBadge | null> {
    if (user.role === 'admin') return 'admin';
    const [owner, settings] = await Promise.all([this.owner(channel), this.settings(channel)]);
    const owns = owner.ownerIds.includes(user.id);
    const event = parseChannel(channel).kind === 'event';
    if (event && owns && user.role === 'host') return 'host';
    if (settings.moderatorIds.includes(user.id)) return 'moderator';
    if (user.role === 'curator') return 'curator';
    return !event && owns ? 'moderator' : null;
  }

  /** Forgets everything cached about a channel (after a moderation action here or on another node). */
  invalidate(channel: ChatChannel): void {
    this.settingsCache.delete(channel);
    this.standingCache.delete(channel);
    this.ownerCache.delete(channel);
  }

  private cached<K, T>(map: Map<K, Cached<T>>, key: K, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    // A failed read is not remembered.
    value.catch(() => map.get(key)?.value === value && map.delete(key));
    map.set(key, { value, at: now });
    // Keep the maps small: a stale entry is dropped when the map grows past a few thousand keys.
    if (map.size > 5000) for (const [k, v] of map) if (now - v.at >= this.ttlMs) map.delete(k);
    return value;
  }

  private async loadOwner(channel: ChatChannel): Promise<ChannelOwner | null> {
    const { kind, id } = parseChannel(channel);
    if (kind === 'event') {
      const event = await this.store.events.get(id);
      return event ? { channel, ownerIds: event.hostIds, isPublic: true } : null;
    }
    const exhibition = await this.store.exhibitions.get(id);
    return exhibition ? { channel, ownerIds: [exhibition.ownerId], isPublic: exhibition.published !== null } : null;
  }
}
