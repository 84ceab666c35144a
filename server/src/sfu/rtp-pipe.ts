import type { types } from 'mediasoup';
import { InvalidStateError, buildReceiverSdp, type SdpMedia } from '@yunzhan/shared';
import type { UdpPortAllocator } from './udp-ports';

/** Consumers that forward a set of producers as plain RTP to a receiver (ffmpeg) on 127.0.0.1. */
export class RtpPipe {
  private closed = false;

  private constructor(
    /** SDP for the receiver: ports, payload types and codecs of each forwarded stream. */
    readonly sdp: string,
    /** The streams the SDP describes (ports, codecs), for a successor pipe to reuse. */
    readonly media: readonly SdpMedia[],
    private readonly transports: types.PlainTransport[],
    readonly consumers: types.Consumer[],
    private readonly releasePorts: () => void,
  ) {}

  /**
   * Creates one PlainTransport and one paused Consumer per producer. RTP goes to ports taken from
   * `ports`; ffmpeg must be listening before `resume()`. With `reuse`, the new pipe sends to the
   * ports of that (closed) pipe and takes over their reservation: the receiver keeps listening
   * where it was, so a publisher who reconnects continues the same live. The codecs must match.
   */
  static async create(router: types.Router, producers: types.Producer[], ports: UdpPortAllocator, reuse?: RtpPipe): Promise<RtpPipe> {
    const transports: types.PlainTransport[] = [];
    const consumers: types.Consumer[] = [];
    const allocated: number[] = [];
    const release = () => allocated.splice(0).forEach((p) => ports.release(p));
    try {
      const media: SdpMedia[] = [];
      // Video first, so ffmpeg's stream 0 is video.
      for (const producer of [...producers].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'video' ? -1 : 1))) {
        const previous = reuse?.media.find((m) => m.kind === producer.kind);
        if (reuse && !previous) throw new InvalidStateError(`The live had no ${producer.kind} before; end it and go live again`);
        const pair = previous ? { rtp: previous.port, rtcp: previous.rtcpPort ?? previous.port + 1 } : await ports.allocatePair();
        allocated.push(pair.rtp);
        // rtcpMux off: ffmpeg listens for RTCP on its own port, and sends its receiver reports
        // from another one; with mux on, mediasoup would lock onto that port and drop RTP.
        const transport = await router.createPlainTransport({
          listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
          rtcpMux: false,
          comedia: false,
        });
        transports.push(transport);
        await transport.connect({ ip: '127.0.0.1', port: pair.rtp, rtcpPort: pair.rtcp });
        const codec = router.rtpCapabilities.codecs?.find(
          (c) => c.kind === producer.kind && c.mimeType.toLowerCase() === producer.rtpParameters.codecs[0]?.mimeType.toLowerCase(),
        );
        if (!codec) throw new Error(`Router has no codec for ${producer.kind}`);
        // Only the main codec and no feedback: ffmpeg cannot answer NACK/PLI, so RTX and
        // transport-cc would only waste bandwidth.
        const consumer = await transport.consume({
          producerId: producer.id,
          rtpCapabilities: { codecs: [{ ...codec, rtcpFeedback: [] }], headerExtensions: [] },
          paused: true,
        });
        consumers.push(consumer);
        const c = consumer.rtpParameters.codecs[0]!;
        if (previous && (previous.payloadType !== c.payloadType || previous.codec.toLowerCase() !== c.mimeType.split('/')[1]!.toLowerCase())) {
          throw new InvalidStateError(`The ${producer.kind} codec changed (${c.mimeType}); end the live and go live again`);
        }
        const fmtp = Object.entries(c.parameters ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(';');
        media.push({
          kind: consumer.kind,
          port: pair.rtp,
          rtcpPort: pair.rtcp,
          payloadType: c.payloadType,
          codec: c.mimeType.split('/')[1]!,
          clockRate: c.clockRate,
          ...(c.channels ? { channels: c.channels } : {}),
          ...(fmtp ? { fmtp } : {}),
        });
      }
      reuse?.handOver();
      return new RtpPipe(buildReceiverSdp(media), media, transports, consumers, release);
    } catch (err) {
      for (const t of transports) t.close();
      // Reused ports stay with the pipe that reserved them.
      if (reuse) allocated.length = 0;
      release();
      throw err;
    }
  }

  /** Starts sending (idempotent) and asks the publisher for a key frame so ffmpeg can decode. */
  async resumeAndRequestKeyFrame(): Promise<void> {
    if (this.closed) return;
    for (const c of this.consumers) {
      if (c.closed) continue;
      if (c.paused) await c.resume();
      if (c.kind === 'video') await c.requestKeyFrame();
    }
  }

  private portsHandedOver = false;

  /** Closes the transports (and consumers). Frees the ports unless `keepPorts` (a successor may reuse them). Idempotent. */
  close({ keepPorts = false }: { keepPorts?: boolean } = {}): void {
    if (!this.closed) {
      this.closed = true;
      for (const t of this.transports) t.close();
    }
    if (!keepPorts && !this.portsHandedOver) {
      this.portsHandedOver = true;
      this.releasePorts();
    }
  }

  /** A successor pipe took over the port reservation: closing this one must not free them. */
  private handOver(): void {
    this.portsHandedOver = true;
  }
}
