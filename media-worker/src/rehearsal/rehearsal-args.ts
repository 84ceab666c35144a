import type { RehearsalSourcePayload, RtpTarget } from '@yunzhan/shared';
import type { VideoEncoder } from '../encoders/video-encoder';
import { REHEARSAL_CNAME, rehearsalH264Profile } from './rehearsal-rtp';

/** Width of the rehearsal test pattern. */
export const REHEARSAL_WIDTH = 1280;
/** Height of the rehearsal test pattern. */
export const REHEARSAL_HEIGHT = 720;
/** Video bitrate of the rehearsal source in kbit/s. */
export const REHEARSAL_VIDEO_KBPS = 1500;

/** What one rehearsal-source run needs. */
export interface RehearsalArgsInput {
  payload: RehearsalSourcePayload;
  encoder: VideoEncoder;
  /** Font for the clock overlay; without one there is no overlay. */
  fontFile?: string;
}

/**
 * `rtp://` URL of a target: packets of at most 1200 bytes (room for the SFU's header extensions
 * under a 1500-byte MTU) and RTCP to `rtcpPort`, or to the RTP port itself (rtcp-mux, mediasoup's
 * default) when none is given.
 */
export function rtpUrl(target: RtpTarget): string {
  const host = target.ip.includes(':') ? `[${target.ip}]` : target.ip;
  return `rtp://${host}:${target.port}?rtcpport=${target.rtcpPort ?? target.port}&pkt_size=1200`;
}

/** The drawtext filter of the overlay: wall clock (to the second), media timecode (to the ms), frame. */
export function overlayFilter(fontFile: string): string {
  const text = 'Yunzhan rehearsal  %{localtime\\:%T}  %{pts\\:hms}  #%{n}';
  return `drawtext=fontfile=${fontFile}:text='${text}':fontsize=40:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12:x=40:y=40`;
}

/** The ffmpeg arguments of the rehearsal source. Pure: tested as data. */
export function buildRehearsalArgs(input: RehearsalArgsInput): string[] {
  const { payload, encoder, fontFile } = input;
  const { profile, level } = rehearsalH264Profile();
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel', 'level+warning',
    // Real time: the lavfi sources run as fast as the CPU allows otherwise.
    '-re', '-f', 'lavfi', '-i', `testsrc2=size=${REHEARSAL_WIDTH}x${REHEARSAL_HEIGHT}:rate=${payload.fps}`,
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000',
  ];
  if (fontFile) args.push('-filter_complex', `[0:v:0]${overlayFilter(fontFile)}[v]`, '-map', '[v]');
  else args.push('-map', '0:v:0');
  args.push(
    ...encoder.buildArgs({
      width: REHEARSAL_WIDTH,
      height: REHEARSAL_HEIGHT,
      fps: payload.fps,
      gopFrames: payload.fps,
      bitrateKbps: REHEARSAL_VIDEO_KBPS,
      profile,
      level,
      speed: 'fastest',
    }),
    '-payload_type', String(payload.video.payloadType),
    '-ssrc', String(payload.video.ssrc),
    '-cname', REHEARSAL_CNAME,
    '-f', 'rtp',
    rtpUrl(payload.video),
    '-map', '1:a:0',
    '-c:a', 'libopus',
    '-b:a', '64k',
    '-ar', '48000',
    '-ac', '2',
    '-application', 'lowdelay',
    '-frame_duration', '20',
    '-payload_type', String(payload.audio.payloadType),
    '-ssrc', String(payload.audio.ssrc),
    '-cname', REHEARSAL_CNAME,
    '-f', 'rtp',
    rtpUrl(payload.audio),
  );
  return args;
}
