import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestInfo } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { pushWithFfmpeg } from './helpers/encoder-push';
import { HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from './helpers/server';

// SRT ingest, issue 14: ffmpeg calls the SRT listener as a hardware encoder does (MPEG-TS, H.264
// High and AAC, the stream key as its streamid). A wrong or rotated key is rejected in the SRT
// handshake before anything starts; the right one makes the event live through the same ladder
// as a browser host (three renditions, segments written); a drop waits for the encoder, the
// encoder's own stop ends the live.

let server: TestServer;
let hostCookie: string;
const pushes: ChildProcess[] = [];

const ladders = () => server.jobs.active().filter((j) => j.type === 'live-ladder');
const live = () => server.live.state(DEMO_CAMERA_EVENT);

async function ingest(path = 'ingest', method = 'GET'): Promise<IngestInfo> {
  const res = await fetch(`${server.url}/api/events/${DEMO_CAMERA_EVENT}/${path}`, { method, headers: { cookie: hostCookie } });
  expect(res.status).toBe(200);
  return IngestInfo.parse(await res.json());
}

const push = (url: string) => pushWithFfmpeg(url, 'mpegts', 'high', pushes);

beforeAll(async () => {
  server = await startTestServer({ srtPort: 0 });
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
}, 60_000);
afterAll(async () => {
  for (const p of pushes) p.kill('SIGKILL');
  await server?.dispose();
});

describe('SRT ingest', () => {
  it('gives the caller URL with the stream key as streamid, and rejects a wrong or rotated key in the handshake', async () => {
    const port = server.ingestPorts.srt!;
    const first = await ingest();
    expect(first.srt!.url).toBe(`srt://127.0.0.1:${port}?streamid=${DEMO_CAMERA_EVENT}.${first.whip.token}&latency=200000`);
    const rotated = await ingest('ingest/rotate', 'POST');
    for (const url of [first.srt!.url, rotated.srt!.url.replace(/streamid=[^&]+/, 'streamid=nonsense'), rotated.srt!.url.replace(/streamid=[^&]+/, `streamid=${DEMO_CAMERA_EVENT}.${'x'.repeat(43)}`)]) {
      const p = push(url);
      expect(await p.exit, url).not.toBe(0);
      expect(p.stderr(), url).toMatch(/reject/i);
    }
    expect(ladders()).toEqual([]);
    expect((await live()).status).not.toBe('live');
  }, 60_000);

  it('makes the event live from an SRT push, refuses a second caller, resumes after a drop and ends when the encoder stops', async () => {
    const { srt } = await ingest();
    const encoder = push(srt!.url);
    const state = await waitFor(async () => {
      const s = await live();
      return s.status === 'live' && s.hls ? s : undefined;
    }, 60_000, 'the live from SRT');
    const master = await (await fetch(`${server.url}${state.hls!.master}`)).text();
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))).toHaveLength(3);
    const media = new URL(master.split('\n').find((l) => l.endsWith('.m3u8'))!, `${server.url}${state.hls!.master}`).href;
    await waitFor(async () => (((await (await fetch(media)).text()).match(/#EXTINF/g)?.length ?? 0) >= 2 ? true : undefined), 60_000, 'segments from the SRT picture');

    // A second caller with the same key is rejected while the first is on air.
    const second = push(srt!.url);
    expect(await second.exit).not.toBe(0);
    expect(second.stderr()).toMatch(/reject/i);

    // The encoder drops (killed: no SHUTDOWN, its packets just stop): the live waits for it, and a
    // new call resumes the same live on the same stream.
    const streamId = server.live.runningStreams()[0]!.streamId;
    encoder.child.kill('SIGKILL');
    await waitFor(async () => ((await live()).awaitingPublisher ? true : undefined), 30_000, 'the live waiting for its encoder');
    const again = push(srt!.url);
    await waitFor(async () => {
      const s = await live();
      return s.status === 'live' && !s.awaitingPublisher ? s : undefined;
    }, 30_000, 'the live resumed');
    expect(server.live.runningStreams().map((r) => r.streamId)).toEqual([streamId]);

    // The encoder stops (ffmpeg closes its SRT socket: SHUTDOWN): the live ends.
    again.child.stdin!.write('q');
    await again.exit;
    await waitFor(async () => ((await live()).status === 'ended' ? true : undefined), 30_000, 'the live ended');
    expect(ladders()).toEqual([]);
  }, 180_000);
});
