import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRejectedError } from '@yunzhan/shared';
import { FfmpegUnavailableError } from '../ffmpeg/ffmpeg-error';
import { probeUpload, probeUploadDetails } from './probe-upload';
import { generateClip, generateImage, generateTone, truncateCopy } from './test-fixtures';
import { scanVideoPackets } from './video-packets';

let dir: string;
const at = (name: string) => path.join(dir, name);

/** The code probeUpload refuses `file` with (and the error, to look at its details). */
async function refusal(file: string, limits = {}): Promise<MediaRejectedError> {
  const err = await probeUpload(file, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof MediaRejectedError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunzhan-probe-'));
  // ffmpeg's MP4 default puts the index (moov) at the end, as phones do.
  await generateClip(at('clip.mp4'), { seconds: 3, size: '320x180' });
  await generateClip(at('faststart.mp4'), { seconds: 3, size: '320x180', extra: ['-movflags', '+faststart'] });
  await generateClip(at('ffv1.mkv'), { seconds: 1, size: '160x90', audio: false, videoCodec: ['-c:v', 'ffv1'] });
  await generateTone(at('tone.m4a'), 2);
  await generateImage(at('still.png'));
}, 60_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('probeUpload on real files', () => {
  it('accepts a generated MP4 and reports container, duration, size and streams', async () => {
    const facts = await probeUpload(at('clip.mp4'));
    expect(facts.container).toContain('mp4');
    expect(facts.durationSeconds).toBeCloseTo(3, 0);
    expect(facts.sizeBytes).toBe((await fs.stat(at('clip.mp4'))).size);
    expect(facts.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 30 });
    expect(facts.audio).toMatchObject({ codec: 'aac' });
  });

  it('judges by content, not by name: an MP4 stored without extension (as tus stores it) is accepted', async () => {
    await fs.copyFile(at('clip.mp4'), at('0123abcd'));
    expect((await probeUpload(at('0123abcd'))).video.codec).toBe('h264');
  });

  it('calls a cut-off upload corrupt, whether the index was at the end or the start', async () => {
    const missingIndex = await refusal(await truncateCopy(at('clip.mp4'), at('cut.mp4'), 0.5));
    expect(missingIndex.code).toBe('MEDIA_CORRUPT');
    expect(missingIndex.details).toMatchObject({ container: 'mp4', reason: expect.stringContaining('Invalid data') });
    expect(JSON.stringify(missingIndex.details)).not.toContain(dir);
    const shortData = await refusal(await truncateCopy(at('faststart.mp4'), at('cut-faststart.mp4'), 0.5));
    expect(shortData.code).toBe('MEDIA_CORRUPT');
  });

  it('calls an MP4 header followed by garbage corrupt', async () => {
    const head = (await fs.readFile(at('faststart.mp4'))).subarray(0, 32);
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    await fs.writeFile(at('header-garbage.mp4'), Buffer.concat([head, garbage]));
    expect((await refusal(at('header-garbage.mp4'))).code).toBe('MEDIA_CORRUPT');
  });

  it('refuses text and random bytes as NOT_MEDIA even when they are named .mp4 or .txt', async () => {
    await fs.writeFile(at('notes.mp4'), 'These are my notes, not a video.\n'.repeat(50));
    await fs.writeFile(at('notes.txt'), 'These are my notes, not a video.\n'.repeat(50));
    const random = Buffer.alloc(32 * 1024);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    await fs.writeFile(at('random.mp4'), random);
    await fs.writeFile(at('empty.mp4'), '');
    for (const name of ['notes.mp4', 'notes.txt', 'random.mp4', 'empty.mp4']) expect((await refusal(at(name))).code, name).toBe('NOT_MEDIA');
  });

  it('refuses a still image, sound without picture and an unsupported codec with their codes', async () => {
    expect((await refusal(at('still.png'))).code).toBe('NOT_MEDIA');
    expect((await refusal(at('tone.m4a'))).code).toBe('MEDIA_NO_VIDEO');
    const ffv1 = await refusal(at('ffv1.mkv'));
    expect(ffv1.code).toBe('UNSUPPORTED_CODEC');
    expect(ffv1.details).toEqual({ codec: 'ffv1' });
  });

  it('refuses files over the size and duration limits', async () => {
    const large = await refusal(at('clip.mp4'), { maxBytes: 1000 });
    expect(large.code).toBe('MEDIA_TOO_LARGE');
    expect(large.details).toMatchObject({ maxBytes: 1000 });
    const long = await refusal(at('clip.mp4'), { maxDurationSeconds: 2 });
    expect(long.code).toBe('MEDIA_TOO_LONG');
  });

  it('gives the stream details the passthrough needs, and reads the key frames from the packets', async () => {
    const { facts, probe } = await probeUploadDetails(at('clip.mp4'));
    const video = probe.streams.find((s) => s.index === facts.video.index)!;
    // x264 ultrafast: Constrained Baseline, no B-frames, one key frame (its GOP is 250 frames).
    expect(video).toMatchObject({ codec_name: 'h264', profile: 'Constrained Baseline', pix_fmt: 'yuv420p', field_order: 'progressive', width: 320, height: 180 });
    expect(video.level).toBeGreaterThan(0);
    expect(probe.format.start_time).toBe(0);
    const packets = await scanVideoPackets(at('clip.mp4'), video.index);
    expect(packets).toMatchObject({ packets: 90, keyFrameTimes: [0], startsWithKeyFrame: true, firstDts: 0, firstPts: 0 });
    expect(packets.lastPts).toBeCloseTo(89 / 30, 3);
    expect(packets.totalBytes).toBeGreaterThan(0);
    const reason = new Error('stop');
    await expect(scanVideoPackets(at('clip.mp4'), video.index, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(scanVideoPackets(at('no-such-file.mp4'), 0)).rejects.toThrow(/ffprobe could not read/);
  });

  it('says clearly when ffprobe is missing', async () => {
    const err = await probeUpload(at('clip.mp4'), {}, { ffprobePath: '/nonexistent/ffprobe' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegUnavailableError);
  });
});
