import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { AppError } from '@yunzhan/shared';
import { Amf0Error, decodeAmf0, encodeAmf0, type Amf0Value } from './amf0';
import { ChunkReader, RtmpProtocolError, writeChunks, type RtmpMessage } from './rtmp-chunks';

/** One audio, video or script message of a publish, as an FLV tag carries it. */
export interface FlvTag {
  /** 8 audio, 9 video, 18 script data. */
  type: 8 | 9 | 18;
  /** Milliseconds. */
  timestamp: number;
  data: Buffer;
}

/** Where an accepted publish goes. */
export interface RtmpPublisher {
  tag(tag: FlvTag): void;
  /** The publish is over: `deliberate` when the encoder stopped it (deleteStream), not a drop. */
  end(deliberate: boolean, reason: string): void;
}

/** What a session asks its server. */
export interface RtmpSessionHandler {
  /** Accepts a publish (resolves) or refuses it (throws an AppError, whose code the encoder is told). */
  publish(request: { app: string; streamKey: string; remote: string }): Promise<RtmpPublisher>;
}

/** Limits of one session. */
export interface RtmpSessionLimits {
  /** Handshake, connect and publish must be done within this. */
  setupMs: number;
  /** No bytes for this long ends the session. */
  idleMs: number;
  /** Media above this average over 4 s ends the publish (kbit/s). */
  maxKbps: number;
}

const HANDSHAKE_BYTES = 1536;
const OUT_CHUNK_SIZE = 4096;
const WINDOW_ACK_SIZE = 2_500_000;
const RATE_WINDOW_MS = 4000;
const SET_DATA_FRAME = encodeAmf0('@setDataFrame');

type Phase = 'c0c1' | 'c2' | 'chunks' | 'closed';

/**
 * One RTMP connection from an encoder (OBS, vMix, ffmpeg): the simple handshake, the connect /
 * createStream / publish commands, and the publish's media handed on as FLV tags. The publish's
 * stream key is checked (`handler.publish`) with the socket paused, so nothing of the stream is
 * taken before the key is accepted; a refusal is told to the encoder as an `onStatus` error
 * whose description starts with the error code, and the connection is closed.
 */
