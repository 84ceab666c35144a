import type { RehearsalSourcePayload } from '@yunzhan/shared';
import { parseProfileLevelId, type H264Profile } from '../encoders/h264';

/** profile-level-id of the rehearsal video: Constrained Baseline, level 3.1 (1280x720@30). */
export const REHEARSAL_H264_PROFILE_LEVEL_ID = '42e01f';

/** RTCP CNAME the rehearsal source uses for both streams (one source, lip-synced). */
export const REHEARSAL_CNAME = 'yunzhan-rehearsal';

/** One RTP stream of the rehearsal source as the server's producer must describe it. */
export interface RehearsalRtpStream {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  ssrc: number;
  /** fmtp parameters. */
  parameters: Record<string, string | number>;
}

/**
 * Defaults for the rehearsal source's RTP: the server creates its producers with these and
 * passes payloadType and ssrc in the job payload, so both sides use one definition.
 */
export const REHEARSAL_RTP: { readonly video: RehearsalRtpStream; readonly audio: RehearsalRtpStream } = {
  video: {
    mimeType: 'video/H264',
    payloadType: 102,
    clockRate: 90000,
    ssrc: 0x59_5a_00_01,
    parameters: { 'packetization-mode': 1, 'profile-level-id': REHEARSAL_H264_PROFILE_LEVEL_ID, 'level-asymmetry-allowed': 1 },
  },
  audio: {
    mimeType: 'audio/opus',
    payloadType: 111,
    clockRate: 48000,
    channels: 2,
    ssrc: 0x59_5a_00_02,
    parameters: { 'sprop-stereo': 1 },
  },
};

/** RTP parameters of one producer, in mediasoup's `RtpParameters` shape. */
export interface ProducerRtpParameters {
  codecs: { mimeType: string; payloadType: number; clockRate: number; channels?: number; parameters: Record<string, string | number>; rtcpFeedback: [] }[];
  encodings: { ssrc: number }[];
  rtcp: { cname: string; reducedSize: boolean };
}

function toProducer(stream: RehearsalRtpStream, target: { payloadType: number; ssrc: number }): ProducerRtpParameters {
  const codec = { mimeType: stream.mimeType, payloadType: target.payloadType, clockRate: stream.clockRate, parameters: { ...stream.parameters }, rtcpFeedback: [] as [] };
  return {
    codecs: [stream.channels ? { ...codec, channels: stream.channels } : codec],
    encodings: [{ ssrc: target.ssrc }],
    rtcp: { cname: REHEARSAL_CNAME, reducedSize: false },
  };
}

/**
 * The exact RTP parameters (codec, payload type, SSRC, clock rate, fmtp) the server must give
 * `transport.produce()` for a rehearsal source sending to `payload.video` / `payload.audio`.
 */
export function rehearsalRtpParameters(payload: Pick<RehearsalSourcePayload, 'video' | 'audio'>): { video: ProducerRtpParameters; audio: ProducerRtpParameters } {
  return { video: toProducer(REHEARSAL_RTP.video, payload.video), audio: toProducer(REHEARSAL_RTP.audio, payload.audio) };
}

/** The x264 profile and level the rehearsal encoder uses, from the advertised profile-level-id. */
export function rehearsalH264Profile(): { profile: H264Profile; level: string } {
  return parseProfileLevelId(REHEARSAL_H264_PROFILE_LEVEL_ID);
}
