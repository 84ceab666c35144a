import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { processesMatching, startTestServer, waitFor, type TestServer } from './helpers/server';

// The whole live path with real processes: rehearsal ffmpeg -> PlainTransport -> mediasoup ->
// PlainTransport -> ladder ffmpeg -> HLS on disk -> served over HTTP.
let server: TestServer;

const text = async (url: string) => {
  const res = await fetch(url);
  return res.ok ? res.text() : null;
};

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
});
afterAll(async () => server?.dispose());

describe('live pipeline with real mediasoup and ffmpeg', () => {
  it('turns the rehearsal source into a 3-rendition fMP4 ladder, survives a SIGKILL and ends with a complete replay', async () => {
    const [live] = server.live.runningStreams();
    expect(live?.eventId).toBe(DEMO_REHEARSAL_EVENT);
    const { streamId } = live!;
    const base = `${server.url}/hls/${streamId}`;

    // The API announces the stream once its first segment exists.
    const summary = await waitFor(async () => {
      const res = await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}`);
      const e = (await res.json()) as { status: string; hls: { master: string } | null };
      return e.hls ? e : null;
    }, 40_000, 'the stream to be announced');
    expect(summary.status).toBe('live');
    expect(summary.hls!.master).toBe(`/hls/${streamId}/master.m3u8`);

    const master = (await text(`${base}/master.m3u8`))!;
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    expect(variants.length).toBeGreaterThanOrEqual(3);
    for (const v of variants) {
      expect(v).toMatch(/BANDWIDTH=\d+/);
      expect(v).toMatch(/RESOLUTION=\d+x\d+/);
      expect(v).toMatch(/CODECS="avc1\.[0-9a-fA-F]{6},mp4a\.40\.2"/);
    }
    expect(master).toContain('RESOLUTION=1280x720');
    expect(master).toContain('RESOLUTION=854x480');
    expect(master).toContain('RESOLUTION=640x360');
    const mediaUri = master.split('\n').find((l) => l && !l.startsWith('#'))!;
    const media = (await text(`${base}/${mediaUri}`))!;
    expect(media).toContain('#EXT-X-MAP');
    expect(media).toMatch(/#EXT-X-PROGRAM-DATE-TIME:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/);
    expect(media).not.toContain('#EXT-X-ENDLIST');
    const pdts = [...media.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)].map((m) => Date.parse(m[1]!));
    // Capture time: in the recent past, never in the future.
    expect(pdts.at(-1)!).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - pdts.at(-1)!).toBeLessThan(30_000);

    // Kill the ladder's ffmpeg: the job notices, restarts, and the playlist continues.
    const job = server.jobs.active().find((j) => j.type === 'live-ladder')!;
    const events: JobEvent[] = [];
    const off = job.onEvent((e) => events.push(e));
    const oldPid = job.pid!;
    process.kill(oldPid, 'SIGKILL');
    await waitFor(() => events.some((e) => e.type === 'crashed'), 10_000, 'the crash to be noticed');
    await waitFor(() => job.pid && job.pid !== oldPid, 10_000, 'a restarted ffmpeg');
    const afterRestart = await waitFor(async () => {
      const m = await text(`${base}/${mediaUri}`);
      return m && m.includes('#EXT-X-DISCONTINUITY') && /#EXT-X-DISCONTINUITY[\s\S]*#EXTINF/.test(m) ? m : null;
    }, 40_000, 'segments after the restart');
    expect(afterRestart).toContain('#EXT-X-DISCONTINUITY');
    off();

    // End the live: every playlist ends with ENDLIST, no ffmpeg is left, the replay is listed.
    const pids = [job.pid!, ...server.jobs.active().map((j) => j.pid).filter((p): p is number => !!p)];
    const state = await server.live.end(DEMO_REHEARSAL_EVENT, 'test');
    expect(state.status).toBe('ended');
    expect(state.hls?.master).toBe(`/hls/${streamId}/master.m3u8`);
    for (const uri of master.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const playlist = (await text(`${base}/${uri}`))!;
      expect(playlist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    }
    const dir = path.join(server.config.mediaDir, 'hls', streamId);
    expect(fs.existsSync(dir)).toBe(true);
    // The recording is published as one MP4 (remuxed, no re-encode) through the batch queue.
    const recording = await waitFor(async () => {
      const job = await server.queue.get(`recording-${streamId}`);
      return job?.state === 'completed' ? job : null;
    }, 30_000, 'the recording to be published');
    expect(recording.result).toMatchObject({ file: 'recording.mp4', runs: 2 });
    const summaryAfter = (await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}`)).json()) as { recording: { url: string } | null };
    expect(summaryAfter.recording?.url).toBe(`/hls/${streamId}/recording.mp4`);
    const mp4 = await fetch(`${server.url}${summaryAfter.recording!.url}`, { headers: { range: 'bytes=0-7' } });
    expect(mp4.status).toBe(206);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(processesMatching(streamId)).toEqual([]);
    await server.close();
    for (const pid of pids) expect(fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))).toBe(false);
    expect(processesMatching(server.dataDir)).toEqual([]);
  }, 150_000);
});
