import dgram from 'node:dgram';
import type { types } from 'mediasoup';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Room } from '../server/src/sfu/room';
import { WorkerPool } from '../server/src/sfu/worker-pool';
import { waitFor } from './helpers/util';

// A room's consumer budget and its edge routers, against real mediasoup workers: RTP from a small
// UDP sender into a PlainTransport producer, viewers on plain transports to UDP sockets here.
let pool: WorkerPool;
const network = { listenIp: '127.0.0.1', announcedIp: '127.0.0.1', rtcPorts: { min: 44000, max: 44999 } };
const sockets: dgram.Socket[] = [];
const timers: NodeJS.Timeout[] = [];
const rooms: Room[] = [];

beforeAll(async () => {
  pool = await WorkerPool.create({ count: 3, rtcPorts: network.rtcPorts, logger: pino({ level: 'silent' }) });
});
afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of sockets.splice(0)) s.close();
  for (const r of rooms.splice(0)) r.close();
});
afterAll(async () => {
  await pool?.close();
});

const udpSocket = async (): Promise<dgram.Socket> => {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
};

/** A room with a budget of two consumers per router and one Opus producer fed 100 packets a second. */
async function roomWithSender(eventId: string): Promise<{ room: Room; producer: types.Producer; addProducer: (ssrc: number) => Promise<types.Producer> }> {
  const room = await Room.create(pool, eventId, network, { consumersPerRouter: 2 });
  rooms.push(room);
  const addProducer = async (ssrc: number) => {
    const inbound = await room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const producer = await inbound.produce({
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] },
    });
    room.adopt('publisher', producer);
    const sender = await udpSocket();
    let seq = 0;
    const timer = setInterval(() => {
      const packet = Buffer.alloc(12 + 60, 0x5a);
      packet[0] = 0x80;
      packet[1] = 111;
      packet.writeUInt16BE(seq & 0xffff, 2);
      packet.writeUInt32BE((seq * 480) >>> 0, 4);
      packet.writeUInt32BE(ssrc, 8);
      seq++;
      sender.send(packet, inbound.tuple.localPort, '127.0.0.1');
    }, 10);
    timers.push(timer);
    return producer;
  };
  const producer = await addProducer(1111);
  return { room, producer, addProducer };
}

/** A viewer: a plain receive transport to a UDP socket here that counts the RTP (not RTCP) it gets, consuming `producer`. */
async function viewer(room: Room, peerId: string, producer: types.Producer) {
  const sink = await udpSocket();
  const received = { packets: 0 };
  sink.on('message', (msg) => {
    // RTCP packet types (200-204) sit where RTP has marker + payload type; 192-223 is RTCP (RFC 5761).
    if (msg[1]! < 192 || msg[1]! > 223) received.packets++;
  });
  const transport = await room.createPlainRecvTransport(peerId, { ip: '127.0.0.1', port: sink.address().port });
  const consumer = await room.consume(peerId, transport.id, producer.id, room.router.rtpCapabilities);
  await room.resumeConsumer(peerId, consumer.id);
  return { transport, consumerId: consumer.id, received };
}

type Viewer = Awaited<ReturnType<typeof viewer>>;
const edgeOf = (room: Room) => room.routerStats().find((r) => !r.origin);

