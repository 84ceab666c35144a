import { RateLimitedError } from '@yunzhan/shared';

/** Token buckets by key: `capacity` tokens, refilled at `perSecond`. Old keys are swept. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = Date.now();

  constructor(
    /** Burst size. */
    private readonly capacity: number,
    /** Tokens added per second. */
    private readonly perSecond: number,
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else milliseconds until one is free. */
  take(key: string, now = Date.now()): number {
    const b = this.bucket(key, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitFor(b);
  }

  /** Milliseconds until `key` has a token (0: it has one now); takes nothing. */
  wait(key: string, now = Date.now()): number {
    const b = this.bucket(key, now);
    return b.tokens >= 1 ? 0 : this.waitFor(b);
  }

  /**
   * Pays one token for an action already accepted, into debt if need be (at most one burst deep):
   * actions admitted together by `wait()` are all paid for, and the debt delays the next ones.
   */
  charge(key: string, now = Date.now()): void {
    const b = this.bucket(key, now);
    b.tokens = Math.max(-this.capacity, b.tokens - 1);
  }

  /** Gives back a token taken for an attempt that turned out not to count (e.g. a right password). */
  refund(key: string, now = Date.now()): void {
    const b = this.bucket(key, now);
    b.tokens = Math.min(this.capacity, b.tokens + 1);
  }

  private bucket(key: string, now: number): { tokens: number; at: number } {
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + (Math.max(0, now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  private waitFor(b: { tokens: number }): number {
    return Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }

  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    // A bucket in debt needs longer than a full refill to be back at capacity.
    const full = ((2 * this.capacity) / this.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (now - b.at > full) this.buckets.delete(k);
  }
}

/**
 * Limits that charge only the sender. Each sender has allowances of their own (their account,
 * their connection), paid by every attempt they make; a shared allowance (a client address that a
 * school or an office behind NAT shares) is only checked on the way in and paid for by accepted
 * actions. So a sender who is refused — by their own limit, a ban, a duplicate vote — spends
 * nothing that their neighbours need.
 */
export class SenderLimits {
  constructor(
    /** Allowances of the sender: every attempt pays each of them. */
    private readonly own: readonly RateLimiter[],
    /** The allowance shared with others behind the same address: checked, then paid by `accepted`. */
    private readonly shared: RateLimiter | null,
  ) {}

  /**
   * Admits an attempt or throws RATE_LIMITED. `ownKeys[i]` keys `own[i]`; a null key skips that
   * allowance (e.g. no account for an anonymous viewer), a null `sharedKey` the shared one.
   */
  admit(ownKeys: readonly (string | null)[], sharedKey: string | null, now = Date.now()): void {
    // The shared allowance is looked at first: when the address is busy nobody pays anything.
    const sharedWait = sharedKey !== null && this.shared ? this.shared.wait(sharedKey, now) : 0;
    if (sharedWait > 0) throw new RateLimitedError(sharedWait);
    let wait = 0;
    this.own.forEach((limiter, i) => {
      const key = ownKeys[i];
      if (key !== null && key !== undefined) wait = Math.max(wait, limiter.take(key, now));
    });
    if (wait > 0) throw new RateLimitedError(wait);
  }

  /** Pays the shared allowance for an action that was accepted. */
  accepted(sharedKey: string | null, now = Date.now()): void {
    if (sharedKey !== null && this.shared) this.shared.charge(sharedKey, now);
  }
}
