import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimits } from '../limits/rate-limits';
import { SignInGuard } from './sign-in-guard';

// Memory mode under a fake clock; tests/cluster-rate-limits.test.ts runs the guard on two server
// processes sharing one Redis.

const refusal = (attempt: Promise<unknown>): Promise<number | null> =>
  attempt.then(
    () => null,
    (err: { details?: { retryAfterMs?: number } }) => err.details?.retryAfterMs ?? -1,
  );

describe('SignInGuard', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('backs an account off exponentially after five wrong passwords, from any address', async () => {
    const guard = new SignInGuard(RateLimits.memory(), { addressRate: { burst: 1000, perSecond: 1000 } });
    for (let i = 0; i < 5; i++) await guard.attempt(`10.0.0.${i}`, 'Admin');
    // The sixth guess, from yet another address and with the name in another case, waits 1 s.
    expect(await refusal(guard.attempt('10.0.0.99', 'admin'))).toBe(1000);
    vi.advanceTimersByTime(1000);
    await guard.attempt('10.0.0.6', 'admin');
    expect(await refusal(guard.attempt('10.0.0.7', 'admin'))).toBe(2000);
    vi.advanceTimersByTime(2000);
    await guard.attempt('10.0.0.8', 'admin');
    expect(await refusal(guard.attempt('10.0.0.9', 'admin'))).toBe(4000);
    // Refused guesses did not count: the next back-off is still 8 s, not longer.
    vi.advanceTimersByTime(4000);
    await guard.attempt('10.0.0.10', 'admin');
    expect(await refusal(guard.attempt('10.0.0.11', 'admin'))).toBe(8000);
    // Other accounts are not affected.
    expect(await refusal(guard.attempt('10.0.0.9', 'someone-else'))).toBeNull();
  });

  it('clears the back-off and gives the address its allowance back on a right password', async () => {
    const guard = new SignInGuard(RateLimits.memory(), { addressRate: { burst: 2, perSecond: 0.001 } });
    await (await guard.attempt('office', 'alice')).succeeded();
    await (await guard.attempt('office', 'bob')).succeeded();
    await (await guard.attempt('office', 'carol')).succeeded();
    // Right passwords spent nothing; two wrong ones spend the address's burst.
    await guard.attempt('office', 'mallory');
    await guard.attempt('office', 'mallory');
    expect(await refusal(guard.attempt('office', 'dave'))).toBeGreaterThan(0);

    // An account in back-off starts again from nothing after its right password.
    const other = new SignInGuard(RateLimits.memory(), { addressRate: { burst: 1000, perSecond: 1000 } });
    for (let i = 0; i < 5; i++) await other.attempt('home', 'erin');
    expect(await refusal(other.attempt('home', 'erin'))).toBe(1000);
    vi.advanceTimersByTime(1000);
    await (await other.attempt('home', 'erin')).succeeded();
    for (let i = 0; i < 5; i++) expect(await refusal(other.attempt('home', 'erin'))).toBeNull();
  });

  it('counts guesses sent in parallel before any of them is answered', async () => {
    const guard = new SignInGuard(RateLimits.memory(), { addressRate: { burst: 1000, perSecond: 1000 } });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => refusal(guard.attempt(`10.1.0.${i}`, 'host'))));
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
  });

  it('does not count a guess the address limit refused against the account', async () => {
    const guard = new SignInGuard(RateLimits.memory(), { addressRate: { burst: 3, perSecond: 0.001 } });
    for (let i = 0; i < 3; i++) await guard.attempt('busy', `user-${i}`);
    for (let i = 0; i < 10; i++) expect(await refusal(guard.attempt('busy', 'frank'))).toBeGreaterThan(0);
    // From other addresses, frank still has all five free guesses.
    for (let i = 0; i < 5; i++) expect(await refusal(guard.attempt(`elsewhere-${i}`, 'frank'))).toBeNull();
    expect(await refusal(guard.attempt('elsewhere-5', 'frank'))).toBe(1000);
  });
});
