import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type MediaFacts } from '@yunzhan/shared';
import { x264Encoder } from '../encoders/x264';
import { readProbeOutput } from './media-policy';
import { planThumbnails } from './thumbnails';
import { averageKbps, maxKeyFrameInterval, VideoPacketTally } from './video-packets';
import { buildVodArgs, forcedKeyFramesArg, planRenditions, vodFilterGraph, vodRenditionEncoders, type VodArgsInput } from './vod-ladder-args';
import { decideVodPassthrough, MAX_FORCED_KEY_FRAMES_CHARS, vodPassthroughTarget, worthScanning } from './vod-passthrough';

/** ffprobe's packet lines of a stream with B-frames (decoding starts 2 frames early): a key frame every `gopSeconds`, 9 kB a frame. */
function packetLines(seconds: number, gopSeconds: number, fps = 30): string[] {
  const lines: string[] = [];
  for (let f = 0; f < seconds * fps; f++) {
    const key = f % (gopSeconds * fps) === 0;
    lines.push(`pts_time=${(f / fps).toFixed(6)}|dts_time=${((f - 2) / fps).toFixed(6)}|size=9000|flags=${key ? 'K' : '_'}_`);
  }
  return lines;
}

function summarize(lines: string[], startTime = 0) {
  const tally = new VideoPacketTally(startTime);
  lines.forEach((l) => tally.add(l));
  return tally.summary()!;
}

/** ffprobe's stream entry of a 1280x720 30 fps High 3.1 H.264 upload. */
const stream = readProbeOutput({
  streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', profile: 'High', level: 31, pix_fmt: 'yuv420p', field_order: 'progressive', width: 1280, height: 720, sample_aspect_ratio: '1:1', avg_frame_rate: '30/1' }],
})!.streams[0]!;

const facts: MediaFacts = {
  container: 'mov,mp4',
  durationSeconds: 7,
  sizeBytes: 1,
  video: { index: 0, codec: 'h264', width: 1280, height: 720, fps: 30 },
  audio: { index: 1, codec: 'aac', channels: 2 },
};
const renditions = planRenditions(DEFAULT_LADDER, 1280, 720);
const target = vodPassthroughTarget(renditions[0]!, 30, 2);
const baseInput: VodArgsInput = { sourcePath: '/in/src', facts, outputDir: '/out', renditions, segmentSeconds: 2, fps: 30, encoder: x264Encoder, thumbnails: planThumbnails(7, 1280, 720) };

/** The options of output `i` (from its `-map` to its playlist). */
function outputOf(args: string[], i: number): string[] {
  const starts = args.flatMap((a, k) => (a === '-map' && args[k + 1]!.match(/^(\[v\d\]|0:0)$/) ? [k] : []));
  return args.slice(starts[i], starts[i + 1] ?? args.indexOf('[sprite]') - 1);
}
const at = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe('video packet tally', () => {
  it('finds key frames, the first decode time, the bitrate and the longest key frame interval', () => {
    const s = summarize(packetLines(7, 2));
    expect(s.packets).toBe(210);
    expect(s.keyFrameTimes).toEqual([0, 2, 4, 6]);
    expect(s.startsWithKeyFrame).toBe(true);
    expect(s.firstDts).toBeCloseTo(-2 / 30, 6);
    expect(s).toMatchObject({ firstPts: 0, totalBytes: 210 * 9000 });
    expect(s.lastPts).toBeCloseTo(209 / 30, 6);
    // 9 kB × 30 frames a second.
    expect(averageKbps(s, 30)).toBeCloseTo(2160, 3);
    expect(maxKeyFrameInterval(s, 30)).toBeCloseTo(2, 6);
    // The stretch from the last key frame to the end counts: one key frame in 7 s is 7 s.
    expect(maxKeyFrameInterval(summarize(packetLines(7, 10)), 30)).toBeCloseTo(7, 6);
  });

  it('puts times on ffmpeg timeline (start_time is zero), skips lines without fields and sees a start without key frame', () => {
    const s = summarize(['pts_time=1.466667|dts_time=1.400000|size=10|flags=__', 'garbage', 'pts_time=1.5|dts_time=1.433333|size=10|flags=K_'], 1.4);
    expect(s.packets).toBe(2);
    expect(s.startsWithKeyFrame).toBe(false);
    expect(s.keyFrameTimes[0]).toBeCloseTo(0.1, 6);
    expect(s.firstDts).toBeCloseTo(0, 6);
    expect(new VideoPacketTally().summary()).toBeUndefined();
  });
});

