import type { ChatChannel, ReactionBurst } from '@yunzhan/shared';
import type { LiveMessage } from '../chat/chat-cache';
import { Feed } from '../lib/feed';

// Pushes that stream past the UI without being kept (the query cache keeps what mirrors the
// server): new chat messages for the danmaku layer, reaction bursts for the floating emoji. The
// push registry publishes them; components subscribe and draw them imperatively.

/** What each kind of live feed carries. */
export interface LiveFeedItems {
  /** A chat message as it arrives (or is acked), for the danmaku layer. */
  chat: LiveMessage;
  /** A reaction burst, for the floating emoji layer. */
  reactions: ReactionBurst;
}

/** The tab's live feeds, one per kind and channel (owned by the socket provider). */
export class LiveFeeds {
  private readonly feeds = new Map<string, Feed<unknown>>();

  /** The feed of `kind` in `channel` (the same object every time). */
  of<K extends keyof LiveFeedItems>(kind: K, channel: ChatChannel): Feed<LiveFeedItems[K]> {
    const name = `${kind} ${channel}`;
    let feed = this.feeds.get(name);
    if (!feed) this.feeds.set(name, (feed = new Feed<unknown>()));
    return feed as Feed<LiveFeedItems[K]>;
  }
}
