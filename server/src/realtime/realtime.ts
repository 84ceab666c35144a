import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import {
  CHAT_HISTORY_LIMIT,
  ChatSendInput,
  ConnectTransportInput,
  EventRef,
  NotFoundError,
  PROTOCOL_VERSION,
  ProduceInput,
  RateLimitedError,
  type ClientToServerEvents,
  type ErrorInfo,
  type InterServerEvents,
  type LiveState,
  type ServerToClientEvents,
  type SocketData,
} from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import type { LiveService } from '../live/live-service';
import { handle, type AppSocket } from './handler';
import { RateLimiter } from './rate-limiter';

/** The room name of an event. */
const roomOf = (eventId: string) => `event:${eventId}`;
/** Room of the sockets of an event's hosts. */
const hostRoomOf = (eventId: string) => `hosts:${eventId}`;
/** Room of every socket of one signed-in user (uploads report their progress there). */
const userRoomOf = (userId: string) => `user:${userId}`;

const KNOWN_EVENTS = new Set<string>([
  'event:join',
  'event:leave',
  'chat:send',
  'sfu:capabilities',
  'sfu:create-send-transport',
  'sfu:connect-transport',
  'sfu:produce',
  'live:start',
  'live:end',
]);

/** Options of the realtime layer. */
export interface RealtimeOptions {
  store: Store;
  sessions: SessionManager;
  logger: Logger;
  /** Largest accepted socket.io message in bytes. Default 64 KiB (SDP-sized signalling fits). */
  maxMessageBytes?: number;
  /** Origins besides the server's own that may connect (e.g. a Vite dev server). Default none. */
  allowedOrigins?: string[];
}

