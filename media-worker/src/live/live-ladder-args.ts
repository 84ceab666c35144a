import type { Rendition } from '@yunzhan/shared';
import type { H264Profile } from '../encoders/h264';
import type { VideoEncoder, VideoEncodeSettings } from '../encoders/video-encoder';
import { lowLatencyTiming } from '../llhls/part-timing';

/** Frame rate of every rendition of the live ladder. */
export const LIVE_FPS = 30;

/** Profile of the ladder's renditions (CODECS avc1.64xxxx). */
export const LIVE_PROFILE: H264Profile = 'high';

/** What one ffmpeg run of the live ladder needs. */
export interface LiveLadderArgsInput {
  /** The SDP ffmpeg reads (ports of this run). */
  sdpPath: string;
  /** One CMAF output each, written to `pipe:3`, `pipe:4`, ... in this order. */
  renditions: readonly Rendition[];
  /** Segment length in seconds. */
  segmentSeconds: number;
  /** Output frame rate. Default LIVE_FPS. */
  fps?: number;
  encoder: VideoEncoder;
  /** The SDP has an audio stream. */
  hasAudio: boolean;
}

/** Frames per GOP: one key frame per segment, at the same frame in every rendition. */
export function gopFrames(fps: number, segmentSeconds: number): number {
  return Math.max(1, Math.round(fps * segmentSeconds));
}

/**
 * Forces a key frame once `segmentSeconds` have passed since the last one (less half a frame,
 * against rounding). In steady state this is the encoder's own fixed GOP; it matters when the
 * input jumps (a resolution change restarts the filter graph, the publisher stalls): counted in
 * frames, a GOP spanning the gap would make a segment longer than the target duration.
 */
export function forceKeyFramesExpr(fps: number, segmentSeconds: number): string {
  const interval = Number((segmentSeconds - 0.5 / fps).toFixed(6));
  return `expr:isnan(prev_forced_t)+gte(t,prev_forced_t+${interval})`;
}

/** Encoder settings of one rendition. */
export function renditionVideoSettings(r: Rendition, fps: number, segmentSeconds: number): VideoEncodeSettings {
  return {
    width: r.width,
    height: r.height,
    fps,
    gopFrames: gopFrames(fps, segmentSeconds),
    bitrateKbps: r.videoKbps,
    profile: LIVE_PROFILE,
    speed: 'fast',
  };
}

/**
 * Every real frame has pts >= ORIGIN_MARGIN_MS (250 ms, see rtp-relay.ts). A frame below this is
 * one whose timestamp ffmpeg lost and guessed as 0: its H.264 parser drops the pts of the first
 * access unit it assembles, and the `fps` filter would then pad from 0 to the next real frame.
 */
export const MIN_REAL_PTS_SECONDS = 0.1;

/**
 * The video filter graph: drop frames with a guessed timestamp (see MIN_REAL_PTS_SECONDS), one
 * constant frame rate for all renditions (the `fps` filter rounds timestamps down, so a frame is
 * never stamped later than it was captured), then per rendition a scale that keeps the aspect
 * ratio and pads to the exact size: the browser may change its resolution mid-stream, the
 * renditions do not.
 */
export function videoFilterGraph(renditions: readonly Rendition[], fps: number): string {
  const n = renditions.length;
  const split = `[0:v:0]select=gte(t\\,${MIN_REAL_PTS_SECONDS}),fps=${fps}:round=down,split=${n}${renditions.map((_, i) => `[vs${i}]`).join('')}`;
  const scales = renditions.map(
    (r, i) =>
      `[vs${i}]scale=w=${r.width}:h=${r.height}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bilinear,` +
      `pad=${r.width}:${r.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p[v${i}]`,
  );
  return [split, ...scales].join(';');
}

/** The audio filter graph: fill gaps and trim overlaps against the timestamps, then one copy per rendition. */
export function audioFilterGraph(renditions: readonly Rendition[]): string {
  return `[0:a:0]aresample=async=1:min_hard_comp=0.1,asplit=${renditions.length}${renditions.map((_, i) => `[a${i}]`).join('')}`;
}

/** The ffmpeg arguments of one live-ladder run. Pure: tested as data. */
export function buildLiveLadderArgs(input: LiveLadderArgsInput): string[] {
  const fps = input.fps ?? LIVE_FPS;
  const args = [
    '-hide_banner',
    '-nostats',
    // Warnings and errors only: the stderr tail that goes with a crash should show what went
    // wrong, not per-segment "Opening ... for writing" lines.
    '-loglevel', 'level+warning',
    '-protocol_whitelist', 'file,udp,rtp',
    // The relay keeps the input alive; never give up on a quiet input.
    '-listen_timeout', '-1',
    // Low-latency RTP input: packets come in order from the relay on loopback, so a short
    // reorder window (100 ms, 128 packets) costs nothing, and a large socket buffer absorbs
    // key frame bursts.
    '-reorder_queue_size', '128',
    '-max_delay', '100000',
    '-buffer_size', String(4 << 20),
    // The relay starts video at a key frame, so stream parameters are known within a frame or two.
    '-analyzeduration', '1000000',
    '-probesize', '1000000',
    '-f', 'sdp',
    '-i', input.sdpPath,
    // Keep the input timestamps (capture time - run origin): the packager turns them into
    // PROGRAM-DATE-TIME.
    '-copyts',
    '-filter_complex', videoFilterGraph(input.renditions, fps),
  ];
  // Separate graphs: a resolution change re-creates the video graph without touching audio.
  if (input.hasAudio) args.push('-filter_complex', audioFilterGraph(input.renditions));
  input.renditions.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    if (input.hasAudio) args.push('-map', `[a${i}]`);
    args.push(
      ...input.encoder.buildArgs(renditionVideoSettings(r, fps, input.segmentSeconds)),
      '-force_key_frames', forceKeyFramesExpr(fps, input.segmentSeconds),
      '-fps_mode', 'passthrough',
    );
    if (input.hasAudio) args.push('-c:a', 'aac', '-b:a', `${r.audioKbps}k`, '-ar', '48000', '-ac', '2');
    args.push('-max_muxing_queue_size', '4096', ...cmafOutputArgs(fps, input.segmentSeconds), pipeOutput(i));
  });
  return args;
}

/**
 * Output options of one rendition: CMAF for the packager (llhls/), the header and then one
 * fragment of `framesPerPart` frames at a time (see part-timing.ts), each a new part; key frames
 * always start a fragment. empty_moov + delay_moov + frag_discont: the header comes with the
 * first fragment and tfdt carries the real timestamps (capture time - run origin) instead of
 * starting at zero. No mfra trailer: nobody seeks in a pipe.
 */
export function cmafOutputArgs(fps: number, segmentSeconds: number): string[] {
  return [
    '-f', 'mp4',
    '-movflags', '+empty_moov+delay_moov+frag_keyframe+default_base_moof+frag_discont+skip_trailer',
    '-frag_duration', String(lowLatencyTiming(fps, segmentSeconds).fragmentDurationUs),
    // Every fragment leaves ffmpeg's buffer as soon as it is cut.
    '-flush_packets', '1',
  ];
}

/** The output URL of rendition `index`: its pipe, fd 3 onwards (0-2 are stdin, stdout, stderr). */
export function pipeOutput(index: number): string {
  return `pipe:${3 + index}`;
}
