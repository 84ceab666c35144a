import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { isConstrainedBaseline } from '@yunzhan/media-worker';
import { AppError } from '@yunzhan/shared';
import { EncoderBridge } from '../encoder-bridge';
import type { IngestListenerOptions } from '../ingest-listeners';
import { authorizeIngest, parseStreamKey, refuseSecondPush } from '../ingest-auth';
import { RtmpSession, type FlvTag, type RtmpPublisher, type RtmpSessionLimits } from './rtmp-session';

/** The application name of the RTMP server URL: `rtmp://host:port/live`. */
export const RTMP_APP = 'live';

/** What the RTMP listener needs. */
export interface RtmpIngestOptions extends IngestListenerOptions {
  /** Connections at once; more are closed at once. Default 64. */
  maxConnections?: number;
}

/** Media held while waiting for the encoder's first video configuration. */
const MAX_EARLY_BYTES = 8 * 1024 * 1024;
const FLV_HEADER = Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);

/** An FLV tag with its trailing previous-tag-size. */
export function flvTag(tag: FlvTag): Buffer {
  const out = Buffer.alloc(11 + tag.data.length + 4);
  out[0] = tag.type;
  out.writeUIntBE(tag.data.length, 1, 3);
  out.writeUIntBE(tag.timestamp & 0xffffff, 4, 3);
  out[7] = (tag.timestamp >>> 24) & 0xff;
  tag.data.copy(out, 11);
  out.writeUInt32BE(11 + tag.data.length, 11 + tag.data.length);
  return out;
}

/**
 * The RTMP listener (RTMP_PORT): OBS and other encoders push to `rtmp://<host>:<port>/live` with
 * the stream key `<event id>.<ingest token>`. The key is checked before anything is started; the
 * publish is then bridged into the event's room (encoder-bridge.ts) once its first H.264
 * configuration shows whether the video can be copied. Written here rather than taken from a
 * library: Node-Media-Server, the one maintained RTMP server on npm, allocates each message's
 * declared length (up to 16 MiB) per chunk stream before any check and brings express 5 and JWT
 * with it; ffmpeg's own listen mode takes one stream per port without a key check.
 */
export class RtmpIngest {
  private server: net.Server | undefined;
  private readonly sessions = new Set<RtmpSession>();
  private readonly bridges = new Set<EncoderBridge>();
  private readonly bridgeDeps: RtmpIngestOptions & { bridges: Set<EncoderBridge> };

