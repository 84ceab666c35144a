import type { LiveInputStream } from '@yunzhan/shared';
import { keyframeDetector } from './keyframe';
import { MediaClock } from './media-clock';
import { OPUS_SILENCE_FRAME, buildBye, buildRtp, buildSenderReport, rewriteRtp, seqDiff, type RtpHeader } from './rtp-packet';

/**
 * Output RTP timestamps start here rather than at 0: ffmpeg's RTP demuxer treats a base
 * timestamp of 0 as "not set yet".
 */
export const TS_BASE = 0x1000_0000;

/** Length of one injected silence packet. */
const SILENCE_FRAME_MS = 20;

/** Largest step, in ms, by which a source's mapping moves earlier at one frame boundary. */
export const SLEW_MS = 2;

/** Offsets in effect from a given extended input timestamp on (newest last). */
interface OffsetStep {
  fromExtended: number;
  tsOffset: number;
}

interface SourceMapping {
  ssrc: number;
  seqDelta: number;
  steps: OffsetStep[];
  /** Highest extended input timestamp rewritten so far. */
  highest: number;
}

/** The run a stream currently forwards into. */
export interface StreamRun {
  /** Unix ms that ffmpeg's pts 0 stands for (announced in the run's Sender Reports). */
  originMs: number;
  /** When the run was attached (Unix ms). */
  attachedAtMs: number;
}

/** Counters for logs and tests. */
export interface RelayStreamStats {
  received: number;
  forwarded: number;
  droppedBeforeKeyframe: number;
  silencePackets: number;
}

/**
 * One SDP stream of the relay: rewrites whatever source feeds it into a single output stream
 * (fixed SSRC, continuous sequence numbers) whose RTP timestamps are wall-clock time:
 * `out = TS_BASE + (wallMs - epochMs) * rate / 1000`, with `wallMs` from the source's
 * MediaClock. A source's mapping is an integer offset that changes only where a new frame
 * starts (the packets of one frame keep one timestamp) and only by slewing: when the clock's
 * estimate gets earlier (a packet arrived faster than any before), the offset follows by at most
 * SLEW_MS per frame, so ffmpeg sees a smooth, monotonic timeline whose wall-clock reading
 * converges on the least-delayed arrival. Pure logic; no sockets.
 */
export class RelayStream {
  /** Counters. */
  readonly stats: RelayStreamStats = { received: 0, forwarded: 0, droppedBeforeKeyframe: 0, silencePackets: 0 };
  private readonly clocks = new Map<number, MediaClock>();
  private readonly isKeyframe: ((payload: Uint8Array) => boolean) | undefined;
  private nextSeq: number;
  private source: SourceMapping | undefined;
  private highestOutTs: number | undefined;
  private waitingKeyframe = false;
  private lastRealArrivalMs: number | undefined;
  private silenceNextTs: number | undefined;

  constructor(
    readonly index: number,
    readonly media: LiveInputStream,
    /** SSRC of the output stream. */
    readonly outSsrc: number,
    /** Unix ms of output timestamp TS_BASE; the same for every stream of the relay. */
    readonly epochMs: number,
    firstSequence: number,
  ) {
    this.isKeyframe = media.kind === 'video' ? keyframeDetector(media.codec) : undefined;
    this.nextSeq = firstSequence & 0xffff;
  }

  /** Output timestamp (not wrapped) for a wall-clock time. */
  outTsAt(ms: number): number {
    return TS_BASE + Math.round(((ms - this.epochMs) * this.media.clockRate) / 1000);
  }

  /** Wall-clock time of an output timestamp (not wrapped). */
  msAtOutTs(ts: number): number {
    return this.epochMs + ((ts - TS_BASE) * 1000) / this.media.clockRate;
  }

  /** Records a received packet in its source's clock. */
  observe(header: RtpHeader, arrivalMs: number): void {
    this.stats.received++;
    let clock = this.clocks.get(header.ssrc);
    if (!clock) {
      clock = new MediaClock(this.media.clockRate);
      this.clocks.set(header.ssrc, clock);
    }
    clock.observe(header.timestamp, arrivalMs);
  }

  /** Wall-clock time of a packet already observed, under the current estimate. */
  wallMsOf(header: RtpHeader): number {
    const clock = this.clocks.get(header.ssrc);
    return clock ? clock.wallMs(clock.extend(header.timestamp)) : Date.now();
  }

  /** Resets per-run state; video waits for a key frame when the codec is known. */
  beginRun(): void {
    this.source = undefined;
    this.highestOutTs = undefined;
    this.lastRealArrivalMs = undefined;
    this.silenceNextTs = undefined;
    this.waitingKeyframe = this.isKeyframe !== undefined;
  }

