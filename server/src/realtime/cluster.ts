import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { PresenceStore } from './presence';

// Many server processes behind one address: socket.io's Redis streams adapter carries room
// broadcasts between them (and keeps the stream that connection state recovery replays from, so a
// viewer may reconnect to any node), `serverSideEmit` tells the other nodes that a channel's
// moderation changed, and each node's presence counts are shared through Redis with a TTL.

/** Options of the cluster layer. */
export interface ClusterOptions {
  /** Redis to join other nodes through; none runs a single node in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel this layer uses. Default `yunzhan`. */
  keyPrefix?: string;
  /** How long a node's presence counts outlive its last exchange, in ms. Default 6000. */
  presenceTtlMs?: number;
  logger: Logger;
}

/** The cluster a realtime server belongs to (a cluster of one without Redis). */
export interface Cluster {
  /** This process's id among the nodes. */
  readonly nodeId: string;
  /** Whether other nodes may exist (Redis configured). */
  readonly distributed: boolean;
  /** Where presence counts are shared; null on a single node. */
  readonly presenceStore: PresenceStore | null;
  /** Tells every other node that a channel's moderation state changed (they drop their caches). */
  invalidate(channel: string): void;
  /** Runs `listener` when another node invalidates a channel. */
  onInvalidate(listener: (channel: string) => void): void;
  /** Disconnects from Redis. Idempotent. */
  close(): Promise<void>;
}

/** The inter-server event this layer sends. */
export const INVALIDATE_EVENT = 'chat:invalidate';

/** A socket.io server whose inter-server events include `chat:invalidate`. */
type ClusterServer = Pick<Server, 'adapter' | 'serverSideEmit' | 'on'>;

/**
 * Joins the socket.io server to the other nodes when `redisUrl` is set (the streams adapter
 * replaces the in-memory one; call before the server accepts connections), else returns a
 * cluster of one that needs nothing.
 */
export function attachCluster(io: ClusterServer, options: ClusterOptions): Cluster {
  const nodeId = randomUUID();
  const listeners: ((channel: string) => void)[] = [];
  const deliver = (channel: unknown) => {
    if (typeof channel !== 'string') return;
    for (const listener of listeners) {
      try {
        listener(channel);
      } catch (err) {
        options.logger.error({ err, channel }, 'invalidation listener failed');
      }
    }
  };
  if (!options.redisUrl) {
    return { nodeId, distributed: false, presenceStore: null, invalidate: () => {}, onInvalidate: (l) => void listeners.push(l), close: async () => {} };
  }

  const prefix = options.keyPrefix ?? 'yunzhan';
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // ioredis reconnects by itself; say so once per distinct problem, not per retry.
    if (err.message !== lastError) options.logger.error({ err }, 'cluster Redis connection failed');
    lastError = err.message;
  });
  redis.on('ready', () => (lastError = ''));
  io.adapter(
    createAdapter(redis, {
      streamName: `${prefix}:sio`,
      channelPrefix: `${prefix}:sio`,
      sessionKeyPrefix: `${prefix}:sio:session:`,
      // Every packet this server sends is JSON: skip the per-packet binary scan.
      onlyPlaintext: true,
    }),
  );
  (io.on as (event: string, listener: (channel: unknown) => void) => void)(INVALIDATE_EVENT, deliver);
  const presenceStore = new RedisPresenceStore(redis, prefix, nodeId, options.presenceTtlMs ?? 6000);
  let closing: Promise<void> | undefined;
  return {
    nodeId,
    distributed: true,
    presenceStore,
    invalidate: (channel) => (io.serverSideEmit as (event: string, channel: string) => boolean)(INVALIDATE_EVENT, channel),
    onInvalidate: (l) => void listeners.push(l),
    close: () =>
      (closing ??= (async () => {
        await presenceStore.close().catch(() => {});
        await redis.quit().catch(() => redis.disconnect());
      })()),
  };
}

/**
 * Presence counts in Redis: each node keeps one hash (`<prefix>:presence:<node>`, channel →
 * count) with a TTL, and a sorted set of nodes by last exchange; a node that dies stops counting
 * within the TTL. Each exchange is one MULTI and one pipeline, whatever the number of viewers.
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly nodesKey: string;
  private readonly ownKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly nodeId: string,
    /** Milliseconds a node's counts stay after its last exchange. */
    private readonly ttlMs: number,
  ) {
    this.nodesKey = `${prefix}:presence:nodes`;
    this.ownKey = this.keyOf(nodeId);
  }

  /** Publishes this node's counts and returns the sums of the other live nodes'. */
  async exchange(local: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const now = Date.now();
    const write = this.redis.multi().del(this.ownKey);
    if (local.size > 0) write.hset(this.ownKey, Object.fromEntries(local)).pexpire(this.ownKey, this.ttlMs);
    await write.zadd(this.nodesKey, now, this.nodeId).zremrangebyscore(this.nodesKey, '-inf', now - this.ttlMs).pexpire(this.nodesKey, this.ttlMs * 10).exec();
    const nodes = (await this.redis.zrangebyscore(this.nodesKey, now - this.ttlMs, '+inf')).filter((n) => n !== this.nodeId);
    const totals = new Map<string, number>();
    if (nodes.length === 0) return totals;
    const read = this.redis.pipeline();
    for (const node of nodes) read.hgetall(this.keyOf(node));
    for (const [err, counts] of (await read.exec()) ?? []) {
      if (err || !counts) continue;
      for (const [channel, n] of Object.entries(counts as Record<string, string>)) totals.set(channel, (totals.get(channel) ?? 0) + Number(n));
    }
    return totals;
  }

  /** Withdraws this node's counts. */
  async close(): Promise<void> {
    await this.redis.multi().del(this.ownKey).zrem(this.nodesKey, this.nodeId).exec();
  }

  private keyOf(node: string): string {
    return `${this.prefix}:presence:${node}`;
  }
}
