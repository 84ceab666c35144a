import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

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
