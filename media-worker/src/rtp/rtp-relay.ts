import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import type { Logger } from 'pino';
import { RelayStream, type RelayStreamStats } from './relay-stream';
import { parseRtp, type RtpHeader } from './rtp-packet';
import type { LiveInputStream, RtpListenPorts } from '@yunzhan/shared';
import { bindUdpInRange, type PortPair } from './udp-ports';

// Why a relay sits between the SFU and ffmpeg (instead of ffmpeg binding the SDP's ports):
// - The ports stay bound across ffmpeg restarts, and packets that arrive while no ffmpeg is
//   listening (startup, the restart delay) are kept and handed over, key frame included.
// - It is where we can see when a packet arrived. PROGRAM-DATE-TIME needs each frame's capture
//   time; every RTP timestamp is mapped to wall-clock time (see MediaClock) and rewritten as
//   wall-clock time. One Sender Report per stream, sent before the run's first packet, maps the
//   run's `originMs` to its timestamp on every stream; ffmpeg's RTP demuxer then gives every
//   stream pts = (wall-clock time - originMs), so A/V stay in sync and a segment's tfdt says
//   when it was captured. The SFU's own RTCP is not passed on: mediasoup stamps its SRs with
//   uv_hrtime (a monotonic clock, not wall clock), and each SR would re-map ffmpeg's timeline.
//
// PROGRAM-DATE-TIME anchor and its error bound. A sender's RTP timestamps come from its capture
// clock (WebRTC stamps each frame with its capture time), so for any packet p of frame f,
// arrival(p) = capture(f) + d(p), where d is everything in between: encoding, pacing, network,
// SFU, loopback, our event loop. MediaClock keeps offset = min over p of (arrival - ts/rate),
// so wall(f) = capture(f) + d_min, d_min being the fastest such path seen for the source. Jitter,
// key frame bursts, a busy event loop and all of ffmpeg's buffering and processing time are
// excluded by construction (they only make arrivals later, and ffmpeg's time never enters).
// The playlist writer then floors (fps filter round=down, whole ms), so
//     capture(f) + d_min - 1 frame  <  PDT  <=  capture(f) + d_min,
// i.e. PDT is never later than the earliest arrival of the frame's source at this relay. The
// part we cannot remove is d_min itself (encode + uplink; ~5-30 ms on one machine, typically
// < 100 ms across a LAN): it is late, so latency computed from PDT is understated by at most
// d_min, and only a sender timestamp (abs-capture-time) could remove it. Two caveats: a run's
// first mapping comes from the packets seen before its first key frame, and better packets seen
// later pull it earlier by at most SLEW_MS per frame (about 60 ms/s at 30 fps), so the bound
// holds once that slew has converged, a second or so into a run; clock drift between sender
// and us only moves PDT earlier (a fast sender clock is followed by the minimum, a slow one
// leaves the mapping early by drift x time). On the bench, sender and server share one clock.
// - Sequence numbers and SSRC are made continuous, so a new source (or our own silence) never
//   looks like "old packets" to ffmpeg's reorder buffer.
// - When audio is missing (not started yet, or paused), Opus silence keeps ffmpeg's muxer and
//   the players' audio track going.
// - Ending the input is an RTCP BYE per stream: ffmpeg's demuxer returns EOF and ffmpeg finishes
//   its outputs normally, even when no packet is arriving (a signal does not unblock that read).

/** Relay tuning. */
export interface RtpRelayOptions {
  logger?: Logger;
  /** Packets kept while no ffmpeg is attached. Default 4000 (about 10 s of a 2.5 Mbit/s stream). */
  maxBufferedPackets?: number;
  /** Opus silence is injected after this long without real audio, in ms. Default 500. */
  silenceAfterMs?: number;
  /** A run forwards video without waiting for a key frame after this long, in ms. Default 5000. */
  keyframeWaitMs?: number;
  /** Kernel receive buffer of each socket in bytes. Default 4 MiB (capped by net.core.rmem_max). */
  receiveBufferBytes?: number;
}

/** Callbacks of one attached run. */
export interface RelayRunHooks {
  /** The run's first video key frame was forwarded. */
  onKeyframe?: () => void;
}

interface AttachedRun {
  targets: readonly PortPair[];
  originMs: number;
  attachedAtMs: number;
  ending: boolean;
  hooks: RelayRunHooks;
}

interface Buffered {
  stream: RelayStream;
  packet: Buffer;
  header: RtpHeader;
  arrivalMs: number;
}

