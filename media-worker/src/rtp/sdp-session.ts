import { ValidationError, type SdpMedia } from '@yunzhan/shared';

/** What a receiver SDP (as built by `buildReceiverSdp`) describes. */
export interface SdpSession {
  /** Connection address (`c=`), where the receiver listens. */
  address: string;
  media: SdpMedia[];
}

/**
 * Parses the receiver SDP the server sends with a live-ladder job: per `m=` line the port,
 * RTCP port (`a=rtcp`, default port + 1), payload type, codec, clock rate, channels and fmtp.
 * Throws a ValidationError naming what is wrong.
 */
export function parseReceiverSdp(sdp: string): SdpSession {
  let address = '127.0.0.1';
  const media: SdpMedia[] = [];
  const rtpmaps = new Map<SdpMedia, boolean>();
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    const current = media.at(-1);
    let m: RegExpExecArray | null;
    if ((m = /^c=IN IP[46] ([^\s/]+)/.exec(line)) && !current) {
      address = m[1]!;
    } else if ((m = /^m=(audio|video) (\d+) RTP\/S?AVPF? (\d+)/.exec(line))) {
      const entry: SdpMedia = { kind: m[1] as 'audio' | 'video', port: Number(m[2]), payloadType: Number(m[3]), codec: '', clockRate: 0 };
      media.push(entry);
      rtpmaps.set(entry, false);
    } else if (line.startsWith('m=')) {
      throw new ValidationError(`Unsupported SDP media line: ${line}`);
    } else if (current && (m = /^a=rtcp:(\d+)/.exec(line))) {
      current.rtcpPort = Number(m[1]);
    } else if (current && (m = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(line)) && Number(m[1]) === current.payloadType) {
      current.codec = m[2]!;
      current.clockRate = Number(m[3]);
      if (m[4]) current.channels = Number(m[4]);
      rtpmaps.set(current, true);
    } else if (current && (m = /^a=fmtp:(\d+) (.+)$/.exec(line)) && Number(m[1]) === current.payloadType) {
      current.fmtp = m[2]!;
    }
  }
  if (media.length === 0) throw new ValidationError('The SDP has no audio or video stream');
  for (const [entry, hasRtpmap] of rtpmaps) {
    if (!hasRtpmap) throw new ValidationError(`The SDP has no a=rtpmap for ${entry.kind} payload type ${entry.payloadType}`);
    if (entry.port < 1 || entry.port > 65535) throw new ValidationError(`Bad ${entry.kind} port ${entry.port} in the SDP`);
  }
  if (!media.some((x) => x.kind === 'video')) throw new ValidationError('The SDP has no video stream');
  if (media.filter((x) => x.kind === 'video').length > 1 || media.filter((x) => x.kind === 'audio').length > 1) {
    throw new ValidationError('The SDP must have one video stream and at most one audio stream');
  }
  return { address, media };
}

/** The RTCP port of a stream: `a=rtcp` or, as RFC 3550 says, the RTP port plus one. */
export function rtcpPortOf(media: SdpMedia): number {
  return media.rtcpPort ?? media.port + 1;
}
