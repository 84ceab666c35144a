import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { IngestInfo } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from './helpers/browser';
import { pushWithFfmpeg } from './helpers/encoder-push';
import { HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from './helpers/server';

// RTMP ingest, issue 14: ffmpeg pushes to the RTMP listener as OBS does (server URL + stream key,
// x264 and AAC in FLV); the key is checked before anything starts, the event goes live through the
// same ladder as a browser host (three renditions) and plays in Chromium; a drop waits for the
// encoder, the encoder's own stop ends the live. Constrained-baseline video is copied, other
// profiles (OBS's default is High) are re-encoded on the way in.

let server: TestServer;
let browser: Browser;
let hostCookie: string;
const pushes: ChildProcess[] = [];

const ladders = () => server.jobs.active().filter((j) => j.type === 'live-ladder');

async function ingest(path = 'ingest', method = 'GET'): Promise<IngestInfo> {
  const res = await fetch(`${server.url}/api/events/${DEMO_CAMERA_EVENT}/${path}`, { method, headers: { cookie: hostCookie } });
  expect(res.status).toBe(200);
  return IngestInfo.parse(await res.json());
}

const push = (url: string, profile: 'baseline' | 'high' = 'baseline') => pushWithFfmpeg(url, 'flv', profile, pushes);

const live = () => server.live.state(DEMO_CAMERA_EVENT);

/** The top rendition's media playlist of a stream, or '' before it exists. */
function mediaPlaylist(streamId: string): string {
  const file = path.join(server.config.mediaDir, 'hls', streamId, '720p', 'index.m3u8');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

beforeAll(async () => {
  server = await startTestServer({ rtmpPort: 0 });
  browser = await launchChromium(false);
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
}, 60_000);
afterAll(async () => {
  for (const p of pushes) p.kill('SIGKILL');
  await browser?.close();
  await server?.dispose();
});

describe('RTMP ingest', () => {
  it('gives the server URL and stream key to the hosts, and refuses a wrong or rotated key, another app and garbage before any ladder starts', async () => {
    const port = server.ingestPorts.rtmp!;
    expect(port).toBeGreaterThan(0);
    const first = await ingest();
    expect(first.rtmp).toEqual({ url: `rtmp://127.0.0.1:${port}/live`, streamKey: `${DEMO_CAMERA_EVENT}.${first.whip.token}` });
    const rotated = await ingest('ingest/rotate', 'POST');

    const refusals = [
      [`${first.rtmp!.url}/${first.rtmp!.streamKey}`, 'UNAUTHENTICATED'],
      [`${rotated.rtmp!.url}/${DEMO_CAMERA_EVENT}.${'x'.repeat(43)}`, 'UNAUTHENTICATED'],
      [`${rotated.rtmp!.url}/not-a-key`, 'UNAUTHENTICATED'],
      [`rtmp://127.0.0.1:${port}/other/${rotated.rtmp!.streamKey}`, 'NOT_FOUND'],
    ] as const;
    for (const [url, code] of refusals) {
      const p = push(url);
      expect(await p.exit, url).not.toBe(0);
      expect(p.stderr(), url).toContain(code);
    }

    // Bytes that are not RTMP: the connection is closed and the listener carries on.
    const garbage = net.connect(port, '127.0.0.1').resume();
    garbage.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536), Buffer.alloc(1536), Buffer.from('ffffffffffffffffffffffff', 'hex')]));
    await new Promise((resolve) => garbage.once('close', resolve));
    const wrongVersion = net.connect(port, '127.0.0.1').resume();
    wrongVersion.write(Buffer.alloc(2000, 6));
    await new Promise((resolve) => wrongVersion.once('close', resolve));

    expect(ladders()).toEqual([]);
    expect((await live()).status).not.toBe('live');
  }, 60_000);

  it('makes the event live from an ffmpeg push, plays it, refuses a second push, resumes after a drop and ends when the encoder stops', async () => {
    const errors: string[] = [];
    const { rtmp } = await ingest();
    const target = `${rtmp!.url}/${rtmp!.streamKey}`;
    const encoder = push(target);

    const state = await waitFor(async () => {
      const s = await live();
      return s.status === 'live' && s.hls ? s : undefined;
    }, 60_000, 'the live from RTMP');
    const master = await (await fetch(`${server.url}${state.hls!.master}`)).text();
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))).toHaveLength(3);
    expect(ladders()).toHaveLength(1);

    const viewer = await (await browser.newContext()).newPage();
    collectPageErrors(viewer, errors);
    await viewer.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await viewer.goto(`${server.url}/events/${DEMO_CAMERA_EVENT}`);
    await waitForPlayingVideo(viewer, 60_000);

    // A second encoder with the same key is refused while the first one is on air.
    const second = push(target);
    expect(await second.exit).not.toBe(0);
    expect(second.stderr()).toContain('CONFLICT');

    // The encoder drops (killed, no deleteStream): the live waits; a new push, now in H.264 High
    // as OBS sends by default (re-encoded on the way in), resumes the same live on the same stream.
    const streamId = server.live.runningStreams()[0]!.streamId;
    encoder.child.kill('SIGKILL');
    await waitFor(async () => ((await live()).awaitingPublisher ? true : undefined), 30_000, 'the live waiting for its encoder');
    const again = push(target, 'high');
    await waitFor(async () => {
      const s = await live();
      return s.status === 'live' && !s.awaitingPublisher ? s : undefined;
    }, 30_000, 'the live resumed');
    expect(server.live.runningStreams().map((r) => r.streamId)).toEqual([streamId]);
    // The re-encoded stream reaches the ladder: new segments follow the discontinuity.
    await waitFor(() => (/#EXT-X-DISCONTINUITY[\s\S]*#EXTINF[\s\S]*#EXTINF/.test(mediaPlaylist(streamId)) ? true : undefined), 40_000, 'segments after the resume');
    await waitForPlayingVideo(viewer, 60_000);

    // The encoder stops streaming (ffmpeg ends its output: FCUnpublish, deleteStream): the live ends.
    again.child.stdin!.write('q');
    expect(await again.exit).toBe(0);
    await waitFor(async () => ((await live()).status === 'ended' ? true : undefined), 30_000, 'the live ended');
    expect(ladders()).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
