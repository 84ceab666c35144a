import { execFileSync } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VodHlsResult, type BatchJobContext, type Rendition, type VodHlsPayload } from '@yunzhan/shared';
import { processesMatching, waitFor } from '../live/test-support';
import { generateClip } from './test-fixtures';
import { createVodHlsHandler } from './vod-hls-job';

const LADDER: Rendition[] = [
  { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, videoKbps: 600, audioKbps: 64 },
  { name: '240p', width: 426, height: 240, videoKbps: 300, audioKbps: 48 },
];

let dir: string;

/** A real batch context: an AbortController and a recorder of every progress report. */
function context() {
  const controller = new AbortController();
  const progress: number[] = [];
  const ctx: BatchJobContext = { signal: controller.signal, progress: (p) => progress.push(p), attempt: 1 };
  return { ctx, controller, progress };
}

const payloadFor = (source: string, assetId: string, renditions: Rendition[]): VodHlsPayload => ({
  assetId,
  sourcePath: source,
  outputDir: path.join(dir, 'hls', assetId),
  renditions,
  segmentSeconds: 2,
});

/** width x height of an image or video, read by ffprobe. */
const sizeOf = (file: string) =>
  execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file], { encoding: 'utf8' }).trim();

/** Cues of a WebVTT track: start, end (seconds) and target. */
function cuesOf(vtt: string) {
  const seconds = (t: string) => t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  return [...vtt.matchAll(/^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+)$/gm)].map((m) => ({
    start: seconds(m[1]!),
    end: seconds(m[2]!),
    target: m[3]!,
  }));
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunzhan-vod-'));
  await generateClip(path.join(dir, 'clip.mp4'), { seconds: 7, size: '640x360' });
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('vod-hls handler with the real ffmpeg', () => {
  it('turns a 7 s 640x360 clip into a VOD ladder with poster, sprite and thumbnail track', async () => {
    const handler = createVodHlsHandler({ videoEncoder: 'x264' });
    const { ctx, progress } = context();
    const payload = payloadFor(path.join(dir, 'clip.mp4'), 'clip-1', LADDER);
    const result = VodHlsResult.parse(await handler(payload, ctx));
    const out = payload.outputDir;

    // 720p is taller than the source: skipped.
    expect(result.renditions.map((r) => `${r.name} ${r.width}x${r.height}`)).toEqual(['360p 640x360', '240p 426x240']);
    expect(result).toMatchObject({ master: 'master.m3u8', poster: 'poster.jpg', thumbnails: 'thumbnails.vtt', sprites: ['sprite-000.jpg'] });
    expect(result.durationSeconds).toBeCloseTo(7, 0);

    const master = await fs.readFile(path.join(out, 'master.m3u8'), 'utf8');
    expect(master).toMatch(/RESOLUTION=640x360,FRAME-RATE=30\.000,CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"\n360p\/index\.m3u8/);
    expect(master).toContain('RESOLUTION=426x240');
    expect(master).not.toContain('720p');
    for (const r of result.renditions) {
      expect(r.bandwidth).toBeGreaterThanOrEqual(r.averageBandwidth);
      const playlist = await fs.readFile(path.join(out, r.playlist), 'utf8');
      expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(playlist).toContain('#EXT-X-MAP:URI="init.mp4"');
      expect(playlist.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
      const segments = playlist.split('\n').filter((l) => l.endsWith('.m4s'));
      expect(segments.length).toBe(4);
      for (const s of segments) expect((await fs.stat(path.join(out, r.name, s))).size).toBeGreaterThan(0);
    }
    expect(sizeOf(path.join(out, 'poster.jpg'))).toBe('640x360');
    // 7 thumbnails, one a second, in a 7x1 grid of 160x90 tiles.
    expect(sizeOf(path.join(out, 'sprite-000.jpg'))).toBe('1120x90');

    const cues = cuesOf(await fs.readFile(path.join(out, 'thumbnails.vtt'), 'utf8'));
    expect(cues[0]!.start).toBe(0);
    expect(cues.at(-1)!.end).toBeCloseTo(result.durationSeconds, 2);
    cues.forEach((cue, i) => {
      if (i > 0) expect(cue.start).toBeCloseTo(cues[i - 1]!.end, 3);
      const m = /^sprite-000\.jpg#xywh=(\d+),(\d+),160,90$/.exec(cue.target);
      expect(m, cue.target).not.toBeNull();
      expect(Number(m![1]) + 160).toBeLessThanOrEqual(1120);
    });

    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= progress[i - 1]!))).toBe(true);
    expect(progress.at(-1)).toBe(100);
    // Nothing but the published folder is left next to it.
    expect(await fs.readdir(path.join(dir, 'hls'))).toEqual(['clip-1']);
  });

  it('republishes over an earlier output on a second attempt', async () => {
    const handler = createVodHlsHandler({ videoEncoder: 'x264' });
    const payload = payloadFor(path.join(dir, 'clip.mp4'), 'clip-2', [LADDER[2]!]);
    await fs.mkdir(payload.outputDir, { recursive: true });
    await fs.writeFile(path.join(payload.outputDir, 'stale.txt'), 'from a failed attempt');
    const result = VodHlsResult.parse(await handler(payload, context().ctx));
    expect(result.renditions.map((r) => r.name)).toEqual(['240p']);
    expect((await fs.readdir(payload.outputDir)).sort()).toEqual(['240p', 'master.m3u8', 'poster.jpg', 'sprite-000.jpg', 'thumbnails.vtt']);
  });

  it('stops on abort: ffmpeg is killed, no partial output is left, the reason is the rejection', async () => {
    const source = await generateClip(path.join(dir, 'long.mp4'), { seconds: 40, size: '640x360', fps: 25 });
    const handler = createVodHlsHandler({ videoEncoder: 'x264' });
    const { ctx, controller } = context();
    const payload = payloadFor(source, 'long-1', [LADDER[1]!, LADDER[2]!]);
    const running = handler(payload, ctx).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    // Abort as soon as the transcoding ffmpeg runs (ffprobe reads the same file first): a 40 s clip
    // takes a few seconds to transcode on a fast machine, so waiting for progress could miss it.
    const isFfmpeg = (pid: number) => {
      try {
        return fsSync.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg';
      } catch {
        return false; // exited meanwhile
      }
    };
    const transcoder = () => processesMatching(`file:${source}`).filter(isFfmpeg);
    await waitFor(() => transcoder().length === 1, 30_000, 'the transcoding ffmpeg');
    const reason = new Error('cancelled by the test');
    controller.abort(reason);
    expect(await running).toBe(reason);
    expect(transcoder()).toEqual([]);
    expect(processesMatching(`file:${source}`)).toEqual([]);
    await expect(fs.access(payload.outputDir)).rejects.toThrow();
    expect((await fs.readdir(path.join(dir, 'hls'))).filter((n) => n.includes('long-1'))).toEqual([]);
  });

  it('rejects at once when the signal has already fired', async () => {
    const { ctx, controller } = context();
    controller.abort(new Error('too late'));
    await expect(createVodHlsHandler()(payloadFor(path.join(dir, 'clip.mp4'), 'clip-3', LADDER), ctx)).rejects.toThrow('too late');
  });
});
