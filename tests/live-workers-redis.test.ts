import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_OWNER_TTL_MS, LowLatencyRegistry, RECORDING_FILE, checkLowLatencyPlaylist, createJobRunner, lastPartOf, parsePlaylist, createRemoteLiveRunner, startHlsOrigin, startLiveWorker, type HlsOrigin, type LiveWorker, type RemoteLiveRunner } from '@yunzhan/media-worker';
import type { JobEvent, LiveInputStream, Rendition } from '@yunzhan/shared';
import { ensureRedis, deleteKeys, type TestRedis } from './helpers/redis';
import { waitFor } from './helpers/util';

// Live ladders on media workers (LIVE_WORKERS=remote) over the real Redis: a server's remote
// runner queues a ladder with a structured payload; one of two workers (each with its own media
// folder, RTP address and HLS origin) takes it, says where to send RTP, and serves LL-HLS; when
// that worker stops, the other takes the live over and the server is told where to send next.

const RENDITIONS: Rendition[] = [{ name: '144p', width: 256, height: 144, videoKbps: 150, audioKbps: 48 }];
const INPUT: LiveInputStream[] = [
  { kind: 'video', payloadType: 96, codec: 'VP8', clockRate: 90000, ssrc: 1111 },
  { kind: 'audio', payloadType: 111, codec: 'opus', clockRate: 48000, channels: 2, ssrc: 2222 },
];
const BASE = `test-live-${process.pid}-${Date.now()}`;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

interface TestWorker {
  address: string;
  mediaDir: string;
  origin: HlsOrigin;
  live: LiveWorker;
  close(): Promise<void>;
}

let redis: TestRedis;
let root: string;
let runner: RemoteLiveRunner;
const workers: TestWorker[] = [];
const senders: ChildProcess[] = [];

async function startWorker(address: string): Promise<TestWorker> {
  const mediaDir = path.join(root, address, 'media');
  const streams = new LowLatencyRegistry();
  const origin = await startHlsOrigin({ host: address, port: 0, advertiseHost: address, mediaDir, streams, logger });
  const local = createJobRunner({ logger, mediaDir, workRoot: path.join(root, address, 'tmp'), rtp: { bindHost: address }, origin: origin.url, lowLatency: streams, videoEncoder: 'x264', restartDelayMs: 200 });
  const live = await startLiveWorker({ redisUrl: redis.url, base: BASE, runner: local, mediaDir, name: address, logger });
  const worker: TestWorker = {
    address,
    mediaDir,
    origin,
    live,
    close: async () => {
      await live.close();
      await local.close();
      await origin.close();
    },
  };
  workers.push(worker);
  return worker;
}

/** ffmpeg's test pattern (VP8) and a tone (Opus) as RTP to `address`, like a publisher's consumers. */
function sendRtp(address: string, ports: { rtp: number; rtcp: number }[]): ChildProcess {
  const url = (p: { rtp: number; rtcp: number }) => `rtp://${address}:${p.rtp}?rtcpport=${p.rtcp}&pkt_size=1200`;
  const child = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostats',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '25',
    '-ssrc', '1111', '-payload_type', '96', '-f', 'rtp', url(ports[0]!),
    '-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-ac', '2',
    '-ssrc', '2222', '-payload_type', '111', '-f', 'rtp', url(ports[1]!),
  ], { stdio: 'ignore' });
  senders.push(child);
  return child;
}

beforeAll(async () => {
  redis = await ensureRedis();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-live-workers-'));
  runner = await createRemoteLiveRunner({ redisUrl: redis.url, base: BASE, logger, stopTimeoutMs: 30_000 });
}, 30_000);

