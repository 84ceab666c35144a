import type { MediaFacts } from '@yunzhan/shared';
import { passthroughFit, sourceCodecString, type PassthroughSource, type PassthroughTarget } from '../encoders/passthrough';
import { levelFor } from '../encoders/video-encoder';
import { parseRate, rotationOf, type ProbeOutput, type ProbeStream } from './media-policy';
import { averageKbps, maxKeyFrameInterval, scanVideoPackets, type VideoPacketSummary } from './video-packets';
import { forcedKeyFramesArg, vodVideoSettings, type PlannedRendition } from './vod-ladder-args';

// Whether an upload's top rendition can be its own video stream, copied: the facts ffprobe gave,
// then (only when the size and codec already match) a scan of its packets for key frames and bitrate.

/** How the run copies the top rendition and keeps the others aligned with it. */
export interface VodPassthrough {
  /** The source's key frame times (seconds on ffmpeg's timeline) that every encoded rendition gets a key frame at. */
  keyFrameTimes: number[];
  /**
   * Seconds added to the encoded renditions' timestamps (`-output_ts_offset`): ffmpeg shifts an
   * output whose first decode time is negative (the copy, with B-frames) to start at zero, and
   * the mp4 muxer writes that shift into the init segment's edit list; shifted alike, the
   * encoded renditions get the same edit list, so every frame shows at the same time.
   */
  outputTsOffsetSeconds: number;
  /** The source's RFC 6381 codec string, for when the copied init segment's cannot be read. */
  codec?: string;
}

/** The verdict for one upload: how to pass through, or why not. */
export interface VodPassthroughDecision {
  /** Set when the top rendition is the source's stream copied. */
  passthrough?: VodPassthrough;
  /** Why the top rendition is encoded (empty when it is passed through). */
  reasons: string[];
}

/** Longest `-force_key_frames` list (characters): Linux refuses a single argument over 128 KiB. */
export const MAX_FORCED_KEY_FRAMES_CHARS = 100_000;

/** What the copied stream would stand in for: the rendition as x264 would encode it (its profile and level are the ceiling). */
export function vodPassthroughTarget(r: PlannedRendition, fps: number, segmentSeconds: number): PassthroughTarget {
  const settings = vodVideoSettings(r, fps, segmentSeconds);
  return { width: r.width, height: r.height, fps, bitrateKbps: settings.bitrateKbps, maxProfile: settings.profile, maxLevel: levelFor(settings), segmentSeconds };
}

/** The source's facts for `passthroughFit`, from ffprobe's stream and (when scanned) its packets. */
export function passthroughSourceOf(stream: ProbeStream, packets: VideoPacketSummary | undefined): PassthroughSource {
  const fps = parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate);
  const source: PassthroughSource = {
    codec: stream.codec_name ?? 'unknown',
    profile: stream.profile,
    level: stream.level,
    pixFmt: stream.pix_fmt,
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    rotation: rotationOf(stream),
    sampleAspectRatio: stream.sample_aspect_ratio,
    fieldOrder: stream.field_order,
    fps,
  };
  if (!packets) return source;
  return {
    ...source,
    bitrateKbps: averageKbps(packets, fps ?? 30),
    maxKeyFrameIntervalSeconds: maxKeyFrameInterval(packets, fps ?? 30),
    startsWithKeyFrame: packets.startsWithKeyFrame,
  };
}

/** Only a stream of the top rendition's codec and exact size is worth scanning. */
export function worthScanning(stream: ProbeStream, top: PlannedRendition): boolean {
  return stream.codec_name === 'h264' && stream.width === top.width && stream.height === top.height && rotationOf(stream) % 360 === 0;
}

/** The decision from what is known. Pure: tested as data. */
export function decideVodPassthrough(stream: ProbeStream, packets: VideoPacketSummary | undefined, target: PassthroughTarget): VodPassthroughDecision {
  const source = passthroughSourceOf(stream, packets);
  const fit = passthroughFit(source, target);
  if (!fit.fits) return { reasons: fit.reasons };
  // Two key frames within a millisecond would each force one: keep the first.
  const times = packets!.keyFrameTimes.filter((t, i, all) => i === 0 || t - all[i - 1]! >= 0.001);
  const arg = forcedKeyFramesArg(times);
  if (arg.length > MAX_FORCED_KEY_FRAMES_CHARS) return { reasons: [`${times.length} key frames are too many to force on the other renditions`] };
  const codec = sourceCodecString(source);
  return {
    passthrough: {
      keyFrameTimes: times,
      outputTsOffsetSeconds: Math.max(0, Number((-packets!.firstDts).toFixed(6))),
      ...(codec ? { codec } : {}),
    },
    reasons: [],
  };
}

/** Options of `planVodPassthrough`. */
export interface PlanVodPassthroughOptions {
  /** ffprobe binary. Default `defaultFfprobePath()`. */
  ffprobePath?: string;
  /** Aborting kills the packet scan and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Decides whether `top` (the first planned rendition, at output frame rate `fps`) is the
 * upload's own video stream copied. The packets are scanned only when codec and size already
 * match; a scan that fails only means "encode it".
 */
export async function planVodPassthrough(
  sourcePath: string,
  probed: { facts: MediaFacts; probe: ProbeOutput },
  top: PlannedRendition,
  fps: number,
  segmentSeconds: number,
  options: PlanVodPassthroughOptions = {},
): Promise<VodPassthroughDecision> {
  const { facts, probe } = probed;
  const target = vodPassthroughTarget(top, fps, segmentSeconds);
  const stream = probe.streams.find((s) => s.index === facts.video.index);
  if (!stream) return { reasons: ['the video stream is not in the probe'] };
  if (!worthScanning(stream, top)) return decideVodPassthrough(stream, undefined, target);
  let packets: VideoPacketSummary;
  try {
    packets = await scanVideoPackets(sourcePath, stream.index, {
      startTime: probe.format.start_time ?? 0,
      ...(options.ffprobePath ? { ffprobePath: options.ffprobePath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    return { reasons: [`the video packets could not be read: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return decideVodPassthrough(stream, packets, target);
}
