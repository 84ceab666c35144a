/** One RTP stream an SDP describes for a receiver (ffmpeg) listening on 127.0.0.1. */
export interface SdpMedia {
  kind: 'audio' | 'video';
  /** UDP port the receiver listens on for RTP. */
  port: number;
  /** UDP port for RTCP. Default `port + 1`. */
  rtcpPort?: number;
  payloadType: number;
  /** Codec name as in `a=rtpmap`, e.g. `VP8`, `H264`, `opus`. */
  codec: string;
  /** Clock rate in Hz. */
  clockRate: number;
  /** Audio channels (opus: 2). */
  channels?: number;
  /** `a=fmtp` parameters, e.g. `packetization-mode=1;profile-level-id=42e01f`. */
  fmtp?: string;
}

/** Builds the SDP that tells ffmpeg (`-f sdp`) where and what RTP arrives. */
export function buildReceiverSdp(media: readonly SdpMedia[], address = '127.0.0.1'): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${address}`, 's=Yunzhan', `c=IN IP4 ${address}`, 't=0 0'];
  for (const m of media) {
    lines.push(`m=${m.kind} ${m.port} RTP/AVP ${m.payloadType}`);
    lines.push(`a=rtcp:${m.rtcpPort ?? m.port + 1}`);
    lines.push(`a=rtpmap:${m.payloadType} ${m.codec}/${m.clockRate}${m.channels ? `/${m.channels}` : ''}`);
    if (m.fmtp) lines.push(`a=fmtp:${m.payloadType} ${m.fmtp}`);
    lines.push('a=recvonly');
  }
  return lines.join('\n') + '\n';
}
