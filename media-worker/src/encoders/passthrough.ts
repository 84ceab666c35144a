import { avc1CodecString, levelFromIdc, levelIdc, type H264Profile } from './h264';
import type { VideoEncoder } from './video-encoder';

// The passthrough "encoder": when the source's H.264 stream already is what a rendition would
// be (same size, no faster, not much richer, a profile and level the rendition's players are
// promised, key frames close enough to cut segments near the target), it is copied instead of
// decoded and encoded again. The decision is pure and says every reason it does not fit.

/** A source may use up to this multiple of the rendition's bitrate and still be copied. */
export const PASSTHROUGH_MAX_BITRATE_RATIO = 1.25;

/** A source frame rate this much (relative) above the rendition's still counts as the same (29.97 vs 30, VFR averages). */
export const PASSTHROUGH_FPS_TOLERANCE = 0.01;

/** What is known about the source's video stream. Undefined fields are unknown (and so do not fit). */
export interface PassthroughSource {
  /** ffprobe `codec_name`, e.g. `h264`. */
  codec: string;
  /** ffprobe `profile`, e.g. `High`, `Constrained Baseline`. */
  profile?: string;
  /** ffprobe `level`: the H.264 level_idc, e.g. 31 for 3.1. */
  level?: number;
  /** ffprobe `pix_fmt`, e.g. `yuv420p`. */
  pixFmt?: string;
  /** Coded width in pixels (before rotation or sample aspect ratio). */
  width: number;
  /** Coded height in pixels. */
  height: number;
  /** Display rotation in degrees. Default 0. */
  rotation?: number;
  /** Sample aspect ratio as `num:den`. Default square (`1:1`). */
  sampleAspectRatio?: string;
  /** ffprobe `field_order`: `progressive`, or `tt`/`bb`/`tb`/`bt` for interlaced. Default: unknown, taken as progressive. */
  fieldOrder?: string;
  /** Average frame rate in frames per second. */
  fps?: number;
  /** Average video bitrate in kbit/s. */
  bitrateKbps?: number;
  /** Longest stretch between key frames (the last one to the end included), in seconds. */
  maxKeyFrameIntervalSeconds?: number;
  /** The first packet (in decode order) is a key frame. Default true. */
  startsWithKeyFrame?: boolean;
}

/** A planned rendition the source would stand in for. */
export interface PassthroughTarget {
  /** Exact output width in pixels. */
  width: number;
  /** Exact output height in pixels. */
  height: number;
  /** Output frame rate in frames per second. */
  fps: number;
  /** The rendition's video bitrate in kbit/s. */
  bitrateKbps: number;
  /** Highest profile its players are promised: `high` admits Constrained Baseline, Main and High. Default `high`. */
  maxProfile?: H264Profile;
  /** Highest H.264 level its players are promised, e.g. `3.1`. */
  maxLevel: string;
  /** Segment target duration in seconds. */
  segmentSeconds: number;
}

/** The verdict: fits, or every reason it does not. */
export type PassthroughFit = { fits: true } | { fits: false; reasons: string[] };

const PROFILE_RANK: Record<H264Profile, number> = { baseline: 0, main: 1, high: 2 };
const PROFILE_LABEL: Record<H264Profile, string> = { baseline: 'Constrained Baseline', main: 'Main', high: 'High' };

/**
 * Our profile for an ffprobe profile name: Constrained Baseline, Main and High only (plain
 * Baseline may use tools that players of Constrained Baseline lack; High 10 / 4:2:2 / 4:4:4
 * are not what browsers decode).
 */
export function h264ProfileOfProbe(name: string | undefined): H264Profile | undefined {
  switch (name?.trim().toLowerCase()) {
    case 'constrained baseline':
      return 'baseline';
    case 'main':
      return 'main';
    case 'high':
      return 'high';
    default:
      return undefined;
  }
}

