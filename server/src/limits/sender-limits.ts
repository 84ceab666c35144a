import { RateLimitedError } from '@yunzhan/shared';
import type { RateLimiter } from './rate-limiter';

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
   * Admits an attempt or rejects with RATE_LIMITED (retryAfterMs). `ownKeys[i]` keys `own[i]`; a
   * null key skips that allowance (e.g. no account for an anonymous viewer), a null `sharedKey`
   * the shared one.
   */
  async admit(ownKeys: readonly (string | null)[], sharedKey: string | null): Promise<void> {
    // The shared allowance is looked at first: when the address is busy nobody pays anything.
    const sharedWait = sharedKey !== null && this.shared ? await this.shared.wait(sharedKey) : 0;
    if (sharedWait > 0) throw new RateLimitedError(sharedWait);
    const waits = await Promise.all(this.own.map((limiter, i) => (ownKeys[i] == null ? 0 : limiter.take(ownKeys[i]!))));
    const wait = Math.max(0, ...waits);
    if (wait > 0) throw new RateLimitedError(wait);
  }

  /** Pays the shared allowance for an action that was accepted. */
  async accepted(sharedKey: string | null): Promise<void> {
    if (sharedKey !== null && this.shared) await this.shared.charge(sharedKey);
  }
}
