import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChatChannel } from '@yunzhan/shared';
import type { Feed } from '../lib/feed';
import type { YunzhanSocket } from '../realtime/socket';
import { LiveFeeds, type LiveFeedItems } from './live-feeds';

/** How long the socket stays open after its last user lets go, in ms: a page change keeps it. */
const LINGER_MS = 1_000;

/** Opens the tab's socket (socket.io-client loads lazily, so it stays out of the lobby's JS). */
export type SocketFactory = () => YunzhanSocket | Promise<YunzhanSocket>;

const defaultFactory: SocketFactory = async () => (await import('../realtime/socket')).connectSocket();

/**
 * The tab's one socket.io connection, shared by every feature. Opened on the first `acquire`,
 * closed a moment after the last `release`, opened again by the next `acquire`. Its pushes go
 * through one registry (socket-pushes.ts) into the query cache and the live feeds.
 */
export class SocketHub {
  /** The streams of pushes that are drawn rather than kept (danmaku, reaction bursts). */
  readonly feeds = new LiveFeeds();
  private users = 0;
  private socket: Promise<YunzhanSocket> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly factory: SocketFactory,
    private readonly queryClient: QueryClient,
  ) {}

  /** Takes a share of the socket (connecting it when needed); pair with `release`. */
  acquire(): Promise<YunzhanSocket> {
    this.users += 1;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    if (!this.socket) {
      this.socket = Promise.all([this.factory(), import('./socket-pushes')]).then(([socket, pushes]) => {
        pushes.listenForPushes(socket, this.queryClient, this.feeds);
        return socket;
      });
      this.socket.catch(() => (this.socket = null));
    } else {
      void this.socket.then((socket) => {
        // Closed after an earlier last release: open it again.
        if (this.users > 0 && socket.disconnected && !socket.active) socket.connect();
      });
    }
    return this.socket;
  }

  /** Gives a share back; the connection closes when nobody has used it for LINGER_MS. */
  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.socket) return;
    const socket = this.socket;
    this.closeTimer = setTimeout(() => {
      this.closeTimer = null;
      if (this.users === 0) void socket.then((s) => s.disconnect());
    }, LINGER_MS);
  }
}

const SocketContext = createContext<SocketHub | null>(null);

/**
 * Gives every feature the tab's one socket (mount once, inside the QueryClientProvider). Every
 * realtime push is written into the query cache (or a live feed) by the push registry,
 * socket-pushes.ts; feature hooks join and leave rooms and read the cache.
 */
export function SocketProvider({ children, factory = defaultFactory }: { children: ReactNode; factory?: SocketFactory }) {
  const queryClient = useQueryClient();
  const hub = useMemo(() => new SocketHub(factory, queryClient), [factory, queryClient]);
  return <SocketContext.Provider value={hub}>{children}</SocketContext.Provider>;
}

function useHub(): SocketHub {
  const hub = useContext(SocketContext);
  if (!hub) throw new Error('useSocket must be used inside <SocketProvider>');
  return hub;
}

/** The live feed of `kind` in `channel`, which the push registry publishes to (the same object on every render). */
export function useLiveFeed<K extends keyof LiveFeedItems>(kind: K, channel: ChatChannel): Feed<LiveFeedItems[K]> {
  return useHub().feeds.of(kind, channel);
}

/**
 * The tab's socket while the calling component is mounted (null until it is open, or when
 * `enabled` is false). Listeners the caller adds must be removed with `off` on cleanup: the
 * socket is shared, so never `removeAllListeners` or `disconnect` it.
 */
export function useSocket(enabled = true): YunzhanSocket | null {
  const hub = useHub();
  const [socket, setSocket] = useState<YunzhanSocket | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    hub.acquire().then(
      (s) => current && setSocket(s),
      (error: unknown) => console.error('could not open the socket', error),
    );
    return () => {
      current = false;
      setSocket(null);
      hub.release();
    };
  }, [hub, enabled]);
  return socket;
}