afterAll(async () => {
  for (const s of senders) s.kill('SIGKILL');
  await runner?.close();
  await Promise.allSettled(workers.map((w) => w.close()));
  if (redis) {
    await deleteKeys(redis.url, `bull:${BASE}-live:`);
    await deleteKeys(redis.url, `${BASE}:`);
    await redis.stop();
  }
  fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('live ladders on media workers', () => {
  it('runs a ladder on a worker host, serves its LL-HLS from that worker, and moves it to another worker when that one stops', async () => {
    const first = await startWorker('127.0.0.4');
    const job = runner.dispatch({ type: 'live-ladder', payload: { streamId: 'remote-1', eventId: 'ev', input: INPUT, renditions: RENDITIONS, segmentSeconds: 2 } });
    const events: JobEvent[] = [];
    job.onEvent((e) => {
      events.push(e);
      if (e.type === 'rtp-listening') sendRtp(e.address, e.ports);
    });

    // The worker opened its input on its own address and says where its origin is.
    const listening = await waitFor(() => events.find((e): e is Extract<JobEvent, { type: 'rtp-listening' }> => e.type === 'rtp-listening'), 20_000, 'rtp-listening');
    expect(listening.address).toBe('127.0.0.4');
    expect(listening.origin).toBe(first.origin.url);
    expect(listening.ports).toHaveLength(2);
    await waitFor(() => events.some((e) => e.type === 'progress' && (e.segments ?? 0) >= 2), 40_000, 'two segments on the first worker');
    expect(job.state).toBe('running');
    // The ladder's ffmpeg is this worker's child (here: this process), reported with the events.
    expect(job.pid).toBeGreaterThan(0);
    expect(first.live.running().map((r) => r.streamId)).toEqual(['remote-1']);

    // LL-HLS from the worker's origin: the multivariant playlist, and a blocking reload that
    // the origin holds until the next part exists.
    const ll = `${first.origin.url}/hls/remote-1/ll`;
    const master = await (await fetch(`${ll}/master.m3u8`)).text();
    expect(master).toContain('144p.m3u8');
    const playlist = await (await fetch(`${ll}/144p.m3u8`)).text();
    const msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)![1]) + (playlist.match(/#EXTINF/g)?.length ?? 0);
    const held = await fetch(`${ll}/144p.m3u8?_HLS_msn=${msn}&_HLS_part=0`);
    expect(held.status).toBe(200);
    expect(held.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    // Held until part 0 of segment `msn` existed: the answer ends at or after it.
    expect(lastPartOf(parsePlaylist(await held.text()))!.msn).toBeGreaterThanOrEqual(msn);

    // A restart (a publisher who came back) is a command the worker answers.
    await job.restart();
    await waitFor(() => events.filter((e) => e.type === 'input-ready').length >= 2, 20_000, 'the second run');

    // The first worker goes away; a second one, on another address, takes the live over.
    const second = await startWorker('127.0.0.5');
    const takenFrom = events.length;
    await first.close();
    const moved = await waitFor(
      () => events.slice(takenFrom).find((e): e is Extract<JobEvent, { type: 'rtp-listening' }> => e.type === 'rtp-listening'),
      20_000,
      'the live on the second worker',
    );
    expect(moved.address).toBe('127.0.0.5');
    expect(moved.origin).toBe(second.origin.url);
    expect(events.slice(takenFrom).some((e) => e.type === 'crashed')).toBe(true);
    const before = events.filter((e) => e.type === 'progress').length;
    await waitFor(() => events.filter((e) => e.type === 'progress').length >= before + 2, 40_000, 'segments on the second worker');
    expect(second.live.running().map((r) => r.streamId)).toEqual(['remote-1']);
    // The second worker's playlists go on where the first stopped, after a discontinuity: a
    // player reloading the same URL (now proxied to the second worker) keeps going.
    const reachedBefore = Math.max(...events.slice(0, takenFrom).flatMap((e) => (e.type === 'progress' && e.segments !== undefined ? [e.segments] : [])));
    const continued = await (await fetch(`${second.origin.url}/hls/remote-1/ll/144p.m3u8`)).text();
    expect(Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(continued)![1])).toBeGreaterThan(reachedBefore);
    expect(Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(continued)![1])).toBeGreaterThanOrEqual(1);
    expect(checkLowLatencyPlaylist(continued)).toEqual([]);

    // The web node that started the live dies (here: stops renewing its hold); another node
    // takes the hold once it lapses, follows the same job and restarts it for its new producers.
    const otherNode = await createRemoteLiveRunner({ redisUrl: redis.url, base: BASE, logger, node: 'node-b' });
    try {
      expect(await runner.ownership.claim('ev')).toBe(true);
      expect(await otherNode.ownership.claim('ev')).toBe(false);
      expect(await otherNode.ownership.owner('ev')).toBe(runner.ownership.node);
      runner.ownership.close();
      expect(await otherNode.ownership.claim('ev', LIVE_OWNER_TTL_MS + 2000)).toBe(true);
      expect(await otherNode.ownership.owner('ev')).toBe('node-b');
      const adopted = await waitFor(async () => {
        const a = await otherNode.adopt('remote-1');
        return a?.listening?.address === '127.0.0.5' ? a : undefined;
      }, 10_000, 'the live adopted, with where its worker listens');
      expect(adopted.input).toEqual(INPUT);
      expect(adopted.listening!.origin).toBe(second.origin.url);
      expect(adopted.handle.state).toBe('running');
      expect(await otherNode.adopt('no-such-stream')).toBeUndefined();
      const adoptedEvents: JobEvent[] = [];
      adopted.handle.onEvent((e) => adoptedEvents.push(e));
      await adopted.handle.restart();
      await waitFor(() => adoptedEvents.find((e) => e.type === 'input-ready'), 20_000, 'the restart, seen by the adopting node');
      await waitFor(() => adoptedEvents.find((e) => e.type === 'progress' && (e.segments ?? 0) > reachedBefore), 40_000, 'segments after the restart');

      // Stop, from the adopting node: the second worker ends the ladder (ENDLIST), and both
      // nodes' handles complete.
      await adopted.handle.stop();
      expect(await adopted.handle.done).toBe('completed');
      expect(await job.done).toBe('completed');
      await otherNode.ownership.release('ev');
      expect(await otherNode.ownership.owner('ev')).toBeNull();
      // The first node to find a live without a holder says since when; the others read the same.
      const since = await otherNode.ownership.orphanedSince('ev', 60_000);
      expect(await runner.ownership.orphanedSince('ev', 60_000)).toBe(since);
    } finally {
      await otherNode.close();
    }
    const endPlaylist = fs.readFileSync(path.join(second.mediaDir, 'hls', 'remote-1', '144p', 'index.m3u8'), 'utf8');
    expect(endPlaylist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(runner.active()).toEqual([]);
    // Then the worker makes the live's MP4 where its files are, and lets the job go.
    await waitFor(() => second.live.running().length === 0, 60_000, 'the worker to finish the live');
    expect(fs.statSync(path.join(second.mediaDir, 'hls', 'remote-1', RECORDING_FILE)).size).toBeGreaterThan(10_000);
  }, 180_000);

  it('refuses a payload without video before anything is queued', () => {
    expect(() =>
      runner.dispatch({ type: 'live-ladder', payload: { streamId: 'bad', eventId: 'ev', input: [INPUT[1]!], renditions: RENDITIONS, segmentSeconds: 2 } }),
    ).toThrow(/One video stream/);
  });
});
