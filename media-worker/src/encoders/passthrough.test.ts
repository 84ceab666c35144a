import { describe, expect, it } from 'vitest';
import { levelFromIdc } from './h264';
import { h264ProfileOfProbe, passthroughEncoder, passthroughFit, sourceCodecString, type PassthroughSource, type PassthroughTarget } from './passthrough';
import type { VideoEncodeSettings } from './video-encoder';

/** A 720p30 High 3.1 upload at 2 Mbit/s with a key frame every 2 s: what a 720p rung would be. */
const source: PassthroughSource = {
  codec: 'h264',
  profile: 'High',
  level: 31,
  pixFmt: 'yuv420p',
  width: 1280,
  height: 720,
  rotation: 0,
  sampleAspectRatio: '1:1',
  fieldOrder: 'progressive',
  fps: 30,
  bitrateKbps: 2000,
  maxKeyFrameIntervalSeconds: 2,
  startsWithKeyFrame: true,
};
const target: PassthroughTarget = { width: 1280, height: 720, fps: 30, bitrateKbps: 2500, maxProfile: 'high', maxLevel: '3.1', segmentSeconds: 2 };

const reasonsFor = (changes: Partial<PassthroughSource>, t: Partial<PassthroughTarget> = {}) => {
  const fit = passthroughFit({ ...source, ...changes }, { ...target, ...t });
  return fit.fits ? [] : fit.reasons;
};

describe('passthrough fit', () => {
  it('fits an H.264 stream that already is the rendition', () => {
    expect(passthroughFit(source, target)).toEqual({ fits: true });
    // Constrained Baseline and Main are below High; 29.97 fps with 60-frame GOPs (2.002 s) is near enough.
    expect(passthroughFit({ ...source, profile: 'Constrained Baseline', level: 30 }, target)).toEqual({ fits: true });
    expect(passthroughFit({ ...source, profile: 'Main', fps: 29.97, maxKeyFrameIntervalSeconds: 2.002 }, target)).toEqual({ fits: true });
    // Up to 1.25x the bitrate, a frame rate a hair over (a VFR average), unknown field order and SAR 0:1 (unknown) pass.
    expect(passthroughFit({ ...source, bitrateKbps: 3125, fps: 30.2, sampleAspectRatio: '0:1' }, target)).toEqual({ fits: true });
    const { fieldOrder: _unknown, ...noFieldOrder } = source;
    expect(passthroughFit(noFieldOrder, target)).toEqual({ fits: true });
  });

  it('says why for the codec, the pixel format and the profile', () => {
    expect(reasonsFor({ codec: 'hevc', profile: 'Main' })).toEqual(['codec hevc is not h264']);
    expect(reasonsFor({ pixFmt: 'yuv422p' })).toEqual(['pixel format yuv422p is not yuv420p']);
    expect(reasonsFor({ pixFmt: undefined })).toEqual(['pixel format unknown is not yuv420p']);
    expect(reasonsFor({ profile: 'High 10' })).toEqual(['profile High 10 is not Constrained Baseline, Main or High']);
    expect(reasonsFor({ profile: 'Baseline' })).toEqual(['profile Baseline is not Constrained Baseline, Main or High']);
    expect(reasonsFor({}, { maxProfile: 'main' })).toEqual(["profile High is above the rendition's Main"]);
    expect(reasonsFor({ profile: 'Main' }, { maxProfile: 'baseline' })).toEqual(["profile Main is above the rendition's Constrained Baseline"]);
  });

  it('says why for the level', () => {
    expect(reasonsFor({ level: 40 })).toEqual(["level 4 is above the rendition's 3.1"]);
    expect(reasonsFor({ level: 32 })).toEqual(["level 3.2 is above the rendition's 3.1"]);
    expect(reasonsFor({ level: undefined })).toEqual(['level unknown']);
  });

  it('says why for the picture: size, rotation, pixel shape, interlacing', () => {
    expect(reasonsFor({ width: 1920, height: 1080 })).toEqual(["size 1920x1080 is not the rendition's 1280x720"]);
    expect(reasonsFor({ width: 1280, height: 718 })).toEqual(["size 1280x718 is not the rendition's 1280x720"]);
    expect(reasonsFor({ rotation: 90 })).toEqual(['rotated by 90 degrees']);
    expect(reasonsFor({ rotation: -180 })).toEqual(['rotated by -180 degrees']);
    expect(reasonsFor({ sampleAspectRatio: '4:3' })).toEqual(['sample aspect ratio 4:3 is not square']);
    expect(reasonsFor({ fieldOrder: 'tt' })).toEqual(['interlaced (field order tt)']);
  });

  it('says why for the frame rate and the bitrate', () => {
    expect(reasonsFor({ fps: 60 })).toEqual(["frame rate 60 is above the rendition's 30"]);
    expect(reasonsFor({ fps: undefined })).toEqual(['frame rate unknown']);
    expect(reasonsFor({ bitrateKbps: 3200 })).toEqual(["bitrate 3200 kbit/s is above 3125 kbit/s (1.25x the rendition's)"]);
    expect(reasonsFor({ bitrateKbps: undefined })).toEqual(['bitrate unknown']);
  });

  it('says why for key frames: too far apart for the segment target, unknown, or not at the start', () => {
    expect(reasonsFor({ maxKeyFrameIntervalSeconds: 10 })).toEqual(['key frames up to 10 s apart, more than the 2 s segment target']);
    // One frame over (2.033 s at 30 fps) is still near the target; two are not.
    expect(reasonsFor({ maxKeyFrameIntervalSeconds: 2 + 1 / 30 })).toEqual([]);
    expect(reasonsFor({ maxKeyFrameIntervalSeconds: 2 + 2 / 30 })).toHaveLength(1);
    expect(reasonsFor({ maxKeyFrameIntervalSeconds: 4 }, { segmentSeconds: 4 })).toEqual([]);
    expect(reasonsFor({ maxKeyFrameIntervalSeconds: undefined })).toEqual(['key frame interval unknown']);
    expect(reasonsFor({ startsWithKeyFrame: false })).toEqual(['the video does not start with a key frame']);
  });

  it('lists every reason at once', () => {
    const fit = passthroughFit({ codec: 'vp9', width: 1920, height: 1080, fps: 60 }, target);
    expect(fit.fits).toBe(false);
    expect(fit.fits ? [] : fit.reasons).toEqual([
      'codec vp9 is not h264',
      'pixel format unknown is not yuv420p',
      'profile unknown is not Constrained Baseline, Main or High',
      'level unknown',
      "size 1920x1080 is not the rendition's 1280x720",
      "frame rate 60 is above the rendition's 30",
      'bitrate unknown',
      'key frame interval unknown',
    ]);
  });
});

