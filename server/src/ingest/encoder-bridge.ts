import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { FfmpegProcess, VIDEO_ENCODERS, buildIngestBridgeArgs, type IngestBridgeArgsInput } from '@yunzhan/media-worker';
import { InvalidStateError } from '@yunzhan/shared';
import type { LiveService } from '../live/live-service';
import { publishPlainProducers, type PlainProducers } from '../live/plain-producers';

/** What a bridge needs from the server. */
export interface EncoderBridgeDeps {
  live: LiveService;
  logger: Logger;
  ffmpegPath: string;
  /** The listener's open bridges: each adds itself and leaves when it ends (for shutting down). */
  bridges?: Set<EncoderBridge>;
}

/** The encoder's stream as ffmpeg reads it. */
export interface BridgeSource {
  /** `pipe`: the bridge's input pipe (RTMP's FLV, written by the server); else a URL ffmpeg opens. */
  input: { format: 'flv' | 'mpegts'; url: 'pipe' | string; options?: readonly string[] };
  /** `copy` when the encoder's H.264 is constrained baseline. */
  video: 'copy' | 'encode';
  audio: boolean;
}

/** Input pipes past this much unwritten data mean ffmpeg has stalled: the publish is dropped. */
const MAX_PIPE_BACKLOG = 16 * 1024 * 1024;

/**
 * An encoder pushed over RTMP or SRT, bridged into the event's room: ffmpeg turns its stream into
 * RTP for PlainTransport producers under a peer of its own (like the rehearsal source), and the
 * event goes live from them through the same ladder, LL-HLS and recording as a browser host. One
 * owner, one close path: `end` stops ffmpeg and closes the producers, and tells the live whether
 * the encoder stopped on purpose (the live ends) or dropped (the live waits RECONNECT_GRACE_S).
 */
export class EncoderBridge {
  /** Set once the bridge is ending: `end`'s work, awaited by every later call. */
  private ending: Promise<void> | undefined;
  /** Set when the encoder stopped on purpose: ffmpeg's exit then ends the live. */
  private stopReason: string | undefined;
  private onDrop: ((reason: string) => void) | undefined;

  private constructor(
    private readonly deps: EncoderBridgeDeps,
    readonly eventId: string,
    readonly peerId: string,
    private readonly producers: PlainProducers,
    private readonly ffmpeg: FfmpegProcess,
  ) {
    void ffmpeg.exited.then((exit) => {
      if (this.ending) return;
      if (this.stopReason) return void this.end(true, this.stopReason);
      const reason = `the ingest bridge stopped (${exit.code ?? exit.signal ?? 'no exit code'})`;
      deps.logger.warn({ eventId, stderr: ffmpeg.stderrTail() }, reason);
      this.onDrop?.(reason);
      void this.end(false, reason);
    });
  }

  /** Makes the producers and starts ffmpeg; the live starts with `goLive`. */
  static async open(deps: EncoderBridgeDeps, eventId: string, peerId: string, source: BridgeSource): Promise<EncoderBridge> {
    const producers = await publishPlainProducers(deps.live, eventId, peerId);
    const input: IngestBridgeArgsInput['input'] = { ...source.input, url: source.input.url === 'pipe' ? 'pipe:3' : source.input.url };
    const args = buildIngestBridgeArgs({
      input,
      video: source.video === 'copy' ? { mode: 'copy' } : { mode: 'encode', encoder: VIDEO_ENCODERS.x264 },
      audio: source.audio,
      rtp: { video: producers.video, audio: producers.audio },
    });
    const ffmpeg = FfmpegProcess.start({ ffmpegPath: deps.ffmpegPath, args, inputPipe: source.input.url === 'pipe', logger: deps.logger });
    deps.logger.info({ eventId, peerId, video: source.video, format: source.input.format }, 'encoder bridged into the room');
    const bridge = new EncoderBridge(deps, eventId, peerId, producers, ffmpeg);
    deps.bridges?.add(bridge);
    return bridge;
  }

  /** Starts (or resumes) the event's live from the bridge; on failure the bridge is closed. */
  async goLive(): Promise<void> {
    try {
      await this.deps.live.startFor(this.eventId, this.peerId);
    } catch (err) {
      this.ending = Promise.resolve();
      this.deps.bridges?.delete(this);
      await this.ffmpeg.kill();
      this.producers.close();
      (await this.deps.live.room(this.eventId)).closePeer(this.peerId);
      throw err;
    }
  }

  /** The encoder is stopping on purpose (its input will end): the live ends with it. */
  stopping(reason: string): void {
    this.stopReason ??= reason;
  }

  /** Called once if the bridge fails by itself (ffmpeg exits); the caller closes its connection. */
  onFailure(callback: (reason: string) => void): void {
    this.onDrop = callback;
  }

  /** Writes to ffmpeg's input pipe; false (and the publish is dropped) when ffmpeg falls behind. */
  write(data: Buffer): boolean {
    const pipe: Writable | undefined = this.ffmpeg.inputPipe;
    if (this.ending || !pipe) return false;
    if (pipe.writableLength > MAX_PIPE_BACKLOG) {
      void this.end(false, 'the ingest bridge fell behind the encoder');
      return false;
    }
    pipe.write(data);
    return true;
  }

  /**
   * Ends the bridge: the live ends when `deliberate`, else waits for the encoder. Idempotent: a
   * second call resolves when the first has finished (ffmpeg gone, producers closed).
   */
  end(deliberate: boolean, reason: string): Promise<void> {
    if (this.ending) return this.ending;
    this.ending = this.finish(deliberate, reason);
    this.deps.bridges?.delete(this);
    return this.ending;
  }

  private async finish(deliberate: boolean, reason: string): Promise<void> {
    const { live, logger } = this.deps;
    if (deliberate) {
      await live.end(this.eventId, reason).catch((err: unknown) => {
        if (!(err instanceof InvalidStateError)) logger.error({ err, eventId: this.eventId }, 'could not end the live');
      });
    }
    // A drop: the live waits RECONNECT_GRACE_S for the encoder to come back.
    live.peerGone(this.peerId);
    this.ffmpeg.inputPipe?.end();
    await this.ffmpeg.close({ stepMs: 1000 });
    this.producers.close();
    logger.info({ eventId: this.eventId, peerId: this.peerId, reason, deliberate }, 'encoder bridge ended');
  }
}
