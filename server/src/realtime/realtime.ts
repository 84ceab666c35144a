import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import {
  NotFoundError,
  PROTOCOL_VERSION,
  awardRoom,
  eventChannel,
  hallRoom,
  type AwardReveal,
  type AwardTally,
  type ChatChannel,
  type ClientToServerEvents,
  type ErrorInfo,
  type InterServerEvents,
  type LiveState,
  type PollState,
  type ServerToClientEvents,
  type SocketData,
} from '@yunzhan/shared';
import { SESSION_COOKIE, readCookie, type SessionEnd, type SessionManager } from '../auth/sessions';
import { browserIdOf, newBrowserCookie } from '../http/browser-id';
import { toErrorInfo } from '../http/errors';
import { clientAddress, type TrustProxy } from '../http/client-address';
import { isAllowedOrigin } from '../http/origin';
import { ChatService } from '../chat/chat-service';
import { ModerationService } from '../chat/moderation-service';
import type { Store } from '../db/store';
import { PollService } from '../interaction/polls';
import { registerInteractionHandlers } from '../interaction/interaction-handlers';
import { registerCaptionHandlers } from '../captions/caption-handlers';
import { ReactionService } from '../interaction/reactions';
import type { LiveService } from '../live/live-service';
import { attachCluster, type Cluster } from './cluster';
import { registerAwardHandlers, type AwardFollowSource } from './award-handlers';
import { socketChatEmitter } from './chat-broadcast';
import { registerChatHandlers } from './chat-handlers';
import { registerEventHandlers } from './event-handlers';
import { Fanout } from './fanout';
import { handle, handledEvents, type AppSocket } from './handler';
import type { HandlerContext, On } from './handler-context';
import { registerHallHandlers } from './hall-handlers';
import type { RateLimiter } from '../limits/rate-limiter';
import { RateLimits } from '../limits/rate-limits';
import { Presence } from './presence';
import { PERSONAL_ROOM_PREFIXES, eventRoom, hostRoom, sessionRoom, userRoom } from './rooms';
import { registerSfuHandlers } from './sfu-handlers';

/** How long hall presence changes are gathered before one `hall:presence` goes out, in ms. */
const HALL_PRESENCE_DELAY_MS = 300;
/** How long a dropped connection may come back with its rooms and missed messages, in ms (2 minutes). */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** Options of the realtime layer. */
export interface RealtimeOptions {
  store: Store;
  sessions: SessionManager;
  logger: Logger;
  /** Largest accepted socket.io message in bytes. Default 64 KiB (SDP-sized signalling fits). */
  maxMessageBytes?: number;
  /** Origins besides the server's own that may connect (e.g. a Vite dev server). Default none. */
  allowedOrigins?: string[];
  /** Length of a fan-out tick (chat batches, reaction bursts), in ms. Default 150. */
  fanoutTickMs?: number;
  /** Redis joining this server to the others (socket.io adapter, invalidation, presence). Default none: one node. */
  redisUrl?: string;
  /** Prefix of the realtime layer's Redis keys. Default `yunzhan`. */
  redisKeyPrefix?: string;
  /** Chat messages per account and per address (burst, per second). Defaults: the chat service's. */
  chatUserRate?: { burst: number; perSecond: number };
  chatAddressRate?: { burst: number; perSecond: number };
  /** How long channel policies read from the database are trusted, in ms. Default: the chat service's (1000). */
  chatPolicyCacheMs?: number;
  /** Where chat and reaction limits count (shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
  /** How often presence counts are exchanged and sent, in ms. Default 2000. */
  presenceTickMs?: number;
  /** Proxies whose X-Forwarded-For names the client (TRUST_PROXY). Default none. */
  trustProxy?: TrustProxy;
  /** Anonymous connections per client address on this node (`ANON_SOCKETS_PER_ADDRESS`). Default 64. */
  anonSocketsPerAddress?: number;
  /** Mark the browser cookie Secure (COOKIE_SECURE). Default false. */
  cookieSecure?: boolean;
}


/** Open polls and recently closed ones of a channel (provided by the interaction service). */
export type PollSource = (channel: ChatChannel) => Promise<PollState[]>;

/**
 * socket.io on the HTTP server: the handshake (protocol version, session), rooms per event and
 * hall, presence, and the handlers of each domain (events, SFU signalling, halls, chat).
 */
