import type { ChatChannel, ChatMessage, PollState, Reaction, ReactionBurst } from '@yunzhan/shared';

// Outgoing room traffic is gathered per tick and sent as one packet per room and kind: a room of
// 5,000 viewers costs one encode and 5,000 socket writes per tick, not per chat line or reaction.

/** One coalesced broadcast to a room. */
export type FanoutPacket =
  | { event: 'chat:batch'; payload: { channel: ChatChannel; messages: ChatMessage[] } }
  | { event: 'reaction:burst'; payload: ReactionBurst }
  | { event: 'poll:state'; payload: PollState };

/** Sends one packet to every socket of a room (cluster-wide), e.g. `io.to(room).emit(...)`. */
export type FanoutEmit = (room: string, packet: FanoutPacket) => void;

/** Options of the fan-out coalescer. */
export interface FanoutOptions {
  emit: FanoutEmit;
  /** Length of a tick in milliseconds. Default 150. */
  tickMs?: number;
  /** Most chat messages a room may hold for one tick; older ones are dropped first. Default 500. */
  maxMessagesPerTick?: number;
  /** Called when messages are dropped from a full room buffer (for logs and metrics). */
  onDrop?: (channel: ChatChannel, dropped: number) => void;
}

/** Counters since the coalescer started. */
export interface FanoutMetrics {
  /** Packets sent (chat batches, reaction bursts and poll states together). */
  packets: number;
  /** Chat messages sent inside batches. */
  messages: number;
  /** Chat messages dropped because a room's buffer was full. */
  dropped: number;
  /** Ticks that flushed something. */
  ticks: number;
}

interface RoomBuffer {
  messages: ChatMessage[];
  reactions: Map<Reaction, number>;
  polls: Map<string, PollState>;
}

/** Default tick, in milliseconds. */
export const DEFAULT_FANOUT_TICK_MS = 150;

/**
 * Per-room, per-kind buffers flushed once per tick: chat messages go out as one `chat:batch`,
 * reactions as summed counts in one `reaction:burst`, each changed poll as its latest
 * `poll:state`. One timer for all rooms, armed only while something waits. `close()` flushes.
 */
export class Fanout {
  /** Counters since start. */
  readonly metrics: FanoutMetrics = { packets: 0, messages: 0, dropped: 0, ticks: 0 };
  /** Length of a tick in milliseconds. */
  readonly tickMs: number;
  private readonly maxMessages: number;
  private readonly rooms = new Map<ChatChannel, RoomBuffer>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: FanoutOptions) {
    this.tickMs = options.tickMs ?? DEFAULT_FANOUT_TICK_MS;
    this.maxMessages = Math.max(1, options.maxMessagesPerTick ?? 500);
  }

  /** Queues a new visible chat message for its channel's next batch. */
  chat(message: ChatMessage): void {
    const room = this.buffer(message.channel);
    if (!room) return;
    room.messages.push(message);
    // Trim in chunks, not per push: the buffer stays under twice the cap, each trim is O(cap).
    if (room.messages.length >= this.maxMessages * 2) this.trim(message.channel, room);
  }

  /** Counts `count` reactions toward the channel's next burst. */
  reaction(channel: ChatChannel, reaction: Reaction, count = 1): void {
    const room = this.buffer(channel);
    if (!room) return;
    room.reactions.set(reaction, (room.reactions.get(reaction) ?? 0) + count);
  }

  /** Queues a poll's state; within one tick only the latest state of each poll goes out. */
  poll(state: PollState): void {
    const room = this.buffer(state.channel);
    if (!room) return;
    room.polls.delete(state.id); // re-inserted last: polls go out in the order they last changed
    room.polls.set(state.id, state);
  }

  /** Whether anything waits for the next tick. */
  get pending(): boolean {
    return this.rooms.size > 0;
  }

  /** Sends everything buffered now (one packet per room and kind) and disarms the timer. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.rooms.size === 0) return;
    const rooms = [...this.rooms];
    this.rooms.clear();
    this.metrics.ticks += 1;
    for (const [channel, room] of rooms) {
      if (room.messages.length > this.maxMessages) this.trim(channel, room);
      if (room.messages.length > 0) {
        this.send(channel, { event: 'chat:batch', payload: { channel, messages: room.messages } });
        this.metrics.messages += room.messages.length;
      }
      if (room.reactions.size > 0) {
        const counts: ReactionBurst['counts'] = Object.fromEntries(room.reactions);
        this.send(channel, { event: 'reaction:burst', payload: { channel, counts, tickMs: this.tickMs } });
      }
      for (const state of room.polls.values()) this.send(channel, { event: 'poll:state', payload: state });
    }
  }

  /** Flushes what is buffered and stops; later items are ignored. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private buffer(channel: ChatChannel): RoomBuffer | undefined {
    if (this.closed) return undefined;
    let room = this.rooms.get(channel);
    if (!room) {
      room = { messages: [], reactions: new Map(), polls: new Map() };
      this.rooms.set(channel, room);
    }
    this.timer ??= setTimeout(() => this.flush(), this.tickMs);
    return room;
  }

  private trim(channel: ChatChannel, room: RoomBuffer): void {
    const dropped = room.messages.length - this.maxMessages;
    if (dropped <= 0) return;
    room.messages.splice(0, dropped);
    this.metrics.dropped += dropped;
    this.options.onDrop?.(channel, dropped);
  }

  private send(channel: ChatChannel, packet: FanoutPacket): void {
    this.metrics.packets += 1;
    try {
      this.options.emit(channel, packet);
    } catch {
      // An emit fails only when the server is closing; the rest of the tick still goes out.
    }
  }
}
