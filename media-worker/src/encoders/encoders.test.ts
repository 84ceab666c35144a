import { describe, expect, it } from 'vitest';
import { avc1CodecString, minimumH264Level, parseProfileLevelId, profileLevelId } from './h264';
import { nvencEncoder } from './nvenc';
import { chooseVideoEncoder, VIDEO_ENCODERS } from './registry';
import type { VideoEncodeSettings } from './video-encoder';
import { x264Encoder } from './x264';

const ladder720: VideoEncodeSettings = { width: 1280, height: 720, fps: 30, gopFrames: 60, bitrateKbps: 2500, profile: 'high', speed: 'fast' };

/** The value following `flag` in an argument list. */
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('H.264 levels and codec strings', () => {
  it('picks the lowest level that fits size, frame rate and bitrate', () => {
    expect(minimumH264Level(1280, 720, 30, 2500, 'high')).toBe('3.1');
    expect(minimumH264Level(854, 480, 30, 1200, 'high')).toBe('3.1');
    expect(minimumH264Level(640, 360, 30, 700, 'high')).toBe('3');
    expect(minimumH264Level(1920, 1080, 30, 6000, 'high')).toBe('4');
    expect(minimumH264Level(1920, 1080, 60, 6000, 'high')).toBe('4.2');
    // Bitrate alone can push the level up.
    expect(minimumH264Level(320, 180, 30, 300, 'baseline')).toBe('1.3');
    expect(minimumH264Level(320, 180, 30, 1000, 'baseline')).toBe('2');
  });

  it('writes RFC 6381 strings, with baseline as Constrained Baseline', () => {
    expect(avc1CodecString('high', '3.1')).toBe('avc1.64001f');
    expect(avc1CodecString('high', '3')).toBe('avc1.64001e');
    expect(avc1CodecString('main', '4')).toBe('avc1.4d0028');
    expect(profileLevelId('baseline', '3.1')).toBe('42e01f');
  });

  it('reads a profile-level-id back into profile and level', () => {
    expect(parseProfileLevelId('42e01f')).toEqual({ profile: 'baseline', level: '3.1' });
    expect(parseProfileLevelId('640028')).toEqual({ profile: 'high', level: '4' });
    expect(() => parseProfileLevelId('zz')).toThrow(RangeError);
  });
});

describe('x264 arguments', () => {
  it('encode a fixed GOP without scene-cut or B-frames at the target rate', () => {
    expect(x264Encoder.buildArgs(ladder720)).toEqual([
      '-c:v', 'libx264',
      '-preset', 'veryfast',
      '-tune', 'zerolatency',
      '-profile:v', 'high',
      '-level:v', '3.1',
      '-pix_fmt', 'yuv420p',
      '-b:v', '2500k',
      '-maxrate', '2500k',
      '-bufsize', '2500k',
      '-g', '60',
      '-keyint_min', '60',
      '-sc_threshold', '0',
      '-bf', '0',
      '-x264-params', 'scenecut=0:open-gop=0',
    ]);
  });

  it('use ultrafast for real-time sources and honour an explicit level and VBV', () => {
    const args = x264Encoder.buildArgs({ ...ladder720, speed: 'fastest', profile: 'baseline', level: '3.1', vbvSeconds: 2, gopFrames: 30 });
    expect(valueOf(args, '-preset')).toBe('ultrafast');
    expect(valueOf(args, '-profile:v')).toBe('baseline');
    expect(valueOf(args, '-bufsize')).toBe('5000k');
    expect(valueOf(args, '-g')).toBe('30');
  });
});

describe('NVENC arguments', () => {
  it('encode constant bitrate, low latency, forced IDR every GOP and no scene-cut', () => {
    const args = nvencEncoder.buildArgs(ladder720);
    expect(valueOf(args, '-c:v')).toBe('h264_nvenc');
    expect(valueOf(args, '-preset')).toBe('p4');
    expect(valueOf(args, '-tune')).toBe('ll');
    expect(valueOf(args, '-rc')).toBe('cbr');
    expect(valueOf(args, '-b:v')).toBe('2500k');
    expect(valueOf(args, '-g')).toBe('60');
    expect(valueOf(args, '-bf')).toBe('0');
    expect(valueOf(args, '-no-scenecut')).toBe('1');
    expect(valueOf(args, '-forced-idr')).toBe('1');
    expect(valueOf(args, '-level:v')).toBe('3.1');
    expect(valueOf(nvencEncoder.buildArgs({ ...ladder720, speed: 'fastest' }), '-preset')).toBe('p1');
  });
});

describe('encoder registry', () => {
  const listed = new Set(['libx264', 'h264_nvenc']);

  it('knows x264 and NVENC by name', () => {
    expect(VIDEO_ENCODERS.x264.ffmpegEncoder).toBe('libx264');
    expect(VIDEO_ENCODERS.h264_nvenc.ffmpegEncoder).toBe('h264_nvenc');
  });

  it('chooses NVENC only when ffmpeg lists it, a GPU exists and the trial encode works', () => {
    expect(chooseVideoEncoder('auto', { listed, gpuDevice: true, nvencWorks: true })).toBe('h264_nvenc');
    expect(chooseVideoEncoder('auto', { listed, gpuDevice: false })).toBe('x264');
    expect(chooseVideoEncoder('auto', { listed, gpuDevice: true, nvencWorks: false })).toBe('x264');
    expect(chooseVideoEncoder('auto', { listed: new Set(['libx264']), gpuDevice: true })).toBe('x264');
  });

  it('never requires NVENC: asking for it without a GPU falls back to x264, and x264 is always x264', () => {
    expect(chooseVideoEncoder('h264_nvenc', { listed, gpuDevice: false })).toBe('x264');
    expect(chooseVideoEncoder('x264', { listed, gpuDevice: true, nvencWorks: true })).toBe('x264');
  });
});
