import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { InvalidStateError, NotFoundError, ValidationError, type TransportOptions } from '@yunzhan/shared';
import { ROUTER_CODECS } from './codecs';
import type { WorkerPool } from './worker-pool';

/** Network settings for WebRTC transports. */
export interface RoomNetwork {
  listenIp: string;
  announcedIp: string;
  rtcPorts: { min: number; max: number };
}

/** One publisher connection (a socket) in a room: its transports and producers. */
export class Peer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer>();
  private closed = false;

  constructor(readonly id: string) {}

  /** Closes every transport (which closes their producers). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
    this.producers.clear();
  }
}

/** Events a room emits. */
interface RoomEvents {
  /** The room closed (explicitly, or because its router or worker went away). */
  close: [];
  /** A producer of a peer closed (its transport or peer went away). */
  producerclose: [peerId: string, producer: types.Producer];
}

// mediasoup validates rtpParameters/dtlsParameters deeply and throws TypeError on bad shapes:
// that is the client's fault, so it becomes VALIDATION_FAILED instead of INTERNAL.
async function asValidation<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TypeError) throw new ValidationError(`Invalid ${what}: ${err.message}`);
    throw err;
  }
}

/** The SFU side of one live event: a Router and the peers publishing into it. */
export class Room extends EventEmitter<RoomEvents> {
  readonly peers = new Map<string, Peer>();
  private closed = false;

  private constructor(
    readonly eventId: string,
    readonly router: types.Router,
    private readonly network: RoomNetwork,
  ) {
    super();
    router.observer.once('close', () => this.close());
  }

  /** Creates a room with a router on the least-loaded worker. */
  static async create(pool: WorkerPool, eventId: string, network: RoomNetwork): Promise<Room> {
    const router = await pool.pick().createRouter({ mediaCodecs: ROUTER_CODECS, appData: { eventId } });
    return new Room(eventId, router, network);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The peer with this id, created on first use. */
  peer(peerId: string): Peer {
    if (this.closed) throw new InvalidStateError('The room is closed');
    let peer = this.peers.get(peerId);
    if (!peer) {
      peer = new Peer(peerId);
      this.peers.set(peerId, peer);
    }
    return peer;
  }

  /** Creates a WebRTC send transport for a peer and returns what the client needs. */
  async createSendTransport(peerId: string): Promise<TransportOptions> {
    const peer = this.peer(peerId);
    if (peer.transports.size >= 4) throw new InvalidStateError('Too many transports for one connection');
    const { listenIp, announcedIp, rtcPorts } = this.network;
    const transport = await this.router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: listenIp, announcedAddress: announcedIp, portRange: rtcPorts },
        { protocol: 'tcp', ip: listenIp, announcedAddress: announcedIp, portRange: rtcPorts },
      ],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 2_000_000,
    });
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  private transportOf(peerId: string, transportId: string): types.WebRtcTransport {
    const transport = this.peers.get(peerId)?.transports.get(transportId);
    if (!transport) throw new NotFoundError('Transport');
    return transport;
  }

  /** Completes the DTLS handshake parameters of a peer's transport. */
  async connectTransport(peerId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const transport = this.transportOf(peerId, transportId);
    await asValidation('dtlsParameters', () => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  /** Starts receiving a track from a peer. One audio and one video producer per peer. */
  async produce(peerId: string, transportId: string, kind: types.MediaKind, rtpParameters: unknown): Promise<types.Producer> {
    const peer = this.peer(peerId);
    const transport = this.transportOf(peerId, transportId);
    for (const p of peer.producers.values()) if (p.kind === kind) throw new InvalidStateError(`Already publishing ${kind}`);
    const producer = await asValidation('rtpParameters', () =>
      transport.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters }),
    );
    this.track(peer, producer);
    return producer;
  }

  /** Registers a producer made elsewhere (e.g. the rehearsal source's PlainTransport) under a peer. */
  adopt(peerId: string, producer: types.Producer): void {
    this.track(this.peer(peerId), producer);
  }

  private track(peer: Peer, producer: types.Producer) {
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      this.emit('producerclose', peer.id, producer);
    });
  }

  /** Closes a peer's transports and producers. */
  closePeer(peerId: string): void {
    this.peers.get(peerId)?.close();
    this.peers.delete(peerId);
  }

  /** Closes every peer and the router. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.router.close();
    this.emit('close');
    this.removeAllListeners();
  }
}
