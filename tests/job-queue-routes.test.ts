import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJobRecord, ErrorBody } from '@yunzhan/shared';
import { ensureRedis } from './helpers/redis';
import { ADMIN_PASSWORD, HOST_PASSWORD, signIn, startTestServer, type TestServer } from './helpers/server';

// The admin job list over HTTP, on the real server with its default in-process queue (in its SQLite database).

let server: TestServer;
let admin: string;

async function api(path: string, cookie?: string, method = 'GET') {
  const res = await fetch(`${server.url}${path}`, { method, headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
});
afterAll(async () => server?.dispose());

describe('admin job routes', () => {
  it('lets only admins list jobs: anonymous gets 401, a host or viewer 403', async () => {
    expect(await api('/api/jobs')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const host = await signIn(server.url, 'host', HOST_PASSWORD);
    expect(await api('/api/jobs', host)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jobviewer', password: 'viewer-password' }),
    });
    const viewer = await signIn(server.url, 'jobviewer', 'viewer-password');
    expect(await api('/api/jobs', viewer)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await api('/api/jobs/x/cancel', viewer, 'POST')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await api('/api/jobs/x/cancel', undefined, 'POST')).toMatchObject({ status: 401 });
  });

  it('lists jobs with their state and progress, filtered by state and type', async () => {
    await server.queue.enqueue({ type: 'recording-publish', payload: { eventId: 'ev-1', streamId: 'listed', streamDir: '/tmp/listed' } }, { id: 'listed-job' });
    const all = await api('/api/jobs', admin);
    expect(all.status).toBe(200);
    const job = (all.body as BatchJobRecord[]).find((j) => j.id === 'listed-job');
    expect(job).toMatchObject({ type: 'recording-publish', maxAttempts: 5, payload: { streamId: 'listed' } });
    expect(['queued', 'active']).toContain(job?.state);
    expect(typeof job?.progress).toBe('number');

    const vod = await api('/api/jobs?type=vod-hls', admin);
    expect(vod).toMatchObject({ status: 200, body: [] });
    const done = await api('/api/jobs?state=completed&limit=5', admin);
    expect(done).toMatchObject({ status: 200, body: [] });
    const one = await api('/api/jobs/listed-job', admin);
    expect(one).toMatchObject({ status: 200, body: { id: 'listed-job' } });
  });

  it('answers 400 for a bad filter, in the shared error shape', async () => {
    for (const q of ['state=sleeping', 'type=nope', 'limit=0', 'limit=abc']) {
      const res = await api(`/api/jobs?${q}`, admin);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('cancels a job for an admin, and answers 404 NOT_FOUND for a missing one', async () => {
    await server.queue.enqueue({ type: 'recording-publish', payload: { eventId: 'ev-1', streamId: 'cancel', streamDir: '/tmp/cancel' } }, { id: 'cancel-job' });
    const cancelled = await api('/api/jobs/cancel-job/cancel', admin, 'POST');
    expect(cancelled).toMatchObject({ status: 200, body: { id: 'cancel-job', state: 'cancelled' } });
    expect(await api('/api/jobs?state=cancelled', admin)).toMatchObject({ status: 200, body: [{ id: 'cancel-job' }] });
    expect(await api('/api/jobs/no-such-job/cancel', admin, 'POST')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await api('/api/jobs/no-such-job', admin)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});

describe('the server with REDIS_URL', () => {
  it('serves the job list from BullMQ', async () => {
    const redis = await ensureRedis();
    // The server uses the default queue names; on a shared Redis, remove only what this test created.
    const client = new Redis(redis.url);
    const before = new Set(await client.keys('bull:yunzhan-batch-*'));
    const redisServer = await startTestServer({ redisUrl: redis.url });
    try {
      const cookie = await signIn(redisServer.url, 'admin', ADMIN_PASSWORD);
      const res = await fetch(`${redisServer.url}/api/jobs?state=queued&limit=1`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
      expect(await redisServer.queue.get('no-such-job')).toBeNull();
    } finally {
      await redisServer.dispose();
      const created = (await client.keys('bull:yunzhan-batch-*')).filter((k) => !before.has(k));
      if (created.length) await client.del(...created);
      await client.quit();
      await redis.stop();
    }
  });
});
