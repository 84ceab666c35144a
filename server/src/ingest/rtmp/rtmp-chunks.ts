/**
 * RTMP's chunk stream (Adobe RTMP 1.0, section 5.3): messages are cut into chunks of the peer's
 * chunk size, interleaved by chunk stream id, with headers that repeat only what changed. The
 * reader reassembles a publisher's messages within limits; the writer cuts the server's answers.
 */

/** One reassembled message. */
export interface RtmpMessage {
  /** Message type id: 1 set chunk size, 3 ack, 5 window ack size, 8 audio, 9 video, 18 data, 20 command... */
  type: number;
  /** Message stream id (0 for control and connection commands). */
  streamId: number;
  /** Milliseconds, 32 bits, wrapping. */
  timestamp: number;
  payload: Buffer;
}

/** The peer broke the chunk protocol or a limit. */
export class RtmpProtocolError extends Error {}

/** Limits on what one connection may make the reader hold. */
export interface ChunkLimits {
  /** Largest message accepted. */
  maxMessageBytes: number;
  /** Chunk streams a peer may use. */
  maxChunkStreams: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxMessageBytes: 4 * 1024 * 1024, maxChunkStreams: 16 };

/** Largest chunk size the protocol allows (31 bits). */
const MAX_CHUNK_SIZE = 0x7fffffff;
const MESSAGE_HEADER_BYTES = [11, 7, 3, 0] as const;

interface ChunkStream {
  timestamp: number;
  delta: number;
  length: number;
  type: number;
  streamId: number;
  extended: boolean;
  parts: Buffer[];
  received: number;
}

/** Reassembles the messages of a peer's chunk stream. */
export class ChunkReader {
  /** The peer's chunk size (set chunk size, message type 1, changes it). */
  chunkSize = 128;
  private pending: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, ChunkStream>();

  constructor(private readonly limits: ChunkLimits = DEFAULT_CHUNK_LIMITS) {}

  private setChunkSize(size: number): void {
    if (size < 1 || size > MAX_CHUNK_SIZE) throw new RtmpProtocolError(`chunk size ${size} is out of range`);
    this.chunkSize = size;
  }

  /** Feeds bytes; returns the messages they complete, in order. */
  push(data: Buffer): RtmpMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: RtmpMessage[] = [];
    for (;;) {
      const before = out.length;
      const used = this.readChunk(out);
      if (used === 0) break;
      this.pending = this.pending.subarray(used);
      // A set-chunk-size message changes how the very next chunk is cut.
      const done = out.length > before ? out[before]! : undefined;
      if (done?.type === 1) {
        if (done.payload.length < 4) throw new RtmpProtocolError('set chunk size without a size');
        this.setChunkSize(done.payload.readUInt32BE(0) & MAX_CHUNK_SIZE);
      }
    }
    return out;
  }

  /** Bytes received and not yet part of a complete chunk. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Reads one whole chunk from `pending`; 0 when it has not all arrived. */
  private readChunk(out: RtmpMessage[]): number {
    const buf = this.pending;
    if (buf.length < 1) return 0;
    const fmt = buf[0]! >> 6;
    let csid = buf[0]! & 0x3f;
    let at = 1;
    if (csid === 0) {
      if (buf.length < 2) return 0;
      csid = 64 + buf[1]!;
      at = 2;
    } else if (csid === 1) {
      if (buf.length < 3) return 0;
      csid = 64 + buf[1]! + buf[2]! * 256;
      at = 3;
    }
    const headerBytes = MESSAGE_HEADER_BYTES[fmt as 0 | 1 | 2 | 3];
    if (buf.length < at + headerBytes) return 0;
    const known = this.streams.get(csid);
    if (!known && fmt !== 0) throw new RtmpProtocolError(`chunk stream ${csid} starts without a full header`);
    const st: ChunkStream = known ?? { timestamp: 0, delta: 0, length: 0, type: 0, streamId: 0, extended: false, parts: [], received: 0 };
    if (st.received > 0 && fmt !== 3) throw new RtmpProtocolError(`chunk stream ${csid} changes its header in the middle of a message`);
    let tsField = 0;
    let length = st.length;
    let type = st.type;
    let streamId = st.streamId;
    if (fmt <= 2) tsField = buf.readUIntBE(at, 3);
    if (fmt <= 1) {
      length = buf.readUIntBE(at + 3, 3);
      type = buf[at + 6]!;
    }
    if (fmt === 0) streamId = buf.readUInt32LE(at + 7);
    at += headerBytes;
    const extended = fmt <= 2 ? tsField === 0xffffff : st.extended;
    if (extended) {
      if (buf.length < at + 4) return 0;
      if (fmt <= 2) tsField = buf.readUInt32BE(at);
      at += 4;
    }
    if (length > this.limits.maxMessageBytes) throw new RtmpProtocolError(`a message of ${length} bytes is over the limit`);
    const take = Math.min(this.chunkSize, length - st.received);
    if (buf.length < at + take) return 0;

    // The whole chunk is here: commit.
    if (!known) {
      if (this.streams.size >= this.limits.maxChunkStreams) throw new RtmpProtocolError('too many chunk streams');
      this.streams.set(csid, st);
    }
    if (st.received === 0) {
      if (fmt === 0) {
        st.timestamp = tsField;
        st.delta = 0;
      } else {
        if (fmt !== 3) st.delta = tsField;
        st.timestamp = (st.timestamp + st.delta) >>> 0;
      }
    }
    st.length = length;
    st.type = type;
    st.streamId = streamId;
    st.extended = extended;
    if (take > 0) st.parts.push(Buffer.from(buf.subarray(at, at + take)));
    st.received += take;
    if (st.received === st.length) {
      out.push({ type: st.type, streamId: st.streamId, timestamp: st.timestamp, payload: st.parts.length === 1 ? st.parts[0]! : Buffer.concat(st.parts) });
      st.parts = [];
      st.received = 0;
    }
    return at + take;
  }
}

/** Cuts a message into chunks of `chunkSize` on chunk stream `csid` (2..63). */
export function writeChunks(csid: number, message: RtmpMessage, chunkSize: number): Buffer {
  const { payload, timestamp } = message;
  const extended = timestamp >= 0xffffff;
  const header = Buffer.alloc(12 + (extended ? 4 : 0));
  header[0] = csid & 0x3f;
  header.writeUIntBE(extended ? 0xffffff : timestamp, 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = message.type;
  header.writeUInt32LE(message.streamId, 8);
  if (extended) header.writeUInt32BE(timestamp, 12);
  const parts: Buffer[] = [header];
  for (let at = 0; at < payload.length || at === 0; at += chunkSize) {
    if (at > 0) {
      parts.push(Buffer.from([0xc0 | (csid & 0x3f)]));
      if (extended) parts.push(header.subarray(12, 16));
    }
    parts.push(payload.subarray(at, at + chunkSize));
    if (payload.length === 0) break;
  }
  return Buffer.concat(parts);
}