  constructor(private readonly options: RtmpIngestOptions) {
    this.bridgeDeps = { ...options, bridges: this.bridges };
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    const { host, port, logger } = this.options;
    const limits: RtmpSessionLimits = { setupMs: 10_000, idleMs: 20_000, maxKbps: this.options.maxKbps };
    const server = net.createServer((socket) => {
      if (this.sessions.size >= (this.options.maxConnections ?? 64)) {
        socket.destroy();
        return;
      }
      const log = logger.child({ rtmp: `${socket.remoteAddress}:${socket.remotePort}` });
      const session = new RtmpSession(socket, { publish: (req) => this.publish(req) }, limits, log);
      this.sessions.add(session);
      socket.once('close', () => this.sessions.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => logger.error({ err }, 'RTMP listener error'));
    return (server.address() as net.AddressInfo).port;
  }

  /** Closes the listener and every session (their lives wait, as after a drop). */
  async close(): Promise<void> {
    for (const s of this.sessions) s.close('the server is shutting down');
    this.sessions.clear();
    await Promise.all([...this.bridges].map((b) => b.end(false, 'the server is shutting down')));
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async publish(req: { app: string; streamKey: string; remote: string }): Promise<RtmpPublisher> {
    if (req.app !== RTMP_APP) throw new AppError('NOT_FOUND', `The server URL ends in /${RTMP_APP}`);
    const key = parseStreamKey(req.streamKey);
    if (!key) throw new AppError('UNAUTHENTICATED', 'The stream key is not one this server gave');
    const event = await authorizeIngest(this.options.store, key.eventId, key.token);
    refuseSecondPush(this.options.live, event);
    this.options.logger.info({ eventId: event.id, remote: req.remote }, 'RTMP publish accepted');
    return new RtmpBridgePublisher(this.bridgeDeps, event.id);
  }
}

/**
 * One accepted publish: its tags are held until the first AVC sequence header (which tells
 * whether the video can be copied), then the bridge starts and everything held is written.
 */
class RtmpBridgePublisher implements RtmpPublisher {
  private early: FlvTag[] = [];
  private earlyBytes = 0;
  private hasAudio = false;
  private bridge: EncoderBridge | undefined;
  private starting: Promise<void> | undefined;
  private over = false;
  /** Why the publish cannot go on: the next tag throws it, and the session tells the encoder. */
  private failure: AppError | undefined;
  private readonly peerId = `rtmp-${randomUUID()}`;

  constructor(
    private readonly options: RtmpIngestOptions & { bridges: Set<EncoderBridge> },
    private readonly eventId: string,
  ) {}

  tag(tag: FlvTag): void {
    if (this.failure) throw this.failure;
    if (this.over) return;
    if (this.bridge) {
      if (!this.bridge.write(flvTag(tag))) this.fail('the ingest bridge is not taking the stream');
      return;
    }
    if (tag.type === 8) this.hasAudio = true;
    if (tag.type === 9) this.checkVideo(tag.data);
    this.early.push(tag);
    this.earlyBytes += tag.data.length;
    if (this.earlyBytes > MAX_EARLY_BYTES) throw new AppError('MEDIA_NO_VIDEO', 'The stream carries no H.264 configuration');
    if (tag.type === 9 && !this.starting && isAvcSequenceHeader(tag.data)) this.starting = this.start(tag.data.subarray(5));
  }

  /** Video must be H.264 (FLV codec 7), not enhanced RTMP's HEVC or AV1. */
  private checkVideo(data: Buffer): void {
    if (data.length < 1) return;
    if ((data[0]! & 0x80) !== 0 || (data[0]! & 0x0f) !== 7) throw new AppError('UNSUPPORTED_CODEC', 'Send H.264 video (x264 or a hardware H.264 encoder)');
  }

  private async start(avcC: Buffer): Promise<void> {
    const video = isConstrainedBaseline(avcC) ? 'copy' : 'encode';
    try {
      const bridge = await EncoderBridge.open(this.options, this.eventId, this.peerId, { input: { format: 'flv', url: 'pipe' }, video, audio: this.hasAudio });
      if (this.over) return void (await bridge.end(false, 'the encoder disconnected'));
      // ffmpeg reads while the live starts: the picture is there when the ladder asks for it.
      this.bridge = bridge;
      bridge.onFailure((reason) => this.fail(reason));
      bridge.write(FLV_HEADER);
      for (const t of this.early) bridge.write(flvTag(t));
      this.early = [];
      await bridge.goLive();
    } catch (err) {
      this.options.logger.warn({ err, eventId: this.eventId }, 'RTMP publish could not go live');
      this.failure = err instanceof AppError ? err : new AppError('MEDIA_UNAVAILABLE', 'The stream could not go live');
      this.early = [];
    }
  }

  private fail(reason: string): void {
    this.failure ??= new AppError('MEDIA_UNAVAILABLE', reason);
    this.end(false, reason);
  }

  end(deliberate: boolean, reason: string): void {
    if (this.over && !this.bridge) return;
    this.over = true;
    this.early = [];
    const bridge = this.bridge;
    this.bridge = undefined;
    void bridge?.end(deliberate, reason);
  }
}

/** An FLV AVC video tag body holding the AVCDecoderConfigurationRecord (packet type 0). */
function isAvcSequenceHeader(data: Buffer): boolean {
  return data.length > 5 && (data[0]! & 0x0f) === 7 && data[1] === 0;
}