/** True when a handshake's Origin is absent (not a browser), the server itself, or configured. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** socket.io on the HTTP server: rooms per event, chat, presence, SFU signalling for hosts. */
export class Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
  private live: LiveService | undefined;
  // Any event: 20/s with bursts of 40 per socket. Chat: 5 per 10 s per account and per address.
  private readonly eventLimiter = new RateLimiter(40, 20);
  private readonly chatByUser = new RateLimiter(5, 0.5);
  private readonly chatByAddress = new RateLimiter(20, 2);
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    server: http.Server,
    private readonly options: RealtimeOptions,
  ) {
    this.io = new Server(server, {
      maxHttpBufferSize: options.maxMessageBytes ?? 64 * 1024,
      serveClient: false,
      cors: { origin: false },
      // Browsers send the session cookie with a WebSocket handshake from any page on the same
      // site; only pages of this origin (or configured ones) may open a realtime connection.
      allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, options.allowedOrigins ?? [])),
    });
    this.io.use((socket, next) => {
      const auth = socket.handshake.auth as { protocolVersion?: unknown };
      if (auth?.protocolVersion !== PROTOCOL_VERSION) {
        const err = new Error('Protocol version mismatch: reload the page') as Error & { data: ErrorInfo };
        err.data = { code: 'PROTOCOL_MISMATCH', message: `Server speaks protocol ${PROTOCOL_VERSION}`, details: { serverVersion: PROTOCOL_VERSION } };
        next(err);
        return;
      }
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      options.sessions
        .user(token)
        .then((user) => {
          socket.data.user = user;
          socket.data.address = socket.handshake.address;
          next();
        })
        .catch((err: Error) => next(err));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Connects the live service (created after the realtime layer, which it reports through). */
  attach(live: LiveService): void {
    this.live = live;
  }

  private get liveService(): LiveService {
    if (!this.live) throw new Error('Realtime used before attach()');
    return this.live;
  }

  /** Sockets in an event's room now. */
  viewerCount(eventId: string): number {
    return this.io.sockets.adapter.rooms.get(roomOf(eventId))?.size ?? 0;
  }

  /** Pushes a live state to an event's room. */
  publishState(state: LiveState): void {
    this.io.to(roomOf(state.eventId)).emit('live:state', state);
  }

  /** Sends a notice to the hosts of an event currently connected. */
  notifyHosts(eventId: string, level: 'info' | 'warning' | 'error', message: string, error?: ErrorInfo): void {
    this.io.to(hostRoomOf(eventId)).emit('notice', error ? { level, message, error } : { level, message });
  }

  /** Sends an event to every socket of one signed-in user. */
  emitToUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(userRoomOf(userId)).emit(event, ...args);
  }

  // Presence changes are coalesced per event to one message a second, however busy the door.
  private schedulePresence(eventId: string): void {
    if (this.presenceTimers.has(eventId)) return;
    this.presenceTimers.set(
      eventId,
      setTimeout(() => {
        this.presenceTimers.delete(eventId);
        this.io.to(roomOf(eventId)).emit('presence:count', { eventId, count: this.viewerCount(eventId) });
      }, 1000),
    );
  }

  private onConnection(socket: AppSocket): void {
    const { store, logger } = this.options;
    const log = logger.child({ socket: socket.id, user: socket.data.user?.id });
    const on = <E extends keyof ClientToServerEvents, S extends Parameters<typeof handle>[2]>(
      event: E,
      schema: S,
      run: Parameters<typeof handle<E, S>>[5],
    ) => handle(socket, event, schema, this.eventLimiter, log, run);

    if (socket.data.user) void socket.join(userRoomOf(socket.data.user.id));

    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && KNOWN_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        (ack as (r: unknown) => void)({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `Unknown event ${String(event).slice(0, 64)}` } });
      }
    });

    on('event:join', EventRef, async ({ eventId }) => {
      const event = await store.events.get(eventId);
      if (!event) throw new NotFoundError('Event');
      authorize(socket.data.user, 'event:watch', event);
      await socket.join(roomOf(eventId));
      if (socket.data.user && (socket.data.user.role === 'admin' || event.hostIds.includes(socket.data.user.id))) {
        await socket.join(hostRoomOf(eventId));
      }
      this.schedulePresence(eventId);
      const history = await store.chat.recent(eventId, CHAT_HISTORY_LIMIT);
      return { live: this.liveService.stateOf(event), history, user: socket.data.user };
    });

    on('event:leave', EventRef, async ({ eventId }) => {
      await socket.leave(roomOf(eventId));
      await socket.leave(hostRoomOf(eventId));
      this.schedulePresence(eventId);
      return null;
    });

    on('chat:send', ChatSendInput, async ({ eventId, text }) => {
      const user = socket.data.user;
      authorize(user, 'chat:send');
      if (!socket.rooms.has(roomOf(eventId))) throw new NotFoundError('Joined event');
      const wait = Math.max(this.chatByUser.take(user!.id), this.chatByAddress.take(socket.data.address));
      if (wait > 0) throw new RateLimitedError(wait);
      // Stored first, acknowledged and broadcast after: an acked message is never lost.
      const message = await store.chat.add({ eventId, userId: user!.id, displayName: user!.displayName, text });
      this.io.to(roomOf(eventId)).emit('chat:message', message);
      return message;
    });

    on('sfu:capabilities', EventRef, async ({ eventId }) => {
      const room = await this.liveService.publisherRoom(eventId, socket.data.user);
      return { routerRtpCapabilities: room.router.rtpCapabilities };
    });

    on('sfu:create-send-transport', EventRef, async ({ eventId }) => {
      const room = await this.liveService.publisherRoom(eventId, socket.data.user);
      return room.createSendTransport(socket.id);
    });

    on('sfu:connect-transport', ConnectTransportInput, async ({ eventId, transportId, dtlsParameters }) => {
      const room = await this.liveService.publisherRoom(eventId, socket.data.user);
      await room.connectTransport(socket.id, transportId, dtlsParameters);
      return null;
    });

    on('sfu:produce', ProduceInput, async ({ eventId, transportId, kind, rtpParameters }) => {
      const room = await this.liveService.publisherRoom(eventId, socket.data.user);
      const producer = await room.produce(socket.id, transportId, kind, rtpParameters);
      return { producerId: producer.id };
    });

    on('live:start', EventRef, async ({ eventId }) => this.liveService.start(eventId, socket.data.user, socket.id));
    on('live:end', EventRef, async ({ eventId }) => this.liveService.endBy(eventId, socket.data.user));

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith('event:')) this.schedulePresence(room.slice('event:'.length));
    });
    socket.on('disconnect', () => this.live?.peerGone(socket.id));
  }

  /** Disconnects every client and stops timers. Idempotent. */
  async close(): Promise<void> {
    for (const t of this.presenceTimers.values()) clearTimeout(t);
    this.presenceTimers.clear();
    await new Promise<void>((resolve) => {
      this.io.close(() => resolve());
    });
  }
}
