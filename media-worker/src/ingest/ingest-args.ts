import type { RtpTarget } from '@yunzhan/shared';
import type { VideoEncoder } from '../encoders/video-encoder';
import { rtpUrl } from '../rehearsal/rehearsal-args';

/** Largest size the ingest bridge re-encodes to when the encoder's H.264 cannot go to the SFU as it is. */
export const INGEST_WIDTH = 1280;
export const INGEST_HEIGHT = 720;
export const INGEST_FPS = 30;
/** Bitrate of that re-encode, kbit/s: the ladder's top rendition re-encodes from it. */
export const INGEST_REENCODE_KBPS = 4000;

/** RTCP CNAME of a bridged encoder (one source, lip-synced). */
export const INGEST_CNAME = 'yunzhan-ingest';

/** What one ingest bridge reads and where its RTP goes. */
export interface IngestBridgeArgsInput {
  /** ffmpeg input: `pipe:N` (FLV from an RTMP session) or a URL (an SRT listener). */
  input: { format: 'flv' | 'mpegts'; url: string; options?: readonly string[] };
  /**
   * `copy`: the encoder's H.264 is constrained baseline (what every event router takes) and goes
   * through unchanged; otherwise it is re-encoded with `encoder`, at most 1280x720, at 30 fps.
   */
  video: { mode: 'copy' } | { mode: 'encode'; encoder: VideoEncoder };
  /** Whether the source has audio; without it, silence is sent (the ladder always has an audio track). */
  audio: boolean;
  rtp: { video: RtpTarget; audio: RtpTarget };
}

/**
 * ffmpeg arguments of an ingest bridge: an encoder's stream (RTMP's FLV, SRT's MPEG-TS) into the
 * event's SFU room as RTP, H.264 video (copied when it can be) and Opus audio, like the
 * rehearsal source. Pure: tested as data.
 */
export function buildIngestBridgeArgs(o: IngestBridgeArgsInput): string[] {
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel', 'level+warning',
    // Live input, read as it comes. The probe must stay short: what ffmpeg reads to find the
    // streams goes out in one burst once found, and the ladder dates frames by when they arrive,
    // so every millisecond of probe would stay in the latency for the whole live.
    '-fflags', '+nobuffer+genpts',
    '-probesize', '65536',
    '-analyzeduration', '200000',
    ...(o.input.options ?? []),
    '-f', o.input.format,
    '-i', o.input.url,
  ];
  if (!o.audio) args.push('-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000');
  args.push('-map', '0:v:0');
  if (o.video.mode === 'copy') {
    // SPS/PPS go in-band before each key frame: the SFU's consumers join at any key frame.
    args.push('-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb');
  } else {
    args.push(
      // Down to 1280x720 at most, never up (the ladder scales to its renditions), even sizes.
      '-vf', `scale='min(${INGEST_WIDTH},iw)':'min(${INGEST_HEIGHT},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2,fps=${INGEST_FPS}`,
      ...o.video.encoder.buildArgs({
        width: INGEST_WIDTH,
        height: INGEST_HEIGHT,
        fps: INGEST_FPS,
        gopFrames: INGEST_FPS,
        bitrateKbps: INGEST_REENCODE_KBPS,
        profile: 'baseline',
        speed: 'fastest',
      }),
    );
  }
  args.push(
    '-payload_type', String(o.rtp.video.payloadType),
    '-ssrc', String(o.rtp.video.ssrc),
    '-cname', INGEST_CNAME,
    '-f', 'rtp',
    rtpUrl(o.rtp.video),
    '-map', o.audio ? '0:a:0' : '1:a:0',
    '-c:a', 'libopus',
    '-b:a', '96k',
    '-ar', '48000',
    '-ac', '2',
    '-application', 'lowdelay',
    '-frame_duration', '20',
    '-payload_type', String(o.rtp.audio.payloadType),
    '-ssrc', String(o.rtp.audio.ssrc),
    '-cname', INGEST_CNAME,
    '-f', 'rtp',
    rtpUrl(o.rtp.audio),
  );
  return args;
}

/**
 * Whether an AVCDecoderConfigurationRecord (FLV's AVC sequence header body) describes
 * constrained-baseline H.264: profile_idc 66 with constraint_set1 (what WebRTC calls 42e0xx).
 */
export function isConstrainedBaseline(avcC: Buffer): boolean {
  if (avcC.length < 4 || avcC[0] !== 1) return false;
  const profile = avcC[1]!;
  const constraints = avcC[2]!;
  return profile === 66 && (constraints & 0x40) !== 0;
}
