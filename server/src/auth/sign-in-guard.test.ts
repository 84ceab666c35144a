import { describe, expect, it } from 'vitest';
import { SignInGuard } from './sign-in-guard';

const refusal = (f: () => unknown): number | null => {
  try {
    f();
    return null;
  } catch (err) {
    return (err as { details?: { retryAfterMs?: number } }).details?.retryAfterMs ?? -1;
  }
};

describe('SignInGuard', () => {
  it('backs an account off exponentially after five wrong passwords, from any address', () => {
    const guard = new SignInGuard({ addressRate: { burst: 1000, perSecond: 1000 } });
    let t = 1_000_000;
    for (let i = 0; i < 5; i++) guard.attempt(`10.0.0.${i}`, 'Admin', t);
    // The sixth guess, from yet another address and with the name in another case, waits 1 s.
    expect(refusal(() => guard.attempt('10.0.0.99', 'admin', t))).toBe(1000);
    t += 1000;
    guard.attempt('10.0.0.6', 'admin', t);
    expect(refusal(() => guard.attempt('10.0.0.7', 'admin', t))).toBe(2000);
    t += 2000;
    guard.attempt('10.0.0.8', 'admin', t);
    expect(refusal(() => guard.attempt('10.0.0.9', 'admin', t))).toBe(4000);
    // Other accounts are not affected.
    expect(refusal(() => guard.attempt('10.0.0.9', 'someone-else', t))).toBeNull();
  });

  it('clears the back-off and gives the address its token back on a right password', () => {
    const guard = new SignInGuard({ addressRate: { burst: 2, perSecond: 0.001 } });
    const t = 1_000_000;
    guard.attempt('office', 'alice', t).succeeded();
    guard.attempt('office', 'bob', t).succeeded();
    guard.attempt('office', 'carol', t).succeeded();
    // Right passwords spent nothing; two wrong ones spend the address's burst.
    guard.attempt('office', 'mallory', t);
    guard.attempt('office', 'mallory', t);
    expect(refusal(() => guard.attempt('office', 'dave', t))).toBeGreaterThan(0);
  });

  it('counts guesses sent in parallel before any of them is answered', () => {
    const guard = new SignInGuard({ addressRate: { burst: 1000, perSecond: 1000 } });
    const t = 1_000_000;
    const outcomes = Array.from({ length: 30 }, (_, i) => refusal(() => guard.attempt(`10.1.0.${i}`, 'host', t)));
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
  });
});
