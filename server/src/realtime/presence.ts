import { EXACT_PRESENCE_LIMIT, type ChatChannel, type PresenceCount } from '@yunzhan/shared';

// Presence of every event and hall room, for the rooms themselves (`presence:count`) and for the
// lobby (GET /api/events viewerCount), from one source. A node counts its own sockets (the
// adapter's room sizes: no Redis round trip, no per-join broadcast); with a cluster each node
// publishes its counts each tick with a TTL and sums everyone else's latest.

/** Rooms whose sockets count as presence: the chat channels (`event:<id>`, `hall:<id>`). */
const CHANNEL_ROOM = /^(event|hall):/;

/** Where nodes share their counts (Redis in a cluster). */
export interface PresenceStore {
  /** Publishes this node's counts (replacing its previous ones) and returns the other nodes' sums. */
  exchange(local: ReadonlyMap<string, number>): Promise<Map<string, number>>;
  /** Withdraws this node's counts. */
  close(): Promise<void>;
}

/** What presence needs from socket.io (this node only). */
export interface LocalRooms {
  /** Sockets of this node in a room. */
  size(room: string): number;
  /** Every room of this node. */
  rooms(): Iterable<string>;
  /** Sends to this node's sockets of a room only (each node tells its own viewers). */
  emitLocal(room: string, payload: PresenceCount): void;
}

/** Options of presence counting. */
export interface PresenceOptions {
  local: LocalRooms;
  /** Cross-node exchange; none for a single node. */
  store?: PresenceStore | null;
  /** How often counts are exchanged and changed ones sent, in milliseconds. Default 2000. */
  tickMs?: number;
  /** Rooms above this size are reported as approximate. Default EXACT_PRESENCE_LIMIT. */
  exactLimit?: number;
  /** Called when an exchange fails (Redis away): counts fall back to this node's. */
  onError?: (err: unknown) => void;
}

/**
 * Counts people per channel. `count()` answers synchronously (the lobby calls it per event per
 * request): this node's live room size plus the other nodes' counts from the last exchange.
 * `presence:count` goes to a room at most once per tick, and only when its count changed.
 */
export class Presence {
  private readonly tickMs: number;
  private readonly exactLimit: number;
  private remote = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: PresenceOptions) {
    this.tickMs = options.tickMs ?? 2000;
    this.exactLimit = options.exactLimit ?? EXACT_PRESENCE_LIMIT;
    // A cluster exchanges every tick (keeping its TTL fresh and hearing other nodes' joins);
    // a single node ticks only after a join or leave.
    if (options.store) this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  /** People in a channel now: exact below the limit, marked approximate above. */
  count(channel: ChatChannel): PresenceCount {
    const count = this.options.local.size(channel) + (this.remote.get(channel) ?? 0);
    return { channel, count, approximate: count > this.exactLimit };
  }

  /** Notes that someone joined or left a channel; its count goes out by the next tick. */
  changed(channel: ChatChannel): void {
    if (this.closed) return;
    this.dirty.add(channel);
    if (!this.options.store && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.tick();
      }, this.tickMs);
    }
  }

  /** Exchanges counts now and sends the changed ones (the timer calls this; tests may too). */
  tick(): Promise<void> {
    // One exchange at a time: a slow Redis must not pile up overlapping ticks.
    this.running ??= this.runTick().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops ticking and withdraws this node's counts. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.timer);
    await this.running;
    // Best effort: if Redis is away the counts expire by their TTL anyway.
    await this.options.store?.close().catch((err: unknown) => this.options.onError?.(err));
  }

  private async runTick(): Promise<void> {
    const { local, store, onError } = this.options;
    const counts = new Map<string, number>();
    for (const room of local.rooms()) if (CHANNEL_ROOM.test(room)) counts.set(room, local.size(room));
    if (store) {
      try {
        this.remote = await store.exchange(counts);
      } catch (err) {
        onError?.(err);
      }
    }
    if (this.closed) return;
    const candidates = new Set([...this.dirty, ...this.sent.keys(), ...this.remote.keys(), ...counts.keys()]);
    this.dirty.clear();
    for (const channel of candidates) {
      const now = this.count(channel);
      if (this.sent.get(channel) === now.count) continue;
      if (now.count === 0) this.sent.delete(channel);
      else this.sent.set(channel, now.count);
      if (local.size(channel) > 0) local.emitLocal(channel, now);
    }
  }
}
