import net from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '@yunzhan/shared';
import { decodeAmf0, encodeAmf0, type Amf0Value } from './amf0';
import { ChunkReader, writeChunks } from './rtmp-chunks';
import { RtmpSession, type FlvTag, type RtmpSessionHandler } from './rtmp-session';

// An RTMP session on a real loopback socket, driven by a client written with the same chunk
// writer: the handshake, connect / createStream / publish, the key check, media as FLV tags, the
// encoder's stop, and the bitrate limit.

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

interface Recorded {
  requests: { app: string; streamKey: string }[];
  tags: FlvTag[];
  ended: { deliberate: boolean; reason: string }[];
}

async function sessionServer(accept: (key: string) => boolean, maxKbps = 50_000): Promise<{ port: number; seen: Recorded }> {
  const seen: Recorded = { requests: [], tags: [], ended: [] };
  const handler: RtmpSessionHandler = {
    async publish(req) {
      seen.requests.push({ app: req.app, streamKey: req.streamKey });
      if (!accept(req.streamKey)) throw new UnauthenticatedError('The ingest token is missing, wrong or rotated');
      return { tag: (t) => seen.tags.push(t), end: (deliberate, reason) => seen.ended.push({ deliberate, reason }) };
    },
  };
  const server = net.createServer((socket) => new RtmpSession(socket, handler, { setupMs: 5000, idleMs: 5000, maxKbps }, pino({ level: 'silent' })));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, seen };
}

/** A publishing client: handshake, then commands; collects the server's commands. */
async function client(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const reader = new ChunkReader();
  const commands: Amf0Value[][] = [];
  let handshake = Buffer.alloc(0);
  let shaken = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (data: Buffer) => {
    if (!shaken) {
      handshake = Buffer.concat([handshake, data]);
      if (handshake.length < 3073) return;
      shaken = true;
      socket.write(handshake.subarray(1, 1537));
      data = handshake.subarray(3073);
    }
    for (const m of reader.push(data)) if (m.type === 20) commands.push(decodeAmf0(m.payload));
  });
  socket.on('error', () => undefined);
  socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536, 1)]));
  const send = (csid: number, type: number, streamId: number, payload: Buffer, timestamp = 0) => socket.write(writeChunks(csid, { type, streamId, timestamp, payload }, 128));
  const command = (...values: Amf0Value[]) => send(3, 20, values[0] === 'publish' || values[0] === 'deleteStream' ? 1 : 0, encodeAmf0(...values));
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(pred()).toBe(true);
  };
  const publish = async (key: string) => {
    await until(() => shaken);
    command('connect', 1, { app: 'live', tcUrl: `rtmp://127.0.0.1:${port}/live` });
    command('releaseStream', 2, null, key);
    command('createStream', 3, null);
    command('publish', 0, null, key, 'live');
    await until(() => commands.some((c) => c[0] === 'onStatus'));
    return commands.find((c) => c[0] === 'onStatus')![3] as { level: string; code: string; description: string };
  };
  return { socket, commands, send, command, publish, closed, until };
}

describe('RTMP session', () => {
  it('answers connect and createStream, checks the key at publish and hands on the media as FLV tags', async () => {
    const { port, seen } = await sessionServer((key) => key === 'ev.good');
    const c = await client(port);
    const status = await c.publish('ev.good');
    expect(status).toMatchObject({ level: 'status', code: 'NetStream.Publish.Start' });
    expect(c.commands.filter((x) => x[0] === '_result').map((x) => x[1])).toEqual([1, 2, 3]);
    expect(c.commands.find((x) => x[1] === 3)![3]).toBe(1);
    expect(seen.requests).toEqual([{ app: 'live', streamKey: 'ev.good' }]);

    c.send(4, 18, 1, encodeAmf0('@setDataFrame', 'onMetaData', { width: 1280 }));
    c.send(6, 9, 1, Buffer.from([0x17, 0, 0, 0, 0, 1, 0x42, 0xc0, 0x1f]), 0);
    c.send(4, 8, 1, Buffer.from([0xaf, 0, 0x12, 0x10]), 21);
    await c.until(() => seen.tags.length === 3);
    expect(seen.tags.map((t) => [t.type, t.timestamp])).toEqual([[18, 0], [9, 0], [8, 21]]);
    expect(decodeAmf0(seen.tags[0]!.data)).toEqual(['onMetaData', { width: 1280 }]);

    c.command('deleteStream', 4, null, 1);
    await c.until(() => seen.ended.length === 1);
    expect(seen.ended[0]!.deliberate).toBe(true);
    c.socket.destroy();
  });

  it('refuses a wrong key with an error status naming the code, takes no media and closes', async () => {
    const { port, seen } = await sessionServer(() => false);
    const c = await client(port);
    const status = await c.publish('ev.bad');
    expect(status.level).toBe('error');
    expect(status.description).toMatch(/^UNAUTHENTICATED: /);
    await c.closed;
    expect(seen.tags).toEqual([]);
    expect(seen.ended).toEqual([]);
  });

  it('ends a publish that goes over the bitrate limit, as a drop', async () => {
    const { port, seen } = await sessionServer(() => true, 500);
    const c = await client(port);
    await c.publish('ev.good');
    // 500 kbit/s over 4 s is 250 kB: 300 kB at once is over.
    for (let i = 0; i < 10; i++) c.send(6, 9, 1, Buffer.alloc(30_000, 0x27), i * 33);
    await c.closed;
    expect(seen.ended).toHaveLength(1);
    expect(seen.ended[0]).toMatchObject({ deliberate: false });
    expect(seen.ended[0]!.reason).toMatch(/^PAYLOAD_TOO_LARGE/);
    const error = c.commands.find((x) => x[0] === 'onStatus' && (x[3] as { level: string }).level === 'error');
    expect((error![3] as { description: string }).description).toMatch(/500 kbit\/s/);
  });

  it('closes on a broken chunk stream without asking the handler anything', async () => {
    const { port, seen } = await sessionServer(() => true);
    const c = await client(port);
    await c.until(() => c.socket.bytesRead >= 3073);
    c.socket.write(Buffer.from([0xc9, 1, 2, 3, 4]));
    await c.closed;
    expect(seen.requests).toEqual([]);
  });
});
