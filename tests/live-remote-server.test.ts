import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LowLatencyRegistry, createJobRunner, createRemoteLiveRunner, startHlsOrigin, startLiveWorker, type HlsOrigin, type LiveWorker, type LocalJobRunner } from '@yunzhan/media-worker';
import { DEMO_CAMERA_EVENT, DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { deleteKeys, ensureRedis, type TestRedis } from './helpers/redis';
import { startTestServer, waitFor, type TestServer } from './helpers/server';

// A server with LIVE_WORKERS=remote whose live ladder waits in the queue while no media worker
// runs: the hosts are told after 20 s, and the live starts as soon as a worker comes. Then the
// live of another node that dies, whose host does not come back: this node ends it.

const prefix = `yz-remote-server-${process.pid}`;
let redis: TestRedis;
let server: TestServer;
let root: string;
const logs: { level: number; msg?: string }[] = [];
let worker: { runner: LocalJobRunner; origin: HlsOrigin; live: LiveWorker } | undefined;

beforeAll(async () => {
  redis = await ensureRedis();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-remote-server-'));
  server = await startTestServer({ liveWorkers: 'remote', redisUrl: redis.url, redisKeyPrefix: prefix, rehearsal: true, reconnectGraceSeconds: 2 }, { logs: (e) => logs.push(e) });
}, 60_000);

afterAll(async () => {
  await server?.dispose();
  if (worker) {
    await worker.live.close();
    await worker.runner.close();
    await worker.origin.close();
  }
  if (redis) {
    await deleteKeys(redis.url, prefix);
    await deleteKeys(redis.url, `bull:${prefix}-live`);
    await redis.stop();
  }
  fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('LIVE_WORKERS=remote without a free media worker', () => {
  it('tells the hosts the live waits for a worker, and starts it when one comes', async () => {
    // The rehearsal went live at start-up; its ladder is queued, not run by the server.
    await waitFor(() => server.live.runningStreams().length === 1, 20_000, 'the rehearsal live');
    expect(server.jobs.active().filter((j) => j.type === 'live-ladder')).toEqual([]);
    await waitFor(() => logs.find((l) => l.level >= 50 && l.msg === 'live ladder not taken by any media worker'), 40_000, 'the notice to the hosts');
    expect((await server.live.state(DEMO_REHEARSAL_EVENT)).hls).toBeNull();

    const mediaDir = path.join(root, 'worker-media');
    const streams = new LowLatencyRegistry();
    const logger = pino({ level: 'silent' });
    const origin = await startHlsOrigin({ host: '127.0.0.4', port: 0, advertiseHost: '127.0.0.4', mediaDir, streams, logger });
    const runner = createJobRunner({ logger, mediaDir, rtp: { bindHost: '127.0.0.4' }, origin: origin.url, lowLatency: streams, videoEncoder: 'x264' });
    worker = { runner, origin, live: await startLiveWorker({ redisUrl: redis.url, base: prefix, runner, mediaDir, logger }) };

    const state = await waitFor(async () => {
      const s = await server.live.state(DEMO_REHEARSAL_EVENT);
      return s.hls?.lowLatency ? s : undefined;
    }, 60_000, 'the live playable once the worker took it');
    const streamId = server.live.runningStreams()[0]!.streamId;
    expect(await server.store.streamOrigins.get(streamId)).toBe(origin.url);
    // The server proxies the worker's playlists.
    const master = await fetch(`${server.url}${state.hls!.master}`);
    expect(master.status).toBe(200);
    expect(await master.text()).toContain('#EXT-X-STREAM-INF');
  }, 150_000);

  it('ends the live of a node that died when its host does not come back, so that it is still finished', async () => {
    await server.live.end(DEMO_REHEARSAL_EVENT, 'the next test needs the worker');
    // Another node starts a live on the same worker, then dies: its hold is no longer renewed.
    const logger = pino({ level: 'silent' });
    const nodeA = await createRemoteLiveRunner({ redisUrl: redis.url, base: prefix, logger, node: 'node-that-dies' });
    try {
      expect(await nodeA.ownership.claim(DEMO_CAMERA_EVENT)).toBe(true);
      const input = [{ kind: 'video' as const, payloadType: 96, codec: 'VP8', clockRate: 90000, ssrc: 1 }];
      const job = nodeA.dispatch({
        type: 'live-ladder',
        payload: { streamId: 'orphan-1', eventId: DEMO_CAMERA_EVENT, input, renditions: [{ name: '144p', width: 256, height: 144, videoKbps: 150, audioKbps: 48 }], segmentSeconds: 2 },
      });
      await waitFor(() => worker!.live.running().some((r) => r.streamId === 'orphan-1'), 30_000, 'the other node\'s live on the worker');
      await server.store.events.update(DEMO_CAMERA_EVENT, { status: 'live', streamId: 'orphan-1', startedAt: new Date().toISOString(), endedAt: null });
      nodeA.ownership.close();
      // Its hold lapses (6 s) and this node notices (every 3 s): the live waits for its host, as
      // its viewers and hosts here are told (the console then offers to resume it).
      await waitFor(async () => ((await server.live.state(DEMO_CAMERA_EVENT)).awaitingPublisher ? true : undefined), 20_000, 'the live shown as waiting for its host');
      // After RECONNECT_GRACE_S (2 s) without a host, it is ended here.
      await waitFor(async () => ((await server.store.events.get(DEMO_CAMERA_EVENT))?.status === 'ended' ? true : undefined), 40_000, 'the live ended by this node');
      expect(logs.find((l) => l.msg === 'ended a live whose node stopped and whose host did not come back')).toBeDefined();
      // The worker finished it (EXT-X-ENDLIST, recording) and let the job go.
      expect(await job.done).toBe('completed');
      await waitFor(() => (worker!.live.running().length === 0 ? true : undefined), 30_000, 'the worker to let the live go');
      expect(await server.live.state(DEMO_CAMERA_EVENT)).toMatchObject({ status: 'ended' });
    } finally {
      await nodeA.close();
    }
  }, 120_000);

  it('hands its lives over when it stops: the ladder goes on on the worker and the hold is let go at once', async () => {
    // A second node (its own data) whose rehearsal goes live on the worker, then stops (SIGTERM).
    const node = await startTestServer({ liveWorkers: 'remote', redisUrl: redis.url, redisKeyPrefix: prefix, rehearsal: true });
    const logger = pino({ level: 'silent' });
    const observer = await createRemoteLiveRunner({ redisUrl: redis.url, base: prefix, logger, node: 'observer' });
    try {
      const running = await waitFor(() => worker!.live.running()[0], 30_000, "the node's live on the worker");
      expect(await observer.ownership.owner(DEMO_REHEARSAL_EVENT)).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      await node.dispose();
      // Still running on the worker, and nobody holds it: the next node can adopt it at once.
      expect(worker!.live.running().map((r) => r.streamId)).toEqual([running.streamId]);
      expect(await observer.ownership.owner(DEMO_REHEARSAL_EVENT)).toBeNull();
      expect(await observer.ownership.claim(DEMO_REHEARSAL_EVENT)).toBe(true);
      const adopted = (await observer.adopt(running.streamId))!;
      expect(adopted.handle.state).toBe('running');
      await adopted.handle.stop();
      expect(await adopted.handle.done).toBe('completed');
    } finally {
      await observer.close();
      await node.dispose().catch(() => undefined);
    }
  }, 120_000);
});