/** The RFC 6381 codec string of the source's stream (`avc1.64001f`), when its profile and level are known. */
export function sourceCodecString(source: Pick<PassthroughSource, 'profile' | 'level'>): string | undefined {
  const profile = h264ProfileOfProbe(source.profile);
  if (!profile || source.level === undefined || !(source.level > 0)) return undefined;
  return avc1CodecString(profile, levelFromIdc(source.level));
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * Whether the source's video can be copied as the rendition `target`: H.264 in yuv420p,
 * Constrained Baseline / Main / High up to the target's profile and level, exactly the target's
 * size (square pixels, not rotated, progressive), no faster than the target's frame rate (+1%),
 * at most 1.25x its bitrate, starting with a key frame, and no key frame interval longer than the
 * segment target (+1 frame), so that segments can be cut near the target duration. Pure.
 */
export function passthroughFit(source: PassthroughSource, target: PassthroughTarget): PassthroughFit {
  const reasons: string[] = [];
  if (source.codec !== 'h264') reasons.push(`codec ${source.codec} is not h264`);
  if (source.pixFmt !== 'yuv420p') reasons.push(`pixel format ${source.pixFmt ?? 'unknown'} is not yuv420p`);

  const maxProfile = target.maxProfile ?? 'high';
  const profile = h264ProfileOfProbe(source.profile);
  if (!profile) {
    reasons.push(`profile ${source.profile ?? 'unknown'} is not Constrained Baseline, Main or High`);
  } else if (PROFILE_RANK[profile] > PROFILE_RANK[maxProfile]) {
    reasons.push(`profile ${PROFILE_LABEL[profile]} is above the rendition's ${PROFILE_LABEL[maxProfile]}`);
  }
  if (source.level === undefined || !(source.level > 0)) reasons.push('level unknown');
  else if (source.level > levelIdc(target.maxLevel)) reasons.push(`level ${levelFromIdc(source.level)} is above the rendition's ${target.maxLevel}`);

  if (source.width !== target.width || source.height !== target.height) {
    reasons.push(`size ${source.width}x${source.height} is not the rendition's ${target.width}x${target.height}`);
  }
  const rotation = source.rotation ?? 0;
  if (rotation % 360 !== 0) reasons.push(`rotated by ${rotation} degrees`);
  const sar = /^(\d+):(\d+)$/.exec(source.sampleAspectRatio ?? '1:1');
  // 0:1 is ffprobe's "unknown", which players show as square.
  if (sar && Number(sar[1]) !== 0 && Number(sar[1]) !== Number(sar[2])) reasons.push(`sample aspect ratio ${source.sampleAspectRatio} is not square`);
  if (source.fieldOrder !== undefined && source.fieldOrder !== 'progressive' && source.fieldOrder !== 'unknown') {
    reasons.push(`interlaced (field order ${source.fieldOrder})`);
  }

  if (source.fps === undefined) reasons.push('frame rate unknown');
  else if (source.fps > target.fps * (1 + PASSTHROUGH_FPS_TOLERANCE)) reasons.push(`frame rate ${round(source.fps)} is above the rendition's ${target.fps}`);

  const maxKbps = target.bitrateKbps * PASSTHROUGH_MAX_BITRATE_RATIO;
  if (source.bitrateKbps === undefined) reasons.push('bitrate unknown');
  else if (source.bitrateKbps > maxKbps) reasons.push(`bitrate ${Math.round(source.bitrateKbps)} kbit/s is above ${round(maxKbps)} kbit/s (1.25x the rendition's)`);

  if (source.startsWithKeyFrame === false) reasons.push('the video does not start with a key frame');
  // One frame of slack: a 29.97 fps source with 60-frame GOPs has key frames 2.002 s apart.
  const slack = 1 / (source.fps ?? target.fps) + 0.001;
  if (source.maxKeyFrameIntervalSeconds === undefined) reasons.push('key frame interval unknown');
  else if (source.maxKeyFrameIntervalSeconds > target.segmentSeconds + slack) {
    reasons.push(`key frames up to ${round(source.maxKeyFrameIntervalSeconds)} s apart, more than the ${target.segmentSeconds} s segment target`);
  }
  return reasons.length === 0 ? { fits: true } : { fits: false, reasons };
}

/** The passthrough: the source's video stream copied as it is; rate, GOP, profile and level settings do not apply. */
export const passthroughEncoder: VideoEncoder<'passthrough'> = {
  name: 'passthrough',
  ffmpegEncoder: 'copy',
  buildArgs(): string[] {
    return ['-c:v', 'copy'];
  },
};
