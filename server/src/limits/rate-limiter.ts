import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** An allowance as configured (`CHAT_USER_RATE=5/0.5`): a burst, then so many per second. */
export interface Rate {
  /** Actions at once. */
  burst: number;
  /** Actions per second over time. */
  perSecond: number;
}

/** A fixed window: `points` actions per `seconds`, counted per key. */
export interface Window {
  points: number;
  /** Whole seconds, at least 1 (Redis expiries are whole seconds). */
  seconds: number;
}

/**
 * The window that keeps a rate's burst and its long-run rate: `burst` actions per
 * `burst / perSecond` seconds, rounded up to whole seconds. Unlike a token bucket, the allowance
 * comes back whole when the window ends (a refusal's retry-after is the time left in the window),
 * and up to two bursts fit around the end of a window.
 */
export function windowOf(rate: Rate): Window {
  const points = Math.max(1, Math.floor(rate.burst));
  return { points, seconds: Math.max(1, Math.ceil(points / rate.perSecond)) };
}

/**
 * A counter per key on rate-limiter-flexible (Redis shared by every node, or this process's
 * memory; see `RateLimits`). Every method resolves, never rejects: a store failure that the
 * fallback did not absorb is reported to `onStoreError` and the action is let through, so a Redis
 * outage never turns into errors for the people using the site.
 */
export class RateLimiter {
  constructor(
    private readonly flexible: RateLimiterAbstract,
    /** The allowance each key gets. */
    readonly window: Window,
    private readonly onStoreError: (err: unknown) => void,
  ) {}

  /**
   * Takes one action for `key`: 0 when allowed, else milliseconds until the window ends. A refused
   * attempt takes nothing (its count is given back), so the count is the actions let through.
   * `seconds` sets the window of a key that has none yet (the sign-in back-off's growing gaps).
   */
  async take(key: string, seconds?: number): Promise<number> {
    try {
      await this.flexible.consume(key, 1, seconds === undefined ? {} : { customDuration: wholeSeconds(seconds) });
      return 0;
    } catch (err) {
      const refused = this.refusal(err);
      if (!refused) return 0;
      await this.flexible.reward(key, 1).catch((e: unknown) => this.onStoreError(e));
      return Math.max(1, refused.msBeforeNext);
    }
  }

  /** Milliseconds until `key` may act (0: it may now); takes nothing. */
  async wait(key: string): Promise<number> {
    try {
      const res = await this.flexible.get(key);
      return res && res.consumedPoints >= this.window.points ? Math.max(1, res.msBeforeNext) : 0;
    } catch (err) {
      this.refusal(err);
      return 0;
    }
  }

  /**
   * Counts one action already accepted, past the allowance if need be (actions admitted together
   * by `wait()` are all paid for, and the rest of the window is closed to the key). Resolves with
   * the key's count in this window (0 when the store failed).
   */
  async charge(key: string): Promise<number> {
    try {
      return (await this.flexible.penalty(key, 1)).consumedPoints;
    } catch (err) {
      this.refusal(err);
      return 0;
    }
  }

  /** Gives back one action taken for an attempt that turned out not to count (e.g. a right password). */
  async refund(key: string): Promise<void> {
    try {
      // Only into a live window: a refund after the window ended would open a negative one.
      const res = await this.flexible.get(key);
      if (res && res.consumedPoints > 0) await this.flexible.reward(key, 1);
    } catch (err) {
      this.refusal(err);
    }
  }

  /** Forgets `key`'s count and window. */
  async forget(key: string): Promise<void> {
    try {
      await this.flexible.delete(key);
    } catch (err) {
      this.refusal(err);
    }
  }

  /** The refusal rate-limiter-flexible rejects with; anything else is a store failure (reported, null). */
  private refusal(err: unknown): RateLimiterRes | null {
    if (err instanceof RateLimiterRes) return err;
    this.onStoreError(err);
    return null;
  }
}

function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