export class Realtime {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
  /** Per-tick coalescer of room traffic (chat batches, reaction bursts, poll states). */
  readonly fanout: Fanout;
  /** Chat of every channel. */
  readonly chat: ChatService;
  /** Moderation of every channel. */
  readonly moderation: ModerationService;
  /** The other server nodes (a cluster of one without Redis). */
  readonly cluster: Cluster;
  /** People per channel, cluster-wide: rooms and the lobby read the same counts. */
  readonly presence: Presence;
  /** Live polls and emoji reactions. */
  readonly interaction: { polls: PollService; reactions: ReactionService };
  private live: LiveService | undefined;
  private polls: PollSource | undefined;
  private awards: AwardFollowSource | undefined;
  // Any event: 40 per 2 s per socket, counted on its node (chat has its own limits per account and address).
  private readonly eventLimiter: RateLimiter;
  private readonly hallTimers = new Map<string, NodeJS.Timeout>();
  /** Anonymous connections (and handshakes under way) per client address, this node. */
  private readonly anonymous = new Map<string, number>();
  /** Distinct viewers per room, recounted only after the room changed. */
  private readonly viewerCounts = new Map<string, number>();

  constructor(
    server: http.Server,
    private readonly options: RealtimeOptions,
  ) {
    this.io = new Server(server, {
      maxHttpBufferSize: options.maxMessageBytes ?? 64 * 1024,
      serveClient: false,
      cors: { origin: false },
      // A viewer whose connection drops for a moment gets its rooms back and the room broadcasts
      // it missed; the middlewares still run, so the session is checked again. Longer gaps are
      // covered by the client's `chat:history` catch-up (afterSeq).
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
      // Browsers send the session cookie with a WebSocket handshake from any page on the same
      // site; only pages of this origin (or configured ones) may open a realtime connection.
      allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, options.allowedOrigins ?? [])),
    });
    // A client without a browser id gets one for its next connection (the page normally set it).
    this.io.engine.on('initial_headers', (headers: Record<string, string | string[]>, req: http.IncomingMessage) => {
      if (!browserIdOf(req)) headers['set-cookie'] = newBrowserCookie(options.cookieSecure ?? false);
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
      // A recovered socket comes back with its old data and rooms; who it is now is decided here.
      const previous = socket.recovered ? { userId: socket.data.user?.id ?? null, sessionId: socket.data.sessionId ?? null } : undefined;
      options.sessions
        .user(token)
        .then((user) => {
          const sessionId = user ? options.sessions.sessionId(token) : null;
          const address = clientAddress(socket.request, options.trustProxy ?? (() => false));
          if (!user && !this.reserveAnonymous(socket, address)) {
            const err = new Error('Too many connections from this address') as Error & { data: ErrorInfo };
            err.data = { code: 'TOO_MANY_CONNECTIONS', message: 'Too many anonymous connections from this address: close some tabs or sign in' };
            next(err);
            return;
          }
          if (previous && (previous.userId !== (user?.id ?? null) || previous.sessionId !== sessionId)) {
            for (const room of socket.rooms) if (PERSONAL_ROOM_PREFIXES.some((p) => room.startsWith(p))) void socket.leave(room);
          }
          const browser = browserIdOf(socket.request);
          socket.data.user = user;
          socket.data.sessionId = sessionId;
          socket.data.address = address;
          socket.data.viewerKey = user ? `user:${user.id}` : browser ? `browser:${browser}` : `address:${address}`;
          next();
        })
        .catch((err: unknown) => {
          // The client gets the wire error (DATABASE_UNAVAILABLE when the session could not be looked up), never internals.
          const info = toErrorInfo(err);
          if (info.code === 'INTERNAL') options.logger.error({ err }, 'socket handshake failed');
          next(Object.assign(new Error(info.message), { data: info }));
        });
    });
    // Before any connection: with Redis the adapter is replaced by the cluster's.
    this.cluster = attachCluster(this.io, { redisUrl: options.redisUrl, keyPrefix: options.redisKeyPrefix, logger: options.logger.child({ component: 'cluster' }) });
    const rooms = () => this.io.of('/').adapter.rooms;
    // Presence counts viewers, not sockets: a browser's tabs (or a script's sockets from one
    // address without cookies) count once. Recounted only after someone joined or left the room.
    const adapter = this.io.of('/').adapter;
    adapter.on('join-room', (room: string) => this.viewerCounts.delete(room));
    adapter.on('leave-room', (room: string) => this.viewerCounts.delete(room));
    adapter.on('delete-room', (room: string) => this.viewerCounts.delete(room));
    this.presence = new Presence({
      local: {
        size: (room) => this.viewersIn(room),
        rooms: () => rooms().keys(),
        // Each node tells its own sockets: a cluster-wide emit from every node would repeat it.
        emitLocal: (room, payload) => this.io.local.to(room).emit('presence:count', payload),
      },
      store: this.cluster.presenceStore,
      tickMs: options.presenceTickMs,
      onError: (err) => options.logger.warn({ err }, 'presence exchange failed; counting this node only'),
    });
    this.fanout = new Fanout({
      tickMs: options.fanoutTickMs,
      emit: (room, packet) => (this.io.to(room).emit as (event: string, payload: unknown) => boolean)(packet.event, packet.payload),
      onDrop: (channel, dropped) => options.logger.warn({ channel, dropped }, 'chat fan-out buffer full: oldest messages dropped'),
    });
    const emitter = socketChatEmitter(this.io, this.fanout);
    const limits = options.limits ?? RateLimits.memory();
    this.eventLimiter = limits.limiter('socket-events', { burst: 40, perSecond: 20 }, { local: true });
    this.chat = new ChatService({ store: options.store, emitter, perUser: options.chatUserRate, perAddress: options.chatAddressRate, policyCacheMs: options.chatPolicyCacheMs, limits });
    this.moderation = new ModerationService(options.store, this.chat, emitter);
    // A moderation change made here reaches the other nodes' caches, and theirs reach ours.
    this.chat.onPolicyChange((channel) => this.cluster.invalidate(channel));
    this.cluster.onInvalidate((channel) => this.chat.invalidate(channel));
    this.interaction = {
      polls: new PollService({ store: options.store, mayModerate: (user, channel) => this.chat.policies.isModerator(user, channel), publish: (state) => this.fanout.poll(state) }),
      reactions: new ReactionService({ publish: (channel, reaction) => this.fanout.reaction(channel, reaction), limits }),
    };
    this.attachPolls((channel) => this.interaction.polls.forChannel(channel));
    this.io.on('connection', (socket) => this.onConnection(socket));
    options.sessions.onEnd((end) => this.endSessions(end));
  }

  /**
   * Cuts the connections of an ended session (sign-out) or of an account whose password or role
   * changed, on every node (the cluster adapter carries both calls): each is told why, then
   * disconnected; the client reconnects and is authorised by its current cookie.
   */
  endSessions(end: SessionEnd): void {
    const room = end.sessionId !== undefined ? sessionRoom(end.sessionId) : userRoom(end.userId);
    this.io.to(room).emit('session:ended', { reason: end.reason });
    // A disconnect packet, not a dropped transport: the connection is not recoverable, so the
    // client's next handshake starts afresh with its current cookie.
    this.io.in(room).disconnectSockets();
  }

  /** Distinct viewers (accounts, browsers, cookie-less addresses) of a room on this node. */
  private viewersIn(room: string): number {
    const cached = this.viewerCounts.get(room);
    if (cached !== undefined) return cached;
    const ids = this.io.of('/').adapter.rooms.get(room);
    if (!ids) return 0;
    const sockets = this.io.of('/').sockets;
    const keys = new Set<string>();
    for (const id of ids) keys.add(sockets.get(id)?.data.viewerKey ?? id);
    this.viewerCounts.set(room, keys.size);
    return keys.size;
  }

  /**
   * Holds one of an address's anonymous connection places for this handshake (false when none is
   * left); given back when the connection closes, whether or not it got as far as connecting.
   */
  private reserveAnonymous(socket: AppSocket, address: string): boolean {
    const held = this.anonymous.get(address) ?? 0;
    if (held >= (this.options.anonSocketsPerAddress ?? 64)) return false;
    this.anonymous.set(address, held + 1);
    socket.conn.once('close', () => {
      const left = (this.anonymous.get(address) ?? 1) - 1;
      if (left <= 0) this.anonymous.delete(address);
      else this.anonymous.set(address, left);
    });
    return true;
  }

  /** Connects the live service (created after the realtime layer, which it reports through). */
  attach(live: LiveService): void {
    this.live = live;
  }

  /** Connects the source of the polls a joining viewer receives. */
  attachPolls(source: PollSource): void {
    this.polls = source;
  }

  /** Connects the awards module, which answers `award:join`. */
  attachAwards(source: AwardFollowSource): void {
    this.awards = source;
  }

  /** The awards module; `award:join` is NOT_FOUND until one is attached. */
  get awardSource(): AwardFollowSource {
    return this.awards ?? { currentReveal: async () => Promise.reject(new NotFoundError('Award programme')) };
  }

  /** Sends a ceremony reveal to the programme's room and, when it has one, the ceremony event's room. */
  emitAwardReveal(reveal: AwardReveal): void {
    const rooms = [awardRoom(reveal.programmeId), ...(reveal.eventId ? [eventRoom(reveal.eventId)] : [])];
    this.io.to(rooms).emit('award:reveal', reveal);
  }

  /** Sends a category's live vote counts to the programme's room. */
  emitAwardTally(tally: AwardTally): void {
    this.io.to(awardRoom(tally.programmeId)).emit('award:tally', tally);
  }

  /** The live service; throws before `attach()`. */
  get liveService(): LiveService {
    if (!this.live) throw new Error('Realtime used before attach()');
    return this.live;
  }

  /** Open and recently closed polls of a channel (none until a poll source is attached). */
  async pollsOf(channel: ChatChannel): Promise<PollState[]> {
    return this.polls ? this.polls(channel) : [];
  }

  /** People in an event's room, on every node (the lobby's viewerCount). */
  viewerCount(eventId: string): number {
    return this.presence.count(eventRoom(eventId)).count;
  }

  /** Pushes a live state to an event's room. */
  publishState(state: LiveState): void {
    this.io.to(eventRoom(state.eventId)).emit('live:state', state);
  }

  /** Sends a notice to the hosts of an event currently connected. */
  notifyHosts(eventId: string, level: 'info' | 'warning' | 'error', message: string, error?: ErrorInfo): void {
    this.io.to(hostRoom(eventId)).emit('notice', error ? { level, message, error } : { level, message });
  }

  /** Sends an event to every socket of one signed-in user. */
  emitToUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io.to(userRoom(userId)).emit(event, ...args);
  }

  /** Notes that someone entered or left a channel's room; its count goes out within a presence tick (2 s). */
  presenceChanged(channel: ChatChannel): void {
    // Coalesced per room to one `presence:count` per tick, however busy the door.
    this.presence.changed(channel);
  }

  /** Visitors in an exhibition's hall, on every node. */
  hallCount(exhibitionId: string): number {
    return this.presence.count(hallRoom(exhibitionId)).count;
  }

  /** Notes that someone entered or left a hall; one `hall:presence` goes out after a short delay. */
  hallPresenceChanged(exhibitionId: string): void {
    // Gathered for a moment: a crowd arriving sends one count, not one each.
    if (this.hallTimers.has(exhibitionId)) return;
    this.hallTimers.set(
      exhibitionId,
      setTimeout(() => {
        this.hallTimers.delete(exhibitionId);
        this.io.to(hallRoom(exhibitionId)).emit('hall:presence', { exhibitionId, count: this.hallCount(exhibitionId) });
      }, HALL_PRESENCE_DELAY_MS),
    );
  }

  private onConnection(socket: AppSocket): void {
    const logger = this.options.logger.child({ socket: socket.id, user: socket.data.user?.id });
    const on: On = (event, schema, run) => handle(socket, event, schema, this.eventLimiter, logger, run);
    if (socket.data.user) void socket.join(userRoom(socket.data.user.id));
    if (socket.data.sessionId) void socket.join(sessionRoom(socket.data.sessionId));

    const context: HandlerContext = { socket, on, store: this.options.store, realtime: this, logger };
    registerEventHandlers(context);
    registerSfuHandlers(context);
    registerHallHandlers(context);
    registerAwardHandlers(context);
    registerChatHandlers(context);
    registerCaptionHandlers(context);
    registerInteractionHandlers(socket, { ...this.interaction, limiter: this.eventLimiter, logger });

    // Registered after the handlers: an event nobody listens to gets an UNKNOWN_EVENT ack.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      // Not the listener count: socket.io itself listens to a few names (a no-op 'error').
      if (typeof event === 'string' && handledEvents(socket).has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') {
        try {
          (ack as (r: unknown) => void)({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `Unknown event ${String(event).slice(0, 64)}` } });
        } catch {
          // the client went away
        }
      }
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (room.startsWith(eventChannel(''))) this.presenceChanged(room);
        // The count goes out after the delay, when this socket has left the room.
        if (room.startsWith(hallRoom(''))) this.hallPresenceChanged(room.slice(hallRoom('').length));
      }
    });
    socket.on('disconnect', () => this.live?.peerGone(socket.id));
  }

  /** Sends what the fan-out holds, disconnects every client and stops timers. Idempotent. */
  async close(): Promise<void> {
    this.fanout.close();
    for (const t of this.hallTimers.values()) clearTimeout(t);
    this.hallTimers.clear();
    await this.presence.close();
    await new Promise<void>((resolve) => {
      this.io.close(() => resolve());
    });
    await this.cluster.close();
  }
}
