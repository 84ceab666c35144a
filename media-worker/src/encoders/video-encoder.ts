import { minimumH264Level, type H264Profile } from './h264';

/** Names of the H.264 encoders the worker knows. */
export type VideoEncoderName = 'x264' | 'h264_nvenc';

/** What made a rendition's video: one of the encoders, or the source's own stream copied (`passthrough`). */
export type RenditionEncoderName = VideoEncoderName | 'passthrough';

/** `fastest`: real-time sources (x264 ultrafast); `fast`: the live ladder (x264 veryfast). */
export type EncoderSpeed = 'fastest' | 'fast';

/** What one encoded video stream must look like. */
export interface VideoEncodeSettings {
  width: number;
  height: number;
  fps: number;
  /** Frames from one key frame to the next; also the minimum (fixed GOP, no scene-cut key frames). */
  gopFrames: number;
  /** Target (and peak) bitrate in kbit/s. */
  bitrateKbps: number;
  /** VBV buffer in seconds at the target bitrate. Default 1. */
  vbvSeconds?: number;
  profile: H264Profile;
  /** H.264 level, e.g. `3.1`. Default: the lowest level that fits. */
  level?: string;
  speed: EncoderSpeed;
}

/**
 * An H.264 encoder: turns settings into ffmpeg output options. Pure, so tested as data. `N` is
 * a real encoder by default; `VideoEncoder<RenditionEncoderName>` also admits the passthrough
 * (stream copy), whose options ignore the settings.
 */
export interface VideoEncoder<N extends RenditionEncoderName = VideoEncoderName> {
  readonly name: N;
  /** ffmpeg's name for it (`-c:v`); `copy` for the passthrough. */
  readonly ffmpegEncoder: string;
  /**
   * Output options for the video stream of an output that has exactly one (so no stream
   * specifiers): codec, rate control, fixed GOP without scene-cut, no B-frames, profile, level.
   */
  buildArgs(settings: VideoEncodeSettings): string[];
}

/** The level the settings ask for, or the lowest one that fits them. */
export function levelFor(s: VideoEncodeSettings): string {
  return s.level ?? minimumH264Level(s.width, s.height, s.fps, s.bitrateKbps, s.profile);
}

/** Rate control figures shared by the encoders: `[bitrate, maxrate, bufsize]` as ffmpeg strings. */
export function rateArgs(s: VideoEncodeSettings): [string, string, string] {
  const bufKbps = Math.round(s.bitrateKbps * (s.vbvSeconds ?? 1));
  return [`${s.bitrateKbps}k`, `${s.bitrateKbps}k`, `${bufKbps}k`];
}
