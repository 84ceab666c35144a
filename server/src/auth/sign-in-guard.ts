import { RateLimitedError } from '@yunzhan/shared';
import type { RateLimiter, Rate } from '../limits/rate-limiter';
import type { RateLimits } from '../limits/rate-limits';

/** Options of the sign-in guard. */
export interface SignInGuardOptions {
  /** Failed sign-ins per client address (`SIGN_IN_ADDRESS_RATE`). */
  addressRate: Rate;
  /** Wrong passwords for one account before it backs off. Default 5. */
  freeFailures?: number;
  /** The first back-off, doubled with every further failure, in ms (whole seconds on Redis). Default 1000. */
  baseDelayMs?: number;
  /** The longest back-off, in ms. Default 15 minutes. */
  maxDelayMs?: number;
  /** How long an account's run of wrong passwords is remembered after its first one, in ms. Default 24 hours. */
  forgetAfterMs?: number;
}

/** One sign-in attempt let through: tell the guard how it ended. */
export interface SignInAttempt {
  /** The password was right: the account's back-off is cleared and the address is not charged. */
  succeeded(): Promise<void>;
}

/**
 * Password guessing, limited twice: per client address (failures spend one of its allowance; a
 * right password gives it back, so an office signing in at nine is not throttled) and per account,
 * with an exponential back-off after a few wrong passwords (1 s, 2 s, 4 s … up to 15 minutes)
 * whatever address — or server node — the guesses come from. The attempt is counted as failed when
 * it starts and cleared on success; the count is one atomic increment, so guesses sent in parallel
 * get distinct numbers and cannot all slip through before the first one fails. The back-off applies
 * to unknown usernames too: it says nothing about which accounts exist. The address is the one
 * `clientAddress()` derives (X-Forwarded-For only from TRUST_PROXY).
 */
export class SignInGuard {
  private readonly byAddress: RateLimiter;
  /** Wrong passwords per account in the current run. */
  private readonly failures: RateLimiter;
  /** One pass per back-off: the attempt that takes it opens a window as long as its own back-off. */
  private readonly backoff: RateLimiter;
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(limits: RateLimits, options: SignInGuardOptions) {
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.byAddress = limits.limiter('sign-in:address', options.addressRate);
    this.failures = limits.limiter('sign-in:failures', { points: Number.MAX_SAFE_INTEGER, seconds: Math.ceil((options.forgetAfterMs ?? 24 * 3600_000) / 1000) });
    this.backoff = limits.limiter('sign-in:backoff', { points: 1, seconds: 1 });
  }

  /** Lets an attempt through or rejects with RATE_LIMITED (retryAfterMs). */
  async attempt(address: string, username: string): Promise<SignInAttempt> {
    const key = username.normalize('NFKC').toLowerCase();
    const failures = await this.failures.charge(key);
    let passed = false;
    if (failures >= this.freeFailures) {
      // The back-off this failure earns, for the guess after it.
      const delayMs = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (failures - this.freeFailures));
      const wait = await this.backoff.take(key, delayMs / 1000);
      if (wait > 0) {
        await this.failures.refund(key);
        throw new RateLimitedError(wait);
      }
      passed = true;
    }
    const wait = await this.byAddress.take(address);
    if (wait > 0) {
      await this.failures.refund(key);
      if (passed) await this.backoff.forget(key);
      throw new RateLimitedError(wait);
    }
    let settled = false;
    return {
      succeeded: async () => {
        if (settled) return;
        settled = true;
        await Promise.all([this.failures.forget(key), this.backoff.forget(key), this.byAddress.refund(address)]);
      },
    };
  }
}
