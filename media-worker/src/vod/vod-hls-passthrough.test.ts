import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VodHlsResult, type BatchJobContext, type Rendition } from '@yunzhan/shared';
import { sourceCodecString } from '../encoders/passthrough';
import { childBoxes, findBox, readFragmentTimings, readInitSegment } from '../hls/mp4-boxes';
import { parseMediaPlaylist } from '../hls/playlist';
import { generateClip } from './test-fixtures';
import { createVodHlsHandler, type VodHlsJobResult } from './vod-hls-job';

// The passthrough with the real ffmpeg: an upload that already is the 720p rung is copied into
// it, and the encoded rungs are cut at the same frames; one whose key frames are too far apart
// is transcoded as before.

const LADDER: Rendition[] = [
  { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, videoKbps: 600, audioKbps: 64 },
  { name: '240p', width: 426, height: 240, videoKbps: 300, audioKbps: 48 },
];
const FRAME = 1 / 30;

let dir: string;
const ctx = (): BatchJobContext => ({ signal: new AbortController().signal, progress: () => {}, attempt: 1 });

/** x264 as a camera or an editor would write it: High, B-frames, a fixed GOP, 1.5 Mbit/s. */
const sourceCodec = (gopFrames: number) => [
  '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
  '-g', String(gopFrames), '-keyint_min', String(gopFrames), '-sc_threshold', '0',
  '-b:v', '1500k', '-maxrate', '2000k', '-bufsize', '3000k',
];

/** Init segment and every media segment of a rendition in one file: what a player feeds its decoder. */
async function joinRendition(out: string, name: string): Promise<{ file: string; durations: number[]; segments: string[] }> {
  const playlist = parseMediaPlaylist(await fs.readFile(path.join(out, name, 'index.m3u8'), 'utf8'));
  const parts = [playlist.map ?? 'init.mp4', ...playlist.segments.map((s) => s.uri)];
  const file = path.join(dir, `${path.basename(out)}-${name}.mp4`);
  await fs.writeFile(file, Buffer.concat(await Promise.all(parts.map((p) => fs.readFile(path.join(out, name, p))))));
  return { file, durations: playlist.segments.map((s) => s.duration), segments: playlist.segments.map((s) => path.join(out, name, s.uri)) };
}

/** MD5 of the video packets' payloads (timestamps aside): equal only for the same coded frames. */
const videoHash = (file: string) =>
  execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'hash', '-hash', 'md5', '-'], { encoding: 'utf8' }).trim();

/** When each segment's video starts on the presentation timeline, in seconds. */
async function segmentStarts(out: string, name: string, segments: string[]): Promise<number[]> {
  const video = readInitSegment(await fs.readFile(path.join(out, name, 'init.mp4'))).find((t) => t.handler === 'vide')!;
  return Promise.all(
    segments.map(async (s) => {
      const t = readFragmentTimings(await fs.readFile(s)).find((f) => f.trackId === video.trackId)!;
      return (t.baseMediaDecodeTime + t.firstCompositionOffset) / video.timescale;
    }),
  );
}

/** Each track's edit list (elst contents, hex): where the mp4 muxer records ffmpeg's timestamp shift. */
async function editLists(out: string, name: string): Promise<string[]> {
  const buf = await fs.readFile(path.join(out, name, 'init.mp4'));
  return childBoxes(buf, findBox(buf, ['moov'])!, 'trak').map((trak) => {
    const elst = findBox(buf, ['edts', 'elst'], trak);
    return elst ? buf.subarray(elst.contentStart, elst.end).toString('hex') : 'none';
  });
}

