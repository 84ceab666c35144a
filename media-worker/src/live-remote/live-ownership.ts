import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

// Which web node drives each live on the media workers (LIVE_WORKERS=remote). The node that sends
// a live its RTP and answers its host holds a key in Redis that lapses unless renewed; when that
// node dies the key lapses within LIVE_OWNER_TTL_MS, and any node may then adopt the live: the
// one the host reconnects to, or, when no host comes back within the grace period, any node,
// to end it (so it still becomes one replay).

/** How long a node's hold on a live lasts without renewal, in ms (renewed every third of it). */
export const LIVE_OWNER_TTL_MS = 6000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** A node's holds on lives, kept in Redis. */
export interface LiveOwnership {
  /** This node's name in the keys (`<host>:<port>:<pid>` or as given). */
  readonly node: string;
  /**
   * Takes the live of `eventId` for this node. Another node's hold is waited out for at most
   * `waitMs` (it lapses when that node died); false when it is still held then.
   */
  claim(eventId: string, waitMs?: number): Promise<boolean>;
  /** Lets go of a live (it ended, or this node shuts down). */
  release(eventId: string): Promise<void>;
  /** The node holding the live now, if any. */
  owner(eventId: string): Promise<string | null>;
  /** Since when (epoch ms) the live has had no holder: the first node to ask sets it. */
  orphanedSince(eventId: string, keepMs: number): Promise<number>;
  /** Stops renewing (the holds lapse by themselves unless released). */
  close(): void;
}

/** Options of `liveOwnership`. */
export interface LiveOwnershipOptions {
  /** A connection that can run commands (not a subscriber). */
  redis: Redis;
  /** Base of the keys (the deployment's REDIS_KEY_PREFIX). */
  base: string;
  node: string;
  logger: Logger;
}

/** Holds on lives in Redis, renewed while this process runs. */
export function liveOwnership(options: LiveOwnershipOptions): LiveOwnership {
  const { redis, base, node, logger } = options;
  const ownerKey = (eventId: string) => `${base}:live:owner:${eventId}`;
  const orphanKey = (eventId: string) => `${base}:live:orphan:${eventId}`;
  const held = new Set<string>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const renew = async () => {
    for (const eventId of [...held]) {
      try {
        const kept = Number(await redis.eval(RENEW, 1, ownerKey(eventId), node, String(LIVE_OWNER_TTL_MS)));
        // Redis lost it, or another node took the live: say so; renewing it would steal it back.
        if (!kept && held.delete(eventId)) logger.error({ eventId }, 'lost the hold on a live');
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : String(err), eventId }, 'could not renew the hold on a live');
      }
    }
  };
  const timer = setInterval(() => void renew(), LIVE_OWNER_TTL_MS / 3);
  timer.unref();

  return {
    node,
    async claim(eventId, waitMs = 0) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const set = await redis.set(ownerKey(eventId), node, 'PX', LIVE_OWNER_TTL_MS, 'NX');
        if (set === 'OK' || (await redis.get(ownerKey(eventId))) === node) {
          held.add(eventId);
          await redis.del(orphanKey(eventId));
          return true;
        }
        if (Date.now() >= deadline) return false;
        await sleep(Math.min(500, Math.max(50, deadline - Date.now())));
      }
    },
    async release(eventId) {
      held.delete(eventId);
      await redis.eval(RELEASE, 1, ownerKey(eventId), node);
    },
    owner: (eventId) => redis.get(ownerKey(eventId)),
    async orphanedSince(eventId, keepMs) {
      const now = Date.now();
      await redis.set(orphanKey(eventId), String(now), 'PX', keepMs, 'NX');
      const since = Number(await redis.get(orphanKey(eventId)));
      return Number.isFinite(since) && since > 0 ? since : now;
    },
    close() {
      clearInterval(timer);
      held.clear();
    },
  };
}