describe('passthrough encoder', () => {
  const settings: VideoEncodeSettings = { width: 1280, height: 720, fps: 30, gopFrames: 60, bitrateKbps: 2500, profile: 'high', speed: 'fast' };

  it('copies the stream and ignores every rate, GOP, profile and level setting', () => {
    expect(passthroughEncoder.name).toBe('passthrough');
    expect(passthroughEncoder.ffmpegEncoder).toBe('copy');
    expect(passthroughEncoder.buildArgs(settings)).toEqual(['-c:v', 'copy']);
    expect(passthroughEncoder.buildArgs({ ...settings, bitrateKbps: 300, gopFrames: 1, level: '5.1', profile: 'baseline' })).toEqual(['-c:v', 'copy']);
  });

  it("names the source's codec string from ffprobe's profile and level", () => {
    expect(sourceCodecString({ profile: 'High', level: 31 })).toBe('avc1.64001f');
    expect(sourceCodecString({ profile: 'Main', level: 40 })).toBe('avc1.4d0028');
    expect(sourceCodecString({ profile: 'Constrained Baseline', level: 30 })).toBe('avc1.42e01e');
    expect(sourceCodecString({ profile: 'High 4:4:4 Predictive', level: 31 })).toBeUndefined();
    expect(sourceCodecString({ profile: 'High' })).toBeUndefined();
    expect(h264ProfileOfProbe('high')).toBe('high');
    expect(levelFromIdc(31)).toBe('3.1');
    expect(levelFromIdc(40)).toBe('4');
  });
});