/** Decodes every frame of a file; ffmpeg's errors, if any. */
const decodeErrors = (file: string) => spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' }).stderr.trim();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunzhan-passthrough-'));
  await generateClip(path.join(dir, 'fits.mp4'), { seconds: 8, size: '1280x720', fps: 30, videoCodec: sourceCodec(60) });
  await generateClip(path.join(dir, 'long-gop.mp4'), { seconds: 8, size: '1280x720', fps: 30, videoCodec: sourceCodec(300) });
}, 120_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('vod-hls passthrough with the real ffmpeg', () => {
  it('copies a 720p30 High source with 2 s GOPs into the 720p rendition, every rendition cut at the same frames', async () => {
    const source = path.join(dir, 'fits.mp4');
    const outputDir = path.join(dir, 'hls', 'fits');
    const result = (await createVodHlsHandler({ videoEncoder: 'x264' })(
      { assetId: 'fits', sourcePath: source, outputDir, renditions: LADDER, segmentSeconds: 2 },
      ctx(),
    )) as VodHlsJobResult;
    VodHlsResult.parse(result);
    expect(result.renditions.map((r) => `${r.name} ${r.encoder}`)).toEqual(['720p passthrough', '360p x264', '240p x264']);

    const joined = Object.fromEntries(await Promise.all(LADDER.map(async (r) => [r.name, await joinRendition(outputDir, r.name)] as const)));
    // The 720p video is the source's coded frames, bit for bit: no encoder ran for it.
    expect(videoHash(joined['720p']!.file)).toBe(videoHash(source));
    expect(videoHash(joined['360p']!.file)).not.toBe(videoHash(source));

    // CODECS is the source's own avc1 string (from its profile and level); BANDWIDTH the measured peak.
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile,level', '-of', 'json', source], { encoding: 'utf8' }));
    const codec = sourceCodecString(probe.streams[0]);
    expect(codec).toBe('avc1.64001f');
    const master = await fs.readFile(path.join(outputDir, 'master.m3u8'), 'utf8');
    expect(master).toMatch(new RegExp(`BANDWIDTH=${result.renditions[0]!.bandwidth},AVERAGE-BANDWIDTH=\\d+,RESOLUTION=1280x720,FRAME-RATE=30\\.000,CODECS="${codec},mp4a\\.40\\.2"\\n720p/index\\.m3u8`));
    expect(result.renditions[0]!.bandwidth).toBeGreaterThanOrEqual(result.renditions[0]!.averageBandwidth);

    // Same segments everywhere: as many, as long (within a frame), starting at the same frame,
    // on the same timeline whether a player applies the init segments' edit lists or not.
    const [top, ...others] = LADDER.map((r) => joined[r.name]!);
    expect(top!.durations.length).toBe(4);
    const topStarts = await segmentStarts(outputDir, '720p', top!.segments);
    for (const [k, other] of others.entries()) {
      expect(other.durations.length).toBe(top!.durations.length);
      other.durations.forEach((d, i) => expect(Math.abs(d - top!.durations[i]!)).toBeLessThanOrEqual(FRAME + 1e-6));
      const starts = await segmentStarts(outputDir, LADDER[k + 1]!.name, other.segments);
      starts.forEach((s, i) => expect(Math.abs(s - topStarts[i]!), `${LADDER[k + 1]!.name} segment ${i}`).toBeLessThanOrEqual(FRAME / 2));
      expect(await editLists(outputDir, LADDER[k + 1]!.name)).toEqual(await editLists(outputDir, '720p'));
    }
    // And it plays: every frame of every rendition decodes.
    for (const r of LADDER) expect(decodeErrors(joined[r.name]!.file), r.name).toBe('');
  }, 120_000);

  it('transcodes a source whose key frames are 10 s apart as before', async () => {
    const source = path.join(dir, 'long-gop.mp4');
    const outputDir = path.join(dir, 'hls', 'long-gop');
    const result = (await createVodHlsHandler({ videoEncoder: 'x264' })(
      { assetId: 'long-gop', sourcePath: source, outputDir, renditions: LADDER, segmentSeconds: 2 },
      ctx(),
    )) as VodHlsJobResult;
    expect(result.renditions.map((r) => `${r.name} ${r.encoder}`)).toEqual(['720p x264', '360p x264', '240p x264']);
    const top = await joinRendition(outputDir, '720p');
    expect(videoHash(top.file)).not.toBe(videoHash(source));
    // The ladder's own fixed GOP: 2 s segments.
    expect(top.durations).toEqual([2, 2, 2, 2]);
    expect(decodeErrors(top.file)).toBe('');
  }, 120_000);

  it('transcodes a fitting source when passthrough is switched off', async () => {
    const outputDir = path.join(dir, 'hls', 'off');
    const result = (await createVodHlsHandler({ videoEncoder: 'x264', passthrough: false })(
      { assetId: 'off', sourcePath: path.join(dir, 'fits.mp4'), outputDir, renditions: [LADDER[0]!], segmentSeconds: 2 },
      ctx(),
    )) as VodHlsJobResult;
    expect(result.renditions.map((r) => r.encoder)).toEqual(['x264']);
  }, 120_000);
});
