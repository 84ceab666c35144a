import { describe, expect, it } from 'vitest';
import { Amf0Error, decodeAmf0, encodeAmf0 } from './amf0';
import { ChunkReader, RtmpProtocolError, writeChunks, type RtmpMessage } from './rtmp-chunks';

const message = (type: number, payload: Buffer, timestamp = 0, streamId = 1): RtmpMessage => ({ type, streamId, timestamp, payload });

/** Feeds `bytes` to a reader in pieces of `step` bytes, collecting every message. */
function feed(reader: ChunkReader, bytes: Buffer, step: number): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  for (let at = 0; at < bytes.length; at += step) out.push(...reader.push(bytes.subarray(at, at + step)));
  return out;
}

describe('RTMP chunk stream', () => {
  it('reassembles messages cut at the default chunk size, however the bytes arrive', () => {
    const video = Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 0xff));
    const bytes = Buffer.concat([writeChunks(6, message(9, video, 40), 128), writeChunks(4, message(8, Buffer.from([0xaf, 1, 2]), 41), 128)]);
    for (const step of [1, 7, 128, bytes.length]) {
      const got = feed(new ChunkReader(), bytes, step);
      expect(got.map((m) => [m.type, m.timestamp, m.streamId, m.payload.length])).toEqual([[9, 40, 1, 1000], [8, 41, 1, 3]]);
      expect(got[0]!.payload.equals(video)).toBe(true);
    }
  });

  it("applies the peer's set chunk size to the very next chunk", () => {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(4096, 0);
    const big = Buffer.alloc(5000, 7);
    const bytes = Buffer.concat([writeChunks(2, message(1, size, 0, 0), 128), writeChunks(6, message(9, big), 4096)]);
    const reader = new ChunkReader();
    const got = feed(reader, bytes, 333);
    expect(reader.chunkSize).toBe(4096);
    expect(got.map((m) => m.type)).toEqual([1, 9]);
    expect(got[1]!.payload.equals(big)).toBe(true);
  });

  it('adds the deltas of type 1, 2 and 3 headers, and reads extended timestamps', () => {
    // fmt 0 at 1000, then fmt 2 (delta 33), then fmt 3 (same delta again), on chunk stream 6.
    const fmt0 = Buffer.from([0x06, 0, 0x03, 0xe8, 0, 0, 2, 9, 1, 0, 0, 0, 0xaa, 0xbb]);
    const fmt2 = Buffer.from([0x86, 0, 0, 33, 0xcc, 0xdd]);
    const fmt3 = Buffer.from([0xc6, 0xee, 0xff]);
    expect(new ChunkReader().push(Buffer.concat([fmt0, fmt2, fmt3])).map((m) => m.timestamp)).toEqual([1000, 1033, 1066]);
    const late = writeChunks(6, message(9, Buffer.alloc(300, 1), 0x1234567), 128);
    expect(new ChunkReader().push(late).map((m) => [m.timestamp, m.payload.length])).toEqual([[0x1234567, 300]]);
  });

  it('refuses a chunk stream that starts without a full header, an oversized message and too many chunk streams', () => {
    expect(() => new ChunkReader().push(Buffer.from([0xc6, 1, 2, 3]))).toThrow(RtmpProtocolError);
    const huge = Buffer.from([0x06, 0, 0, 0, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0]);
    expect(() => new ChunkReader({ maxMessageBytes: 1024, maxChunkStreams: 4 }).push(huge)).toThrow(/over the limit/);
    const many = Buffer.concat(Array.from({ length: 5 }, (_, i) => writeChunks(3 + i, message(20, Buffer.alloc(200)), 128).subarray(0, 12 + 128)));
    expect(() => new ChunkReader({ maxMessageBytes: 1024, maxChunkStreams: 4 }).push(many)).toThrow(/too many chunk streams/);
    const zero = Buffer.from([0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => new ChunkReader().push(zero)).toThrow(/chunk size 0/);
  });

  it('keeps only whole chunks: a partial header or body waits for more bytes', () => {
    const reader = new ChunkReader();
    const bytes = writeChunks(5, message(20, encodeAmf0('publish', 0, null, 'key')), 128);
    expect(reader.push(bytes.subarray(0, 5))).toEqual([]);
    expect(reader.buffered).toBe(5);
    expect(reader.push(bytes.subarray(5)).map((m) => decodeAmf0(m.payload))).toEqual([['publish', 0, null, 'key']]);
    expect(reader.buffered).toBe(0);
  });
});

describe('AMF0', () => {
  it('round-trips the values RTMP commands carry', () => {
    const values = ['connect', 1, { app: 'live', tcUrl: 'rtmp://h/live', fpad: false, audioCodecs: 3191, nested: { a: [1, 'x', null] } }, null, undefined, true, new Date(0)];
    const decoded = decodeAmf0(encodeAmf0(...values));
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(values));
    expect(decodeAmf0(encodeAmf0('x'.repeat(70_000)))).toEqual(['x'.repeat(70_000)]);
  });

  it('reads an ECMA array (onMetaData) and keeps a __proto__ key as data', () => {
    const body = Buffer.concat([Buffer.from([0x08, 0, 0, 0, 1, 0, 9]), Buffer.from('__proto__'), encodeAmf0(5), Buffer.from([0, 0, 9])]);
    const [meta] = decodeAmf0(body) as [Record<string, unknown>];
    expect(meta.__proto__).toBe(5);
    expect(Object.getPrototypeOf(meta)).toBe(null);
  });

  it('refuses truncated values, unknown types and values nested too deep', () => {
    expect(() => decodeAmf0(Buffer.from([0x02, 0, 10, 0x61]))).toThrow(Amf0Error);
    expect(() => decodeAmf0(Buffer.from([0x00, 1, 2]))).toThrow(Amf0Error);
    expect(() => decodeAmf0(Buffer.from([0x11]))).toThrow(/not supported/);
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(() => decodeAmf0(encodeAmf0(deep as never))).toThrow(/too deep/);
    expect(() => decodeAmf0(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff]))).toThrow(/too long/);
  });
});