interface BoundSocket {
  socket: dgram.Socket;
  /** Index of the SDP stream. */
  stream: number;
  /** RTP (true) or the SFU's RTCP (false). */
  rtp: boolean;
}

const SEND_BATCH = 64;

/** ffmpeg runs beside the relay and listens on loopback. */
export const FFMPEG_HOST = '127.0.0.1';

/** A run's origin is this much earlier than its first packet, so that no pts is negative. */
export const ORIGIN_MARGIN_MS = 250;

/** Where the relay listens: the input streams and the address (and optional port range) to bind. */
export interface RelayInput {
  streams: readonly LiveInputStream[];
  /** Address the input sockets bind to (the SFU sends here). */
  bindHost: string;
  /** UDP port range for the input sockets; absent: any free port. */
  ports?: { min: number; max: number } | undefined;
}

/** Receives the SFU's RTP on ports of its own choosing and feeds it to the current ffmpeg run on 127.0.0.1. */
export class RtpRelay {
  private readonly streams: RelayStream[];
  private readonly buffer: Buffered[] = [];
  private readonly sendQueue: { packet: Buffer; port: number }[] = [];
  private run: AttachedRun | undefined;
  private draining = false;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    input: RelayInput,
    /** Where the relay listens for each input stream (same order as the input). */
    readonly ports: readonly RtpListenPorts[],
    private readonly sockets: BoundSocket[],
    private readonly egress: dgram.Socket,
    private readonly options: RtpRelayOptions,
    /** Unix ms that output timestamp TS_BASE stands for. */
    readonly epochMs: number,
  ) {
    const ssrcBase = randomInt(1, 2 ** 31);
    this.streams = input.streams.map((m, i) => new RelayStream(i, m, ssrcBase + i, epochMs, randomInt(0, 0x10000)));
  }

  /**
   * Binds an RTP and an RTCP socket per input stream on `input.bindHost` (in `input.ports` when
   * given) and an egress socket towards ffmpeg on 127.0.0.1. Rejects when no port is free.
   */
  static async open(input: RelayInput, options: RtpRelayOptions = {}): Promise<RtpRelay> {
    const sockets: dgram.Socket[] = [];
    const recvBufferSize = options.receiveBufferBytes ?? 4 << 20;
    const bind = async (host: string, range: { min: number; max: number } | undefined) => {
      const socket = await bindUdpInRange(host, range, { recvBufferSize });
      sockets.push(socket);
      return socket;
    };
    try {
      const inputs: BoundSocket[] = [];
      const ports: RtpListenPorts[] = [];
      for (const stream of input.streams.keys()) {
        const rtp = await bind(input.bindHost, input.ports);
        const rtcp = await bind(input.bindHost, input.ports);
        inputs.push({ socket: rtp, stream, rtp: true }, { socket: rtcp, stream, rtp: false });
        ports.push({ rtp: rtp.address().port, rtcp: rtcp.address().port });
      }
      const egress = await bind(FFMPEG_HOST, undefined);
      const relay = new RtpRelay(input, ports, inputs, egress, options, Date.now());
      relay.listen();
      return relay;
    } catch (err) {
      for (const s of sockets) s.close();
      throw err;
    }
  }

  private listen(): void {
    for (const { socket, stream, rtp } of this.sockets) {
      socket.on('error', (err) => this.options.logger?.warn({ err }, 'relay socket error'));
      // The SFU's RTCP is read and dropped on purpose (see above); RTCP on a muxed RTP port is
      // filtered out by parseRtp.
      const relayStream = this.streams[stream]!;
      socket.on('message', rtp ? (msg: Buffer) => this.onRtp(relayStream, msg) : () => undefined);
    }
    this.egress.on('error', (err) => this.options.logger?.warn({ err }, 'relay send error'));
    this.timers.push(setInterval(() => this.keepalive(), 1000), setInterval(() => this.fillSilence(), 20));
    for (const t of this.timers) t.unref();
  }

  /** True while a run is attached. */
  get attached(): boolean {
    return this.run !== undefined;
  }

  /** Per-stream counters. */
  stats(): RelayStreamStats[] {
    return this.streams.map((s) => ({ ...s.stats }));
  }

  private onRtp(stream: RelayStream, packet: Buffer): void {
    const header = parseRtp(packet);
    if (!header || header.payloadType !== stream.media.payloadType) return;
    const arrivalMs = Date.now();
    stream.observe(header, arrivalMs);
    if (!this.run) {
      this.buffer.push({ stream, packet, header, arrivalMs });
      if (this.buffer.length > (this.options.maxBufferedPackets ?? 4000)) this.buffer.shift();
      return;
    }
    this.forward(stream, packet, header, arrivalMs);
  }

  private forward(stream: RelayStream, packet: Buffer, header: RtpHeader, arrivalMs: number): void {
    const run = this.run;
    if (!run || run.ending) return;
    const acceptAny = Date.now() - run.attachedAtMs > (this.options.keyframeWaitMs ?? 5000);
    const out = stream.rewrite(packet, header, arrivalMs, acceptAny);
    if (!out) return;
    if (out.keyframe) {
      if (acceptAny) this.options.logger?.warn({ stream: stream.index }, 'no key frame seen; forwarding video anyway');
      run.hooks.onKeyframe?.();
    }
    this.send(out.packet, run.targets[stream.index]!.rtp);
  }

  /**
   * Starts feeding a new ffmpeg that listens on `targets` (one pair per SDP stream, in order).
   * Returns the run's origin: the Unix ms that the run's pts 0 stands for.
   */
  attach(targets: readonly PortPair[], hooks: RelayRunHooks = {}): number {
    if (this.closed) throw new Error('relay is closed');
    if (this.run) throw new Error('a run is already attached');
    if (targets.length !== this.streams.length) throw new Error('one target per stream is needed');
    const now = Date.now();
    // Earlier than anything buffered, so that no pts is negative; a small margin for packets
    // that arrive late but belong before the first one.
    const earliest = this.buffer.reduce((min, b) => Math.min(min, b.stream.wallMsOf(b.header)), now);
    const originMs = Math.floor(earliest) - ORIGIN_MARGIN_MS;
    const run: AttachedRun = { targets, originMs, attachedAtMs: now, ending: false, hooks };
    this.run = run;
    for (const stream of this.streams) {
      stream.beginRun();
      this.send(stream.senderReport(originMs), targets[stream.index]!.rtcp);
    }
    for (const b of this.buffer.splice(0)) this.forward(b.stream, b.packet, b.header, b.arrivalMs);
    this.options.logger?.debug({ originMs, targets }, 'relay attached');
    return originMs;
  }

  /** Ends the attached run's input: an RTCP BYE per stream, then nothing more is forwarded. */
  endInput(): void {
    const run = this.run;
    if (!run || run.ending) return;
    run.ending = true;
    for (const stream of this.streams) this.send(stream.bye(), run.targets[stream.index]!.rtcp);
  }

  /** Stops feeding the current run (its ffmpeg exited); packets are buffered for the next. */
  detach(): void {
    this.run = undefined;
    this.sendQueue.length = 0;
  }

  /** Closes every socket and timer. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.run = undefined;
    this.buffer.length = 0;
    this.sendQueue.length = 0;
    for (const t of this.timers) clearInterval(t);
    await Promise.all([...this.sockets.map((b) => b.socket), this.egress].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private keepalive(): void {
    const run = this.run;
    if (!run || run.ending) return;
    // A Sender Report on the same mapping, at a whole number of seconds after the origin (exact
    // in both clocks): keeps the 32-bit timestamp distance small on long runs.
    const ms = run.originMs + Math.floor((Date.now() - run.originMs) / 1000) * 1000;
    for (const stream of this.streams) this.send(stream.senderReport(ms), run.targets[stream.index]!.rtcp);
  }

  private fillSilence(): void {
    const run = this.run;
    if (!run || run.ending) return;
    const now = Date.now();
    for (const stream of this.streams) {
      for (const packet of stream.silence(now, run, this.options.silenceAfterMs ?? 500)) this.send(packet, run.targets[stream.index]!.rtp);
    }
  }

  // In order, in batches: a buffered backlog handed to a fresh ffmpeg must not overflow its
  // socket buffer in one burst, and nothing may overtake it.
  private send(packet: Buffer, port: number): void {
    if (this.closed) return;
    this.sendQueue.push({ packet, port });
    if (!this.draining) this.drain();
  }

  private drain(): void {
    this.draining = true;
    const batch = this.sendQueue.splice(0, SEND_BATCH);
    for (const { packet, port } of batch) this.egress.send(packet, port, FFMPEG_HOST);
    if (this.sendQueue.length > 0) setImmediate(() => this.drain());
    else this.draining = false;
  }
}
