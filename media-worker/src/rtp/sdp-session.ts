import { buildReceiverSdp, type LiveInputStream } from '@yunzhan/shared';
import type { PortPair } from './udp-ports';

/**
 * The SDP ffmpeg reads (`-f sdp`) for a run: the live's input streams, each on its loopback port
 * pair (ffmpeg ignores `a=rtcp` and takes RTP port + 1 for RTCP). Built on the worker from the
 * job's structured payload; no SDP crosses hosts.
 */
export function ffmpegInputSdp(streams: readonly LiveInputStream[], ports: readonly PortPair[], address: string): string {
  return buildReceiverSdp(
    streams.map((m, i) => ({
      kind: m.kind,
      port: ports[i]!.rtp,
      rtcpPort: ports[i]!.rtcp,
      payloadType: m.payloadType,
      codec: m.codec,
      clockRate: m.clockRate,
      ...(m.channels ? { channels: m.channels } : {}),
      ...(m.fmtp ? { fmtp: m.fmtp } : {}),
    })),
    address,
  );
}
