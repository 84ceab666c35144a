import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, windowOf } from './rate-limiter';
import { RateLimits } from './rate-limits';
import { SenderLimits } from './sender-limits';

// Memory mode (no REDIS_URL): rate-limiter-flexible's RateLimiterMemory under a fake clock, so a
// window's end is reached by advancing the clock, not by waiting.

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'sent',
    (err: { code?: string }) => err.code,
  );

describe('windowOf', () => {
  it('keeps the burst and the long-run rate, in whole seconds of at least one', () => {
    expect(windowOf({ burst: 5, perSecond: 0.5 })).toEqual({ points: 5, seconds: 10 });
    expect(windowOf({ burst: 10, perSecond: 0.2 })).toEqual({ points: 10, seconds: 50 });
    expect(windowOf({ burst: 40, perSecond: 20 })).toEqual({ points: 40, seconds: 2 });
    // Rounded up: never faster than configured.
    expect(windowOf({ burst: 5, perSecond: 2 })).toEqual({ points: 5, seconds: 3 });
    expect(windowOf({ burst: 1000, perSecond: 100_000 })).toEqual({ points: 1000, seconds: 1 });
  });
});

describe('RateLimiter in memory', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('allows a burst, then asks to wait until the window ends', async () => {
    const limiter = RateLimits.memory().limiter('t', { burst: 3, perSecond: 1 });
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([0, 0, 0]);
    expect(await limiter.take('k')).toBe(3000);
    vi.advanceTimersByTime(1000);
    expect(await limiter.take('k')).toBe(2000);
    expect(await limiter.take('other')).toBe(0);
    vi.advanceTimersByTime(2000);
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([0, 0, 0, 3000]);
  });

  it('looks without taking, counts accepted actions past the allowance, and gives back a refund', async () => {
    const limiter = RateLimits.memory().limiter('t', { burst: 2, perSecond: 1 });
    expect(await limiter.wait('k')).toBe(0);
    expect(await limiter.wait('k')).toBe(0);
    expect([await limiter.charge('k'), await limiter.charge('k'), await limiter.charge('k')]).toEqual([1, 2, 3]);
    // Two allowed, three accepted: closed for the rest of the window, two refunds reopen one.
    expect(await limiter.wait('k')).toBe(2000);
    await limiter.refund('k');
    expect(await limiter.wait('k')).toBe(2000);
    await limiter.refund('k');
    expect(await limiter.wait('k')).toBe(0);
    expect(await limiter.take('k')).toBe(0);
    expect(await limiter.take('k')).toBe(2000);
  });

  it('takes nothing for a refused attempt, so a refund after a flood reopens the allowance', async () => {
    const limiter = RateLimits.memory().limiter('t', { burst: 1, perSecond: 0.01 });
    expect(await limiter.take('office')).toBe(0);
    for (let i = 0; i < 20; i++) expect(await limiter.take('office')).toBeGreaterThan(0);
    await limiter.refund('office');
    expect(await limiter.take('office')).toBe(0);
  });

  it('does not refund into a window that has ended (no negative allowance)', async () => {
    const limiter = RateLimits.memory().limiter('t', { burst: 1, perSecond: 1 });
    expect(await limiter.take('k')).toBe(0);
    vi.advanceTimersByTime(1000);
    await limiter.refund('k');
    expect(await limiter.take('k')).toBe(0);
    expect(await limiter.take('k')).toBe(1000);
  });

  it('opens a new key with the window asked for, and forgets a key', async () => {
    const limiter = RateLimits.memory().limiter('t', { points: 1, seconds: 1 });
    expect(await limiter.take('gate', 8)).toBe(0);
    expect(await limiter.take('gate', 8)).toBe(8000);
    await limiter.forget('gate');
    expect(await limiter.take('gate')).toBe(0);
    expect(await limiter.take('gate')).toBe(1000);
  });

  it('keeps limiters of different names and different RateLimits apart', async () => {
    const limits = RateLimits.memory();
    const a = limits.limiter('a', { points: 1, seconds: 10 });
    const b = limits.limiter('b', { points: 1, seconds: 10 });
    const elsewhere = RateLimits.memory().limiter('a', { points: 1, seconds: 10 });
    expect([await a.take('k'), await b.take('k'), await elsewhere.take('k')]).toEqual([0, 0, 0]);
    expect(await a.take('k')).toBe(10_000);
    expect(RateLimits.memory().shared).toBe(false);
  });
});

describe('SenderLimits', () => {
  it('charges a refused sender only their own allowance, so a neighbour on the same address still gets through', async () => {
    const limits = RateLimits.memory();
    const sender = new SenderLimits([limits.limiter('user', { burst: 2, perSecond: 0.01 })], limits.limiter('address', { burst: 4, perSecond: 0.01 }));
    const send = (user: string) => codeOf(sender.admit([user], 'office').then(() => sender.accepted('office')));
    // The spammer is refused after their own burst, however often they try.
    const spam: (string | undefined)[] = [];
    for (let i = 0; i < 50; i++) spam.push(await send('spammer'));
    expect(spam.filter((r) => r === 'sent')).toHaveLength(2);
    expect(new Set(spam.slice(2))).toEqual(new Set(['RATE_LIMITED']));
    // The address paid for the two accepted messages only: two neighbours still send.
    expect([await send('alice'), await send('bob')]).toEqual(['sent', 'sent']);
    // Once the address's allowance is spent by accepted messages, everyone behind it waits.
    expect(await send('carol')).toBe('RATE_LIMITED');
  });

  it('skips allowances whose key is null (an anonymous viewer has no account)', async () => {
    const limits = RateLimits.memory();
    const sender = new SenderLimits([limits.limiter('socket', { burst: 1, perSecond: 0.1 }), limits.limiter('user', { burst: 1, perSecond: 0.1 })], null);
    await expect(sender.admit(['socket-1', null], null)).resolves.toBeUndefined();
    await expect(sender.admit(['socket-1', null], null)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } });
  });
});

describe('RateLimiter when its store fails', () => {
  it('lets the action through and reports the failure instead of rejecting', async () => {
    // A real Redis client to a port where nothing listens, and no memory fallback: every call fails.
    const redis = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    const failures: unknown[] = [];
    try {
      const limiter = new RateLimiter(new RateLimiterRedis({ storeClient: redis, points: 1, duration: 10, keyPrefix: 'unit-no-redis' }), { points: 1, seconds: 10 }, (err) => failures.push(err));
      expect([await limiter.take('k'), await limiter.take('k'), await limiter.wait('k'), await limiter.charge('k')]).toEqual([0, 0, 0, 0]);
      await limiter.refund('k');
      await limiter.forget('k');
      expect(failures.length).toBeGreaterThanOrEqual(6);
      expect(failures.every((f) => f instanceof Error)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
