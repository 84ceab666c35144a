import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInGuard } from '../server/src/auth/sign-in-guard';
import { RateLimits } from '../server/src/limits/rate-limits';
import { SenderLimits } from '../server/src/limits/sender-limits';
import { deleteKeys, ensureRedis, startRedisServer, type TestRedis } from './helpers/redis';
import { waitFor } from './helpers/util';

// RateLimits on a real Redis: two instances stand for two server nodes (each its own connection),
// the way index.ts makes one per process. The key prefix is this run's own, so test files and
// deployments sharing the Redis never meet.

const PREFIX = `test-limits-${process.pid}-${Date.now()}`;
let redis: TestRedis;
const opened: RateLimits[] = [];

async function node(prefix = PREFIX, url = redis.url, logger?: pino.Logger): Promise<RateLimits> {
  const limits = await RateLimits.connect({ redisUrl: url, keyPrefix: prefix, logger });
  opened.push(limits);
  return limits;
}

beforeAll(async () => {
  redis = await ensureRedis();
});

afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
  if (redis) {
    await deleteKeys(redis.url, PREFIX);
    await redis.stop();
  }
});

describe('rate limits on Redis', () => {
  it('counts one key as one across two nodes', async () => {
    const [a, b] = [await node(), await node()];
    expect(a.shared).toBe(true);
    const onA = a.limiter('chat:user', { burst: 4, perSecond: 0.001 });
    const onB = b.limiter('chat:user', { burst: 4, perSecond: 0.001 });
    const waits = [];
    for (let i = 0; i < 8; i++) waits.push(await (i % 2 === 0 ? onA : onB).take('alice'));
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    for (const w of waits.slice(4)) expect(w).toBeGreaterThan(0);
    // Another sender on either node is not affected.
    expect(await onB.take('bob')).toBe(0);
  });

  it('lets a neighbour through on one node while a spammer on the other is refused', async () => {
    const [a, b] = [await node(), await node()];
    const limitsOn = (n: RateLimits) => new SenderLimits([n.limiter('votes:user', { burst: 2, perSecond: 0.001 })], n.limiter('votes:address', { burst: 4, perSecond: 0.001 }));
    const [onA, onB] = [limitsOn(a), limitsOn(b)];
    const send = (on: SenderLimits, user: string) =>
      on
        .admit([user], 'office')
        .then(() => on.accepted('office'))
        .then(
          () => 'sent',
          (err: { code?: string }) => err.code,
        );
    const spam = [];
    for (let i = 0; i < 20; i++) spam.push(await send(i % 2 === 0 ? onA : onB, 'spammer'));
    expect(spam.filter((r) => r === 'sent')).toHaveLength(2);
    // Two accepted of the address's four: two neighbours get through, on either node, then it is full.
    expect([await send(onB, 'alice'), await send(onA, 'bob'), await send(onB, 'carol')]).toEqual(['sent', 'sent', 'RATE_LIMITED']);
  });

  it('keeps deployments with different key prefixes apart', async () => {
    const [a, b] = [await node(`${PREFIX}:one`), await node(`${PREFIX}:two`)];
    const onA = a.limiter('sign-up:address', { burst: 1, perSecond: 0.001 });
    const onB = b.limiter('sign-up:address', { burst: 1, perSecond: 0.001 });
    expect([await onA.take('10.0.0.1'), await onB.take('10.0.0.1')]).toEqual([0, 0]);
    expect(await onA.take('10.0.0.1')).toBeGreaterThan(0);
  });

  it('lets five of thirty parallel guesses for one account through, spread over two nodes', async () => {
    const [a, b] = [await node(), await node()];
    const rate = { burst: 1000, perSecond: 1000 };
    const guards = [new SignInGuard(a, { addressRate: rate }), new SignInGuard(b, { addressRate: rate })];
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        guards[i % 2]!.attempt(`10.2.0.${i}`, 'parallel-victim').then(
          () => 'tried',
          (err: { code?: string }) => err.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'tried')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(25);
  });
});

describe('rate limits when Redis goes away', () => {
  it('falls back to each node’s memory without failing a request, and shares again when Redis is back', async () => {
    // A redis-server of this test's own, so it can be stopped under the limiters.
    let own = await startRedisServer();
    const logs: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push((JSON.parse(line) as { msg: string }).msg) });
    try {
      const [a, b] = [await node(PREFIX, own.url, logger), await node(PREFIX, own.url, logger)];
      const onA = a.limiter('chat:user', { burst: 3, perSecond: 0.001 });
      const onB = b.limiter('chat:user', { burst: 3, perSecond: 0.001 });
      expect([await onA.take('dana'), await onB.take('dana')]).toEqual([0, 0]);

      await own.stop();
      await waitFor(() => logs.some((m) => m.includes('Redis failed')), 10_000, 'the limiter to notice Redis is gone');
      // Each node now counts in its own memory: a whole allowance each, then refusals, and no call rejects.
      const fallbackA = [await onA.take('dana'), await onA.take('dana'), await onA.take('dana'), await onA.take('dana')];
      const fallbackB = [await onB.take('dana'), await onB.take('dana'), await onB.take('dana'), await onB.take('dana')];
      for (const run of [fallbackA, fallbackB]) {
        expect(run.slice(0, 3)).toEqual([0, 0, 0]);
        expect(run[3]).toBeGreaterThan(0);
      }
      await expect(onA.wait('dana')).resolves.toBeGreaterThan(0);
      await expect(onA.charge('erin')).resolves.toBe(1);
      await expect(onA.refund('erin')).resolves.toBeUndefined();
      // Failures are logged once per problem, not per call.
      expect(logs.filter((m) => m.includes('Redis failed')).length).toBeLessThanOrEqual(4);
      expect(logs.some((m) => m.includes('action let through'))).toBe(false);

      // Back (empty, on the same port): both nodes count one key as one again.
      own = await startRedisServer(own.port);
      await waitFor(() => logs.filter((m) => m.includes('Redis is back')).length >= 2, 20_000, 'both limiters to reconnect');
      const waits = [await onA.take('frank'), await onB.take('frank'), await onA.take('frank'), await onB.take('frank')];
      expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
      expect(waits[3]).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  }, 60_000);
});