export class RtmpSession {
  private phase: Phase = 'c0c1';
  private handshake = Buffer.alloc(0);
  private readonly reader = new ChunkReader();
  private app: string | undefined;
  private publisher: RtmpPublisher | undefined;
  private publishing = false;
  private backlog: RtmpMessage[] = [];
  private busy = false;
  private bytesIn = 0;
  private ackedAt = 0;
  private ackWindow = 0;
  private rate = { since: Date.now(), bytes: 0 };
  private readonly setupTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RtmpSessionHandler,
    private readonly limits: RtmpSessionLimits,
    private readonly log: Logger,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs, () => this.close('the encoder sent nothing for too long'));
    this.setupTimer = setTimeout(() => {
      if (!this.publishing) this.close('the encoder did not start publishing in time');
    }, limits.setupMs);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'RTMP socket error'));
    socket.on('close', () => this.close('the encoder disconnected'));
  }

  private get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  private receive(data: Buffer): void {
    if (this.phase === 'closed') return;
    try {
      this.bytesIn += data.length;
      if (this.phase !== 'chunks') data = this.readHandshake(data);
      if (this.phase === 'chunks' && data.length) {
        this.backlog.push(...this.reader.push(data));
        this.acknowledge();
        this.drain();
      }
    } catch (err) {
      this.refuse(err);
    }
  }

  /** C0 C1 -> S0 S1 S2, then C2; returns what follows the handshake. */
  private readHandshake(data: Buffer): Buffer {
    this.handshake = Buffer.concat([this.handshake, data]);
    if (this.phase === 'c0c1') {
      if (this.handshake.length < 1 + HANDSHAKE_BYTES) return Buffer.alloc(0);
      if (this.handshake[0] !== 3) throw new RtmpProtocolError(`RTMP version ${this.handshake[0]} is not supported (plain RTMP is version 3)`);
      const c1 = this.handshake.subarray(1, 1 + HANDSHAKE_BYTES);
      const s1 = Buffer.concat([Buffer.alloc(8), randomBytes(HANDSHAKE_BYTES - 8)]);
      s1.writeUInt32BE(Math.floor(process.uptime() * 1000) >>> 0, 0);
      this.socket.write(Buffer.concat([Buffer.from([3]), s1, c1]));
      this.handshake = this.handshake.subarray(1 + HANDSHAKE_BYTES);
      this.phase = 'c2';
    }
    if (this.handshake.length < HANDSHAKE_BYTES) return Buffer.alloc(0);
    const rest = Buffer.from(this.handshake.subarray(HANDSHAKE_BYTES));
    this.handshake = Buffer.alloc(0);
    this.phase = 'chunks';
    return rest;
  }

  /** Acknowledgement (type 3) each time the peer's window of bytes has arrived. */
  private acknowledge(): void {
    if (!this.ackWindow || this.bytesIn - this.ackedAt < this.ackWindow) return;
    this.ackedAt = this.bytesIn;
    const body = Buffer.alloc(4);
    body.writeUInt32BE(this.bytesIn >>> 0, 0);
    this.send(2, { type: 3, streamId: 0, timestamp: 0, payload: body });
  }

  /** Handles queued messages in order; a publish check pauses the queue (and the socket). */
  private drain(): void {
    while (!this.busy && this.backlog.length && this.phase !== 'closed') {
      const message = this.backlog.shift()!;
      this.handle(message);
    }
  }

  private handle(m: RtmpMessage): void {
    switch (m.type) {
      case 5:
        if (m.payload.length >= 4) this.ackWindow = m.payload.readUInt32BE(0);
        return;
      case 17:
      case 20:
        return this.command(decodeAmf0(m.type === 17 ? m.payload.subarray(1) : m.payload), m.streamId);
      case 8:
      case 9:
        return this.media(m.type, m.timestamp, m.payload);
      case 18: {
        if (!this.publishing) return;
        // `@setDataFrame onMetaData {...}` from the encoder is `onMetaData {...}` in FLV.
        const data = m.payload.subarray(0, SET_DATA_FRAME.length).equals(SET_DATA_FRAME) ? m.payload.subarray(SET_DATA_FRAME.length) : m.payload;
        this.publisher!.tag({ type: 18, timestamp: m.timestamp, data });
        return;
      }
      default:
        // Set chunk size (applied by the reader), abort, ack, user control, peer bandwidth.
        return;
    }
  }

  private media(type: 8 | 9, timestamp: number, data: Buffer): void {
    if (!this.publishing) return;
    const now = Date.now();
    if (now - this.rate.since > RATE_WINDOW_MS) this.rate = { since: now, bytes: 0 };
    this.rate.bytes += data.length;
    if (this.rate.bytes * 8 > this.limits.maxKbps * RATE_WINDOW_MS) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The stream is over ${this.limits.maxKbps} kbit/s; lower the encoder's bitrate`);
    }
    this.publisher!.tag({ type, timestamp, data });
  }

  private command(values: Amf0Value[], streamId: number): void {
    const [name, txn, , ...args] = values;
    if (typeof name !== 'string' || typeof txn !== 'number') throw new RtmpProtocolError('a command without a name or transaction id');
    switch (name) {
      case 'connect': {
        const cmd = values[2];
        const app = cmd && typeof cmd === 'object' && !Array.isArray(cmd) && !(cmd instanceof Date) ? cmd.app : undefined;
        if (this.app !== undefined || typeof app !== 'string') throw new RtmpProtocolError('connect without an app, or twice');
        this.app = app;
        this.control(5, WINDOW_ACK_SIZE);
        this.send(2, { type: 6, streamId: 0, timestamp: 0, payload: Buffer.from([0, 0x26, 0x25, 0xa0, 2]) });
        this.control(1, OUT_CHUNK_SIZE);
        this.invoke(0, '_result', txn, { fmsVer: 'FMS/3,5,7,7009', capabilities: 31 }, {
          level: 'status',
          code: 'NetConnection.Connect.Success',
          description: 'Connection succeeded.',
          objectEncoding: 0,
        });
        return;
      }
      case 'createStream':
        return this.invoke(0, '_result', txn, null, 1);
      case 'publish':
        return this.publish(typeof args[0] === 'string' ? args[0] : '', streamId);
      case 'deleteStream':
      case 'closeStream':
      case 'FCUnpublish':
        if (this.publishing) this.end(true, 'the encoder stopped the stream');
        return;
      default:
        // releaseStream, FCPublish and the like: a plain answer when one is awaited.
        if (txn > 0) this.invoke(0, '_result', txn, null, undefined);
    }
  }

  private publish(streamKey: string, streamId: number): void {
    if (this.app === undefined) throw new RtmpProtocolError('publish before connect');
    if (this.publishing || this.busy) throw new RtmpProtocolError('a second publish on one connection');
    this.busy = true;
    this.socket.pause();
    this.handler.publish({ app: this.app, streamKey, remote: this.remote }).then(
      (publisher) => {
        this.busy = false;
        if (this.phase === 'closed') return publisher.end(false, 'the encoder disconnected');
        clearTimeout(this.setupTimer);
        this.publisher = publisher;
        this.publishing = true;
        this.status(streamId, 'status', 'NetStream.Publish.Start', `${streamKey.split('.')[0]} is now published.`);
        this.socket.resume();
        try {
          this.drain();
        } catch (err) {
          this.refuse(err);
        }
      },
      (err: unknown) => {
        this.busy = false;
        this.refuse(err, streamId);
      },
    );
  }

  /** Tells the encoder why (when it can be told) and closes. */
  private refuse(err: unknown, streamId = 1): void {
    const code = err instanceof AppError ? err.code : err instanceof RtmpProtocolError || err instanceof Amf0Error ? 'BAD_REQUEST' : 'INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    if (code === 'INTERNAL') this.log.error({ err }, 'RTMP session failed');
    else this.log.info({ code, reason: message, remote: this.remote }, 'RTMP publish refused');
    if (this.phase === 'chunks') this.status(streamId, 'error', 'NetStream.Publish.Denied', `${code}: ${message}`);
    this.close(`${code}: ${message}`);
  }

  private end(deliberate: boolean, reason: string): void {
    const publisher = this.publisher;
    this.publisher = undefined;
    this.publishing = false;
    publisher?.end(deliberate, reason);
  }

  /** Ends the session (idempotent): the publish, if any, ends as a drop unless already ended. */
  close(reason: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.setupTimer);
    this.backlog = [];
    this.end(false, reason);
    this.socket.end();
    this.socket.destroySoon();
  }

  private send(csid: number, message: RtmpMessage): void {
    if (!this.socket.writable) return;
    this.socket.write(writeChunks(csid, message, this.outChunkSize(message.type)));
  }

  /** The set-chunk-size message itself still goes out in 128-byte chunks. */
  private chunkSizeSent = false;
  private outChunkSize(type: number): number {
    const size = this.chunkSizeSent ? OUT_CHUNK_SIZE : 128;
    if (type === 1) this.chunkSizeSent = true;
    return size;
  }

  private control(type: 1 | 5, value: number): void {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(value, 0);
    this.send(2, { type, streamId: 0, timestamp: 0, payload });
  }

  private invoke(streamId: number, ...values: Amf0Value[]): void {
    this.send(3, { type: 20, streamId, timestamp: 0, payload: encodeAmf0(...values) });
  }

  private status(streamId: number, level: 'status' | 'error', code: string, description: string): void {
    this.send(5, { type: 20, streamId, timestamp: 0, payload: encodeAmf0('onStatus', 0, null, { level, code, description }) });
  }
}
