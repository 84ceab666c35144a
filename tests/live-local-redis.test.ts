import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { startTestServer, waitFor, type TestServer } from './helpers/server';

// A node with Redis and its lives in its own process (LIVE_WORKERS=local): the batch queue's
// jobs go to `npm run worker` hosts, which cannot see this node's files, so the node makes a
// live's recording itself, at once, rather than queueing it for a worker that would fail.

const prefix = `yz-local-redis-${process.pid}`;
let redis: TestRedis;
let server: TestServer;

beforeAll(async () => {
  redis = await ensureRedis();
  server = await startTestServer({ rehearsal: true, redisUrl: redis.url, redisKeyPrefix: prefix });
}, 60_000);

afterAll(async () => {
  await server?.dispose();
  if (redis) {
    await deleteKeys(redis.url, prefix);
    await deleteKeys(redis.url, `bull:${prefix}-batch`);
    await redis.stop();
  }
}, 60_000);

describe('a local live on a node with Redis', () => {
  it('publishes its recording on the node that holds its files, with no job for a worker', async () => {
    const { streamId } = server.live.runningStreams()[0]!;
    await waitFor(async () => (await server.live.state(DEMO_REHEARSAL_EVENT)).hls, 40_000, 'the live to be playable');
    // A few segments, so the recording has something to hold.
    await new Promise((r) => setTimeout(r, 4000));
    await server.live.end(DEMO_REHEARSAL_EVENT, 'test');
    const summary = await waitFor(async () => {
      const s = (await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}`)).json()) as { recording: { url: string } | null };
      return s.recording ? s : undefined;
    }, 30_000, 'the recording');
    expect(summary.recording!.url).toBe(`/hls/${streamId}/recording.mp4`);
    const mp4 = await fetch(`${server.url}${summary.recording!.url}`, { headers: { range: 'bytes=0-7' } });
    expect(mp4.status).toBe(206);
    expect(Buffer.from(await mp4.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('ftyp');
    // Nothing was queued for the workers.
    expect(await server.queue.get(`recording-${streamId}`)).toBeNull();
  }, 90_000);
});
