import { RateLimitedError } from '@yunzhan/shared';
import { RateLimiter } from '../realtime/rate-limiter';

/** Options of the sign-in guard. */
export interface SignInGuardOptions {
  /** Failed sign-ins per client address: burst, then per second (`SIGN_IN_ADDRESS_RATE`). */
  addressRate: { burst: number; perSecond: number };
  /** Wrong passwords for one account before it backs off. Default 5. */
  freeFailures?: number;
  /** The first back-off, doubled with every further failure, in ms. Default 1000. */
  baseDelayMs?: number;
  /** The longest back-off, in ms. Default 15 minutes. */
  maxDelayMs?: number;
  /** Accounts remembered at most (the oldest are forgotten first). Default 100,000. */
  maxAccounts?: number;
}

/** One sign-in attempt let through: tell the guard how it ended. */
export interface SignInAttempt {
  /** The password was right: the account's back-off is cleared and the address is not charged. */
  succeeded(): void;
}

/**
 * Password guessing, limited twice: per client address (failures spend a token; a right password
 * gives it back, so an office signing in at nine is not throttled) and per account, with an
 * exponential back-off after a few wrong passwords (1 s, 2 s, 4 s … up to 15 minutes) whatever
 * address the guesses come from. The attempt is counted as failed when it starts and cleared on
 * success, so guesses sent in parallel cannot all slip through before the first one fails. The
 * back-off applies to unknown usernames too: it says nothing about which accounts exist. The
 * address is the one `clientAddress()` derives (X-Forwarded-For only from TRUST_PROXY).
 */
export class SignInGuard {
  private readonly byAddress: RateLimiter;
  private readonly accounts = new Map<string, { failures: number; nextAt: number }>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAccounts: number;

  constructor(options: SignInGuardOptions) {
    this.byAddress = new RateLimiter(options.addressRate.burst, options.addressRate.perSecond);
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.maxAccounts = options.maxAccounts ?? 100_000;
  }

  /** Lets an attempt through or throws RATE_LIMITED (with retryAfterMs). */
  attempt(address: string, username: string, now = Date.now()): SignInAttempt {
    const key = username.normalize('NFKC').toLowerCase();
    let account = this.accounts.get(key);
    // Forgiven after a quiet spell as long as the longest back-off.
    if (account && now >= account.nextAt + this.maxDelayMs) account = undefined;
    if (account && account.failures >= this.freeFailures && now < account.nextAt) throw new RateLimitedError(account.nextAt - now);
    const wait = this.byAddress.take(address, now);
    if (wait > 0) throw new RateLimitedError(wait);
    const failures = (account?.failures ?? 0) + 1;
    const delay = failures >= this.freeFailures ? Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (failures - this.freeFailures)) : 0;
    // Re-inserted so the map's order is least recently failed first, for eviction.
    this.accounts.delete(key);
    this.accounts.set(key, { failures, nextAt: now + delay });
    if (this.accounts.size > this.maxAccounts) this.accounts.delete(this.accounts.keys().next().value!);
    let settled = false;
    return {
      succeeded: () => {
        if (settled) return;
        settled = true;
        this.accounts.delete(key);
        this.byAddress.refund(address);
      },
    };
  }
}
