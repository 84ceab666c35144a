import { describe, expect, it } from 'vitest';
import { RateLimiter, SenderLimits } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then asks to wait until a token refills', () => {
    const limiter = new RateLimiter(3, 1);
    const t = 1_000_000;
    expect([limiter.take('k', t), limiter.take('k', t), limiter.take('k', t)]).toEqual([0, 0, 0]);
    expect(limiter.take('k', t)).toBe(1000);
    expect(limiter.take('k', t + 1000)).toBe(0);
    expect(limiter.take('other', t)).toBe(0);
  });
});

describe('RateLimiter wait, charge and refund', () => {
  it('looks without taking, pays accepted actions into debt, and gives back a refunded token', () => {
    const limiter = new RateLimiter(2, 1);
    const t = 1_000_000;
    expect(limiter.wait('k', t)).toBe(0);
    expect(limiter.wait('k', t)).toBe(0);
    limiter.charge('k', t);
    limiter.charge('k', t);
    limiter.charge('k', t);
    // Two tokens, three accepted actions: one token of debt, two seconds to the next one.
    expect(limiter.wait('k', t)).toBe(2000);
    limiter.refund('k', t);
    expect(limiter.wait('k', t)).toBe(1000);
    expect(limiter.take('k', t + 1000)).toBe(0);
  });
});

describe('SenderLimits', () => {
  it('charges a refused sender only their own allowance, so a neighbour on the same address still gets through', () => {
    const perUser = new RateLimiter(2, 0.5);
    const perAddress = new RateLimiter(4, 1);
    const limits = new SenderLimits([perUser], perAddress);
    const t = 1_000_000;
    const send = (user: string) => {
      try {
        limits.admit([user], 'office', t);
        limits.accepted('office', t);
        return 'sent';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    // The spammer is refused after their own burst, however often they try.
    const spam = Array.from({ length: 50 }, () => send('spammer'));
    expect(spam.filter((r) => r === 'sent')).toHaveLength(2);
    expect(new Set(spam.slice(2))).toEqual(new Set(['RATE_LIMITED']));
    // The address paid for the two accepted messages only: two neighbours still send.
    expect([send('alice'), send('bob')]).toEqual(['sent', 'sent']);
    // Once the address's allowance is spent by accepted messages, everyone behind it waits.
    expect(send('carol')).toBe('RATE_LIMITED');
  });

  it('skips allowances whose key is null (an anonymous viewer has no account)', () => {
    const limits = new SenderLimits([new RateLimiter(1, 1), new RateLimiter(1, 1)], null);
    expect(() => limits.admit(['socket-1', null], null, 0)).not.toThrow();
    expect(() => limits.admit(['socket-1', null], null, 0)).toThrow(/slow down/);
  });
});
