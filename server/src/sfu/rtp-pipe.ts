import type { types } from 'mediasoup';
import { InvalidStateError, type LiveInputStream, type RtpListenPorts } from '@yunzhan/shared';

/** Where a live ladder listens: the worker's advertised address and a port pair per input stream. */
export interface RtpReceiver {
  address: string;
  ports: readonly RtpListenPorts[];
}

/** Options of an RTP pipe. */
export interface RtpPipeOptions {
  /** Local address of the PlainTransports: one the worker hosts can reach. Default `127.0.0.1`. */
  listenIp?: string;
  /** The address workers see, when the SFU host is behind NAT. */
  announcedAddress?: string | undefined;
}

/**
 * Consumers that forward a set of producers as plain RTP to a live ladder on any host. Created
 * before the ladder is dispatched (its `input` is the ladder's payload: codecs, payload types,
 * SSRCs, clock rates), connected once the ladder says where it listens.
 */
export class RtpPipe {
  private closed = false;
  private receiverOf: RtpReceiver | undefined;

  private constructor(
    /** The streams the pipe sends, video first: the live ladder's `input`. */
    readonly input: readonly LiveInputStream[],
    private readonly transports: types.PlainTransport[],
    readonly consumers: types.Consumer[],
  ) {}

  /**
   * Creates one PlainTransport and one paused Consumer per producer, video first. With `previous`
   * (the input of the same live before its publisher left, here or on a node that died), the
   * codecs and payload types must match, since the ladder keeps listening with that description.
   */
  static async create(router: types.Router, producers: types.Producer[], options: RtpPipeOptions = {}, previous?: readonly LiveInputStream[]): Promise<RtpPipe> {
    const transports: types.PlainTransport[] = [];
    const consumers: types.Consumer[] = [];
    try {
      const input: LiveInputStream[] = [];
      for (const producer of [...producers].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'video' ? -1 : 1))) {
        const before = previous?.find((m) => m.kind === producer.kind);
        if (previous && !before) throw new InvalidStateError(`The live had no ${producer.kind} before; end it and go live again`);
        // rtcpMux off: ffmpeg-side RTCP stays on its own port; with mux on, mediasoup would lock
        // onto whichever port sent it RTCP first and drop RTP.
        const transport = await router.createPlainTransport({
          listenInfo: { protocol: 'udp', ip: options.listenIp ?? '127.0.0.1', ...(options.announcedAddress ? { announcedAddress: options.announcedAddress } : {}) },
          rtcpMux: false,
          comedia: false,
        });
        transports.push(transport);
        const codec = router.rtpCapabilities.codecs?.find(
          (c) => c.kind === producer.kind && c.mimeType.toLowerCase() === producer.rtpParameters.codecs[0]?.mimeType.toLowerCase(),
        );
        if (!codec) throw new Error(`Router has no codec for ${producer.kind}`);
        // Only the main codec and no feedback: the ladder cannot answer NACK/PLI (key frames
        // are asked for on its behalf), so RTX and transport-cc would only waste bandwidth.
        const consumer = await transport.consume({
          producerId: producer.id,
          rtpCapabilities: { codecs: [{ ...codec, rtcpFeedback: [] }], headerExtensions: [] },
          paused: true,
        });
        consumers.push(consumer);
        const c = consumer.rtpParameters.codecs[0]!;
        const codecName = c.mimeType.split('/')[1]!;
        if (before && (before.payloadType !== c.payloadType || before.codec.toLowerCase() !== codecName.toLowerCase())) {
          throw new InvalidStateError(`The ${producer.kind} codec changed (${c.mimeType}); end the live and go live again`);
        }
        const fmtp = Object.entries(c.parameters ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(';');
        input.push({
          kind: consumer.kind,
          payloadType: c.payloadType,
          codec: codecName,
          clockRate: c.clockRate,
          ...(c.channels ? { channels: c.channels } : {}),
          ...(fmtp ? { fmtp } : {}),
          ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0,
        });
      }
      return new RtpPipe(input, transports, consumers);
    } catch (err) {
      for (const t of transports) t.close();
      throw err;
    }
  }

  /** Where the pipe sends, once connected. */
  get receiver(): RtpReceiver | undefined {
    return this.receiverOf;
  }

  /** Sends each stream to the receiver's port pair (same order as `input`). */
  async connect(receiver: RtpReceiver): Promise<void> {
    if (this.closed) return;
    if (receiver.ports.length !== this.transports.length) throw new InvalidStateError(`The ladder listens for ${receiver.ports.length} streams, the pipe sends ${this.transports.length}`);
    this.receiverOf = receiver;
    await Promise.all(this.transports.map((t, i) => t.connect({ ip: receiver.address, port: receiver.ports[i]!.rtp, rtcpPort: receiver.ports[i]!.rtcp })));
  }

  /** Starts sending (idempotent) and asks the publisher for a key frame so ffmpeg can decode. */
  async resumeAndRequestKeyFrame(): Promise<void> {
    if (this.closed || !this.receiverOf) return;
    for (const c of this.consumers) {
      if (c.closed) continue;
      if (c.paused) await c.resume();
      if (c.kind === 'video') await c.requestKeyFrame();
    }
  }

  /** Closes the transports (and consumers). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.transports) t.close();
  }
}