describe('VOD passthrough decision', () => {
  it('targets the top rung as x264 would encode it: its size, 30 fps, its bitrate, High at its level', () => {
    expect(target).toEqual({ width: 1280, height: 720, fps: 30, bitrateKbps: 2500, maxProfile: 'high', maxLevel: '3.1', segmentSeconds: 2 });
    expect(worthScanning(stream, renditions[0]!)).toBe(true);
    expect(worthScanning({ ...stream, width: 1920, height: 1080 }, renditions[0]!)).toBe(false);
    expect(worthScanning({ ...stream, codec_name: 'hevc' }, renditions[0]!)).toBe(false);
  });

  it('passes through a source with 2 s GOPs: its key frames, the B-frame shift and its codec string', () => {
    const decision = decideVodPassthrough(stream, summarize(packetLines(7, 2)), target);
    expect(decision.reasons).toEqual([]);
    expect(decision.passthrough).toEqual({ keyFrameTimes: [0, 2, 4, 6], outputTsOffsetSeconds: 0.066667, codec: 'avc1.64001f' });
  });

  it('transcodes a source with 10 s GOPs, or one not scanned, and says why', () => {
    expect(decideVodPassthrough(stream, summarize(packetLines(20, 10)), target)).toEqual({
      reasons: ['key frames up to 10 s apart, more than the 2 s segment target'],
    });
    expect(decideVodPassthrough(stream, undefined, target).reasons).toEqual(['bitrate unknown', 'key frame interval unknown']);
  });

  it('refuses when the key frame list would not fit in one argument', () => {
    // 4 hours at 2 fps, every frame a key frame (and small enough to pass the bitrate check).
    const packets = summarize(packetLines(4 * 3600, 0.5, 2));
    expect(forcedKeyFramesArg(packets.keyFrameTimes).length).toBeGreaterThan(MAX_FORCED_KEY_FRAMES_CHARS);
    const decision = decideVodPassthrough({ ...stream, avg_frame_rate: '2/1' }, packets, { ...target, fps: 2, bitrateKbps: 200 });
    expect(decision.reasons).toEqual(['28800 key frames are too many to force on the other renditions']);
  });
});

describe('VOD args with a passed-through top rendition', () => {
  const passthrough = { keyFrameTimes: [0, 2, 4, 6.0000004, 6.0333333], outputTsOffsetSeconds: 0.066667, codec: 'avc1.64001f' };
  const input: VodArgsInput = { ...baseInput, passthrough };
  const args = buildVodArgs(input);

  it('copies the source stream for the top rendition, without scaling or encoder settings', () => {
    const top = outputOf(args, 0);
    expect(top.slice(0, 6)).toEqual(['-map', '0:0', '-map', '0:1', '-c:v', 'copy']);
    for (const flag of ['-b:v', '-g', '-force_key_frames', '-profile:v', '-output_ts_offset']) expect(top).not.toContain(flag);
    // B-frames of the copy get signed composition offsets: its key frames show at their tfdt.
    expect(at(top, '-hls_segment_options')).toBe('movflags=+negative_cts_offsets');
    // Audio is encoded as usual; the HLS muxer keeps the segment target.
    expect(at(top, '-c:a')).toBe('aac');
    expect(at(top, '-b:a')).toBe('128k');
    expect(at(top, '-hls_time')).toBe('2');
    expect(top.at(-1)).toBe('/out/720p/index.m3u8');
    expect(vodRenditionEncoders(input)).toEqual(['passthrough', 'x264', 'x264']);
    expect(vodFilterGraph(input)).toBe(
      '[0:0]yadif=deint=interlaced,fps=30,split=4[s1][s2][st][sp];' +
        '[s1]scale=854:480:flags=bicubic,setsar=1,format=yuv420p[v1];[s2]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v2];' +
        '[st]fps=1/1,scale=160:90:out_range=full,setsar=1,format=yuv420p,tile=7x1[sprite];' +
        '[sp]trim=start=0.7,trim=end_frame=1,scale=1280:720:out_range=full,setsar=1,format=yuv420p[poster]',
    );
  });

  it("gives every other rendition key frames exactly at the source's, a GOP they pre-empt and the copy's timestamp shift", () => {
    for (const i of [1, 2]) {
      const out = outputOf(args, i);
      expect(out.slice(0, 4)).toEqual(['-map', `[v${i}]`, '-map', '0:1']);
      expect(at(out, '-c:v')).toBe('libx264');
      expect(at(out, '-force_key_frames')).toBe('0,2,4,6,6.033');
      expect(at(out, '-g')).toBe('120');
      expect(at(out, '-sc_threshold')).toBe('0');
      expect(at(out, '-output_ts_offset')).toBe('0.066667');
      expect(at(out, '-hls_time')).toBe('2');
      expect(out).not.toContain('-hls_segment_options');
    }
    // Three renditions, the sprite and the poster name a video codec; only the two encoded renditions a GOP.
    expect(args.filter((a) => a === '-c:v')).toHaveLength(5);
    expect(args.filter((a) => a === '-g')).toHaveLength(2);
    // Without B-frames there is nothing to shift.
    const noShift = buildVodArgs({ ...input, passthrough: { ...passthrough, outputTsOffsetSeconds: 0 } });
    expect(noShift).not.toContain('-output_ts_offset');
  });

  it('leaves the x264 ladder exactly as it was when the source does not fit', () => {
    const plain = buildVodArgs(baseInput);
    expect(vodRenditionEncoders(baseInput)).toEqual(['x264', 'x264', 'x264']);
    expect(plain).not.toContain('-force_key_frames');
    expect(plain).not.toContain('copy');
    expect(plain).not.toContain('-hls_segment_options');
    const top = outputOf(plain, 0);
    expect(top.slice(0, 6)).toEqual(['-map', '[v0]', '-map', '0:1', '-c:v', 'libx264']);
    expect(at(top, '-g')).toBe('60');
    expect(plain.filter((a) => a === '-g')).toHaveLength(3);
    expect(vodFilterGraph(baseInput)).toContain('split=5[s0][s1][s2][st][sp];[s0]scale=1280:720');
  });
});
