import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CAMERA_EVENT, publishRehearsalSource } from '@yunzhan/server';
import { startTestServer, waitFor, type TestServer } from './helpers/server';

// A publisher that drops mid-show and comes back: real mediasoup producers fed by a real ffmpeg
// "camera" (the rehearsal source), the real ladder, the real queue.
const servers: TestServer[] = [];
const sources: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of sources) await s.stop();
  for (const s of servers) await s.dispose();
});

/** A generated camera (the rehearsal source, run by the job runner) publishing under `peerId`; `drop()` is the connection going away. */
async function publish(server: TestServer, peerId: string) {
  const source = await publishRehearsalSource(server.live, server.jobs, DEMO_CAMERA_EVENT, peerId);
  sources.push(source);
  return { drop: () => source.stop() };
}

const eventState = (server: TestServer) => server.live.state(DEMO_CAMERA_EVENT);
const mediaPlaylist = (server: TestServer, streamId: string) => {
  const file = path.join(server.config.mediaDir, 'hls', streamId, '720p', 'index.m3u8');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

describe('publisher reconnect', () => {
  it('continues the same live after a drop, with a discontinuity, and the show makes one replay', async () => {
    const server = await startTestServer({ reconnectGraceSeconds: 60 });
    servers.push(server);
    const first = await publish(server, 'camera-a');
    await server.live.startFor(DEMO_CAMERA_EVENT, 'camera-a');
    await waitFor(async () => (await eventState(server)).hls, 40_000, 'the live to play');
    const streamId = (await server.store.events.get(DEMO_CAMERA_EVENT))!.streamId!;
    await waitFor(() => (mediaPlaylist(server, streamId).match(/#EXTINF/g)?.length ?? 0) >= 2, 20_000, 'segments');

    await first.drop();
    const waiting = await waitFor(async () => {
      const s = await eventState(server);
      return s.awaitingPublisher ? s : null;
    }, 10_000, 'the live to wait for its publisher');
    expect(waiting.status).toBe('live');

    await publish(server, 'camera-b');
    const resumed = await server.live.startFor(DEMO_CAMERA_EVENT, 'camera-b');
    expect(resumed.status).toBe('live');
    expect(resumed.awaitingPublisher).toBe(false);
    expect((await server.store.events.get(DEMO_CAMERA_EVENT))!.streamId).toBe(streamId);
    const continued = await waitFor(() => {
      const m = mediaPlaylist(server, streamId);
      return /#EXT-X-DISCONTINUITY[\s\S]*#EXTINF[\s\S]*#EXTINF/.test(m) ? m : null;
    }, 40_000, 'segments after the discontinuity');
    expect(continued.match(/#EXT-X-DISCONTINUITY\n/g)?.length).toBe(1);

    const ended = await server.live.end(DEMO_CAMERA_EVENT, 'test');
    expect(ended.status).toBe('ended');
    expect(mediaPlaylist(server, streamId).trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    // One show, one stream folder, one recording made of both runs.
    expect(fs.readdirSync(path.join(server.config.mediaDir, 'hls')).filter((d) => d.startsWith(DEMO_CAMERA_EVENT))).toEqual([streamId]);
    const recording = await waitFor(async () => {
      const job = await server.queue.get(`recording-${streamId}`);
      return job?.state === 'completed' ? job : null;
    }, 30_000, 'the recording');
    expect(recording.result).toMatchObject({ runs: 2 });
  }, 150_000);

  it('ends the live with a complete replay when the publisher does not come back in time', async () => {
    const server = await startTestServer({ reconnectGraceSeconds: 2 });
    servers.push(server);
    const cam = await publish(server, 'camera-a');
    await server.live.startFor(DEMO_CAMERA_EVENT, 'camera-a');
    await waitFor(async () => (await eventState(server)).hls, 40_000, 'the live to play');
    const streamId = (await server.store.events.get(DEMO_CAMERA_EVENT))!.streamId!;
    await cam.drop();
    const ended = await waitFor(async () => {
      const s = await eventState(server);
      return s.status === 'ended' ? s : null;
    }, 20_000, 'the live to end');
    expect(ended.hls?.master).toBe(`/hls/${streamId}/master.m3u8`);
    expect(mediaPlaylist(server, streamId).trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  }, 90_000);
});