describe('SFU consumer budget and edge routers (real mediasoup workers)', () => {
  it('puts consumers past a router budget on an edge router on another worker, and they receive the producer', async () => {
    const { room, producer, addProducer } = await roomWithSender('scale-edge');
    const viewers: Viewer[] = [];
    for (const id of ['v1', 'v2', 'v3']) viewers.push(await viewer(room, id, producer));

    const [origin, edge, ...more] = room.routerStats();
    expect(more).toEqual([]);
    expect(origin).toMatchObject({ origin: true, consumers: 2, transports: 2 });
    expect(edge).toMatchObject({ origin: false, consumers: 1, transports: 1, pipedProducers: 1 });
    expect(edge!.workerPid).not.toBe(origin!.workerPid);
    // The third viewer's transport lives on the edge router, not the origin.
    expect(room.peers.get('v3')!.recvTransports.get(viewers[2]!.transport.id)!.on.router.id).toBe(edge!.routerId);

    await waitFor(() => viewers.every((v) => v.received.packets >= 30), 10_000, 'RTP at every viewer');

    // A producer that starts after the edge exists is piped to it at once.
    await addProducer(2222);
    await waitFor(() => edgeOf(room)?.pipedProducers === 2, 5_000, 'the second producer piped to the edge');
  });

  it('closing the producer closes the consumers on the edge too, and the room forgets them', async () => {
    const { room, producer } = await roomWithSender('scale-producer-close');
    const viewers: Viewer[] = [];
    for (const id of ['v1', 'v2', 'v3']) viewers.push(await viewer(room, id, producer));
    await waitFor(() => viewers.every((v) => v.received.packets >= 10), 10_000, 'RTP at every viewer');
    const closed: string[] = [];
    room.on('consumerclose', (_peerId, consumerId) => closed.push(consumerId));

    producer.close();

    await waitFor(() => closed.length === 3, 5_000, 'consumerclose for every viewer');
    expect(closed.sort()).toEqual(viewers.map((v) => v.consumerId).sort());
    const stats = await waitFor(() => {
      const s = room.routerStats();
      return s.every((r) => r.consumers === 0 && r.pipedProducers === 0) ? s : null;
    }, 5_000, 'no consumers and no pipes left');
    expect(stats).toHaveLength(2);
    for (const id of ['v1', 'v2', 'v3']) expect(room.peers.get(id)!.consumers.size).toBe(0);
    const after = viewers.map((v) => v.received.packets);
    await new Promise((r) => setTimeout(r, 300));
    expect(viewers.map((v) => v.received.packets)).toEqual(after);
  });

  it('an edge worker killed with SIGKILL leaves the origin consumers receiving, and the next viewer gets a new edge', async () => {
    const { room, producer } = await roomWithSender('scale-edge-dies');
    const viewers: Viewer[] = [];
    for (const id of ['v1', 'v2', 'v3']) viewers.push(await viewer(room, id, producer));
    await waitFor(() => viewers.every((v) => v.received.packets >= 10), 10_000, 'RTP at every viewer');
    const closed: string[] = [];
    room.on('consumerclose', (peerId) => closed.push(peerId));
    const edge = edgeOf(room)!;

    process.kill(edge.workerPid, 'SIGKILL');

    await waitFor(() => room.routerStats().length === 1, 10_000, 'the dead edge router dropped');
    expect(room.isClosed).toBe(false);
    expect(closed).toEqual(['v3']);
    expect(room.peers.get('v3')!.recvTransports.size).toBe(0);
    expect(room.peers.get('v3')!.consumers.size).toBe(0);
    expect(room.routerStats()[0]).toMatchObject({ origin: true, consumers: 2, transports: 2 });

    // The origin's viewers keep receiving.
    const before = viewers.slice(0, 2).map((v) => v.received.packets);
    await waitFor(() => viewers.slice(0, 2).every((v, i) => v.received.packets >= before[i]! + 30), 10_000, 'RTP at the origin viewers after the kill');

    // The origin is still full: the next viewer goes to a new edge on a live worker, and receives.
    const next = await viewer(room, 'v4', producer);
    const newEdge = edgeOf(room)!;
    expect(newEdge.workerPid).not.toBe(edge.workerPid);
    expect(newEdge).toMatchObject({ consumers: 1, pipedProducers: 1 });
    await waitFor(() => next.received.packets >= 30, 10_000, 'RTP at the viewer on the new edge');
  });

  it('with every worker already holding one of its routers, a room puts the next viewer past the budget instead of a second router on a worker', async () => {
    const single = await WorkerPool.create({ count: 1, rtcPorts: { min: 44000, max: 44999 }, logger: pino({ level: 'silent' }), consumersPerRouter: 1 });
    try {
      const room = await Room.create(single, 'scale-one-worker', network);
      rooms.push(room);
      expect(room.consumersPerRouter).toBe(1);
      const inbound = await room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
      const producer = await inbound.produce({
        kind: 'audio',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 3333 }] },
      });
      room.adopt('publisher', producer);
      await viewer(room, 'v1', producer);
      await viewer(room, 'v2', producer);
      expect(room.routerStats()).toEqual([expect.objectContaining({ origin: true, consumers: 2, transports: 2 })]);
    } finally {
      for (const r of rooms.splice(0)) r.close();
      await single.close();
    }
  });

  it('closing the room closes its edge routers', async () => {
    const { room, producer } = await roomWithSender('scale-room-close');
    for (const id of ['v1', 'v2', 'v3']) await viewer(room, id, producer);
    const routers = room.routerStats();
    expect(routers).toHaveLength(2);
    const edgeRouter = room.peers.get('v3')!.recvTransports.values().next().value!.on.router;
    room.close();
    expect(edgeRouter.closed).toBe(true);
    expect(room.router.closed).toBe(true);
  });
});