  /**
   * The packet as ffmpeg must get it, or undefined when it is dropped (inter frames before the
   * run's first key frame, unless `acceptAny`). `keyframe` is true for the run's first key frame.
   */
  rewrite(buf: Buffer, header: RtpHeader, arrivalMs: number, acceptAny: boolean): { packet: Buffer; keyframe: boolean } | undefined {
    const clock = this.clocks.get(header.ssrc);
    if (!clock) return undefined;
    let keyframe = false;
    if (this.waitingKeyframe) {
      const payload = buf.subarray(header.payloadOffset, header.payloadEnd);
      if (!acceptAny && !this.isKeyframe?.(payload)) {
        this.stats.droppedBeforeKeyframe++;
        return undefined;
      }
      this.waitingKeyframe = false;
      keyframe = true;
    }
    if (this.silenceNextTs !== undefined) {
      // Back from injected silence: continue its sequence numbers.
      this.silenceNextTs = undefined;
      this.source = undefined;
    }
    const extended = clock.extend(header.timestamp);
    const target = TS_BASE + Math.round(((clock.offsetMs - this.epochMs) * this.media.clockRate) / 1000);
    if (!this.source || this.source.ssrc !== header.ssrc) {
      const steps = [{ fromExtended: extended, tsOffset: target }];
      this.source = { ssrc: header.ssrc, seqDelta: (this.nextSeq - header.sequence) & 0xffff, steps, highest: extended };
    }
    const steps = this.source.steps;
    const latest = steps.at(-1)!;
    // Only where a new frame starts (a timestamp above any seen), never inside one.
    if (extended > this.source.highest && target < latest.tsOffset) {
      const maxStep = (SLEW_MS * this.media.clockRate) / 1000;
      steps.push({ fromExtended: extended, tsOffset: Math.max(target, latest.tsOffset - Math.round(maxStep)) });
      // Enough history for packets reordered across a few frames.
      if (steps.length > 16) steps.shift();
    }
    // The offset in effect when this packet's frame started, so a late packet joins its frame.
    const step = [...steps].reverse().find((st) => st.fromExtended <= extended) ?? steps[0]!;
    if (extended > this.source.highest) this.source.highest = extended;
    const seq = (header.sequence + this.source.seqDelta) & 0xffff;
    const ts = extended + step.tsOffset;
    if (seqDiff(seq, this.nextSeq) >= 0) this.nextSeq = (seq + 1) & 0xffff;
    if (this.highestOutTs === undefined || ts > this.highestOutTs) this.highestOutTs = ts;
    this.lastRealArrivalMs = arrivalMs;
    this.stats.forwarded++;
    return { packet: rewriteRtp(buf, seq, ts, this.outSsrc), keyframe };
  }

  /**
   * Opus silence to send now, when this is an Opus stream without real audio for
   * `silenceAfterMs` (or since the run began): ffmpeg's muxer cannot start before every stream
   * has data, and a gap in the audio track stalls players. Silence covers from the end of the
   * last real audio (or the run's origin) up to now, on the same wall-clock timeline.
   */
  silence(nowMs: number, run: StreamRun, silenceAfterMs: number): Buffer[] {
    if (this.media.kind !== 'audio' || this.media.codec.toLowerCase() !== 'opus') return [];
    const frame = (this.media.clockRate * SILENCE_FRAME_MS) / 1000;
    if (this.silenceNextTs === undefined) {
      if (nowMs - (this.lastRealArrivalMs ?? run.attachedAtMs) < silenceAfterMs) return [];
      const fromOrigin = this.outTsAt(run.originMs);
      this.silenceNextTs = this.highestOutTs === undefined ? fromOrigin : Math.max(fromOrigin, this.highestOutTs + frame);
    }
    const packets: Buffer[] = [];
    let ts: number = this.silenceNextTs;
    // Bounded per call: a long stall of the event loop must not turn into one huge burst.
    while (this.msAtOutTs(ts + frame) <= nowMs && packets.length < 250) {
      packets.push(buildRtp({ payloadType: this.media.payloadType, sequence: this.nextSeq, timestamp: ts, ssrc: this.outSsrc, payload: OPUS_SILENCE_FRAME }));
      this.nextSeq = (this.nextSeq + 1) & 0xffff;
      this.highestOutTs = ts;
      ts += frame;
    }
    this.silenceNextTs = ts;
    this.stats.silencePackets += packets.length;
    return packets;
  }

  /** A Sender Report mapping wall-clock `ms` to this stream's output timestamp. */
  senderReport(ms: number): Buffer {
    return buildSenderReport(this.outSsrc, ms, this.outTsAt(ms), this.stats.forwarded);
  }

  /** An RTCP BYE for the output stream. */
  bye(): Buffer {
    return buildBye(this.outSsrc);
  }
}
