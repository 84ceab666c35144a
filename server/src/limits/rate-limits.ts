import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiter, windowOf, type Rate, type Window } from './rate-limiter';

// Rate limits that hold across server nodes. rate-limiter-flexible keeps each key's count in one
// atomic Lua call on Redis (increment, set the window's expiry, read it back), so two nodes
// counting the same sender see one count; without Redis the same limiters count in memory.
//
// When Redis fails mid-run (down, unreachable, slower than `commandTimeoutMs`), each limiter
// falls back to its insuranceLimiter, a memory limiter of the same allowance: requests are never
// refused or failed because of Redis, and each node enforces the limits on its own until Redis
// answers again (a sender spread over N nodes then gets up to N allowances). Counts made during the
// outage stay on the node; Redis resumes from what it held.

/** Options of `RateLimits.connect`. */
export interface RateLimitsOptions {
  /** Redis shared by the nodes (`REDIS_URL`); none: this process's memory. */
  redisUrl?: string;
  /** Prefix of the keys, so deployments and test runs sharing one Redis never meet (`REDIS_KEY_PREFIX`). Default `yunzhan`. */
  keyPrefix?: string;
  /** Longest wait for one Redis call before the memory fallback answers, in ms. Default 500. */
  commandTimeoutMs?: number;
  /** Longest wait for the first connection at start-up, in ms; after it the fallback answers until Redis is up. Default 5000. */
  connectTimeoutMs?: number;
  logger?: Logger;
}

/** Where a limiter counts: shared by every node (Redis), or this process only. */
export interface LimiterScope {
  /** Count in this process even when Redis is configured (per-connection limits: a socket lives on one node). */
  local?: boolean;
}

/** Makes the server's rate limiters: on Redis when configured, else in memory. */
export class RateLimits {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
    private readonly logger: Logger | undefined,
  ) {}

  /** Limiters counting in this process's memory (a single node, unit tests). */
  static memory(logger?: Logger): RateLimits {
    return new RateLimits(null, 'yunzhan', logger);
  }

  /** Limiters on `redisUrl` when given (waits for the connection, at most `connectTimeoutMs`), else in memory. */
  static async connect(options: RateLimitsOptions): Promise<RateLimits> {
    if (!options.redisUrl) return RateLimits.memory(options.logger);
    const redis = new Redis(options.redisUrl, {
      // A call fails at once while the connection is down (the memory fallback answers) instead of
      // queueing behind the reconnection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 500,
    });
    const logger = options.logger;
    let down = '';
    redis.on('error', (err: Error) => {
      // ioredis reconnects by itself; say so once per distinct problem, not per retry.
      if (err.message !== down) logger?.error({ err }, 'rate limits: Redis failed; each node limits from its own memory until it is back');
      down = err.message;
    });
    redis.on('ready', () => {
      if (down) logger?.info('rate limits: Redis is back; limits are shared again');
      down = '';
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger?.warn('rate limits: Redis not ready at start; limiting from memory until it is');
        resolve();
      }, options.connectTimeoutMs ?? 5000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return new RateLimits(redis, options.keyPrefix ?? 'yunzhan', logger);
  }

  /** Whether limits are shared with other nodes (Redis configured). */
  get shared(): boolean {
    return this.redis !== null;
  }

  /**
   * A limiter named `name` (unique per purpose: nodes share a name's counts). `allowance` is a
   * configured rate (see `windowOf`) or a window.
   */
  limiter(name: string, allowance: Rate | Window, scope: LimiterScope = {}): RateLimiter {
    const window = 'burst' in allowance ? windowOf(allowance) : allowance;
    const memory = new RateLimiterMemory({ points: window.points, duration: window.seconds, keyPrefix: name });
    const flexible: RateLimiterAbstract =
      this.redis && !scope.local
        ? new RateLimiterRedis({
            storeClient: this.redis,
            points: window.points,
            duration: window.seconds,
            keyPrefix: `${this.keyPrefix}:limits:${name}`,
            insuranceLimiter: memory,
          })
        : memory;
    return new RateLimiter(flexible, window, (err) => this.logger?.error({ err, limiter: name }, 'rate limit store failed; action let through'));
  }

  /** Disconnects from Redis. Idempotent. */
  close(): Promise<void> {
    const redis = this.redis;
    return (this.closing ??= redis ? redis.quit().then(() => undefined, () => redis.disconnect()) : Promise.resolve());
  }
}
