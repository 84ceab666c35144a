import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { InvalidStateError, NotFoundError, ValidationError, type ConsumerOptions, type TransportOptions } from '@yunzhan/shared';
import { ROUTER_CODECS } from './codecs';
import { RoomRouter, RouterSet, type RoomRouterStats } from './router-set';
import type { WorkerPool } from './worker-pool';

/** Transport settings a caller may change: ICE consent freshness (WHIP encoders, see whip.ts). */
export type SendTransportExtras = Pick<types.WebRtcTransportOptions, 'iceConsentTimeout'>;

/** Network settings for WebRTC transports. */
export interface RoomNetwork {
  listenIp: string;
  announcedIp: string;
  rtcPorts: { min: number; max: number };
}

/** Options of a room. */
export interface RoomOptions {
  /** Consumers one router carries before the room opens an edge router on another worker. Default: the pool's (`SFU_CONSUMERS_PER_ROUTER`, 500). */
  consumersPerRouter?: number;
}

/** A receive transport: WebRTC for browsers, plain RTP for server-side receivers. */
type RecvTransport = types.WebRtcTransport | types.PlainTransport;

/** Where a plain receive transport sends RTP. */
export interface PlainReceiver {
  ip: string;
  port: number;
  /** Default: RTCP muxed on `port`. */
  rtcpPort?: number;
  /** Encrypt with SRTP (AES_CM_128_HMAC_SHA1_80); mediasoup's keys are on `transport.srtpParameters`. Default false. */
  srtp?: boolean;
  /** Local address mediasoup sends from. Default 127.0.0.1. */
  listenIp?: string;
}

/** One connection (a socket) in a room: its send transports and producers, receive transports and consumers. */
export class Peer {
  /** Send transports (publishing). */
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer>();
  /** Receive transports and the router of the room each is on. */
  readonly recvTransports = new Map<string, { transport: RecvTransport; on: RoomRouter }>();
  readonly consumers = new Map<string, types.Consumer>();
  private closed = false;

  constructor(readonly id: string) {}

  /** Closes every transport (which closes their producers and consumers). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Forget the consumers first: they close because the peer asked, not under it (no consumerclose).
    this.consumers.clear();
    for (const t of this.transports.values()) t.close();
    for (const { transport } of this.recvTransports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.recvTransports.clear();
  }
}

/** Events a room emits. */
interface RoomEvents {
  /** The room closed (explicitly, or because its router or worker went away). */
  close: [];
  /** A producer of a peer closed (its transport or peer went away). */
  producerclose: [peerId: string, producer: types.Producer];
  /** A consumer of a peer closed without the peer asking: its producer closed, or its edge router's worker died. */
  consumerclose: [peerId: string, consumerId: string];
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

/**
 * The SFU side of one live event: the origin Router, where publishers' producers are, the peers,
 * and the viewers' consumers spread over the origin and edge routers on other workers within a
 * per-router consumer budget (router-set.ts).
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly peers = new Map<string, Peer>();
  /** The origin router: producers and the live transcoder's pipe are here. */
  readonly router: types.Router;
  private readonly routers: RouterSet;
  private closed = false;

  private constructor(
    readonly eventId: string,
    pool: WorkerPool,
    origin: RoomRouter,
    private readonly network: RoomNetwork,
    consumersPerRouter: number,
  ) {
    super();
    this.router = origin.router;
    this.routers = new RouterSet(pool, eventId, origin, consumersPerRouter, () => this.liveProducers());
    this.router.observer.once('close', () => this.close());
  }

  /** Creates a room with its origin router on the least-loaded worker. */
  static async create(pool: WorkerPool, eventId: string, network: RoomNetwork, options: RoomOptions = {}): Promise<Room> {
    const worker = pool.pick();
    const router = await worker.createRouter({ mediaCodecs: ROUTER_CODECS, appData: { eventId } });
    return new Room(eventId, pool, new RoomRouter(router, worker, true), network, options.consumersPerRouter ?? pool.consumersPerRouter);
  }

  /** Consumers one router carries before the room opens another. */
  get consumersPerRouter(): number {
    return this.routers.consumersPerRouter;
  }

  /** The room's routers (origin first) and what each carries. */
  routerStats(): RoomRouterStats[] {
    return this.routers.stats();
  }

  private liveProducers(): types.Producer[] {
    const all: types.Producer[] = [];
    for (const peer of this.peers.values()) for (const p of peer.producers.values()) if (!p.closed) all.push(p);
    return all;
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

  private createWebRtcTransport(router: types.Router, extra: SendTransportExtras = {}): Promise<types.WebRtcTransport> {
    const { listenIp, announcedIp, rtcPorts } = this.network;
    return router.createWebRtcTransport({
      ...extra,
      listenInfos: [
        { protocol: 'udp', ip: listenIp, announcedAddress: announcedIp, portRange: rtcPorts },
        { protocol: 'tcp', ip: listenIp, announcedAddress: announcedIp, portRange: rtcPorts },
      ],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 2_000_000,
    });
  }

  /** Creates a WebRTC send transport for a peer and returns what the client needs. */
  async createSendTransport(peerId: string, extra: SendTransportExtras = {}): Promise<TransportOptions> {
    const peer = this.peer(peerId);
    if (peer.transports.size >= 4) throw new InvalidStateError('Too many transports for one connection');
    const transport = await this.createWebRtcTransport(this.router, extra);
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    return transportOptions(transport);
  }

  /**
   * Creates a WebRTC receive transport for a peer on a router with room in its consumer budget
   * (an edge router on another worker when the others are full) and returns what the client needs.
   */
  async createRecvTransport(peerId: string): Promise<TransportOptions> {
    this.checkRecvLimit(peerId);
    const on = await this.routers.place();
    const transport = await this.createWebRtcTransport(on.router);
    this.trackRecv(peerId, on, transport);
    return transportOptions(transport);
  }

  /** Creates a plain RTP receive transport for a server-side receiver, placed like `createRecvTransport`. */
  async createPlainRecvTransport(peerId: string, receiver: PlainReceiver): Promise<types.PlainTransport> {
    this.checkRecvLimit(peerId);
    const on = await this.routers.place();
    const srtp = receiver.srtp ?? false;
    const transport = await on.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: receiver.listenIp ?? '127.0.0.1' },
      rtcpMux: receiver.rtcpPort === undefined,
      comedia: false,
      ...(srtp ? { enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const } : {}),
    });
    this.trackRecv(peerId, on, transport);
    await transport.connect({
      ip: receiver.ip,
      port: receiver.port,
      ...(receiver.rtcpPort === undefined ? {} : { rtcpPort: receiver.rtcpPort }),
      // The receiver never sends, so the key for what it would send only has to be well formed.
      ...(srtp ? { srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const, keyBase64: randomSrtpKey() } } : {}),
    });
    return transport;
  }

  private checkRecvLimit(peerId: string): void {
    if (this.peer(peerId).recvTransports.size >= 4) throw new InvalidStateError('Too many transports for one connection');
  }

  private trackRecv(peerId: string, on: RoomRouter, transport: RecvTransport): void {
    const peer = this.peers.get(peerId);
    // The peer left (or the room closed) while the transport was being made.
    if (!peer || this.closed) {
      transport.close();
      throw new InvalidStateError('The connection left the room');
    }
    peer.recvTransports.set(transport.id, { transport, on });
    on.transports.add(transport);
    on.untouched.add(transport.id);
    // The union's two observers have different event maps; 'close' is common to both.
    (transport as types.Transport).observer.once('close', () => {
      peer.recvTransports.delete(transport.id);
      on.transports.delete(transport);
      on.untouched.delete(transport.id);
    });
  }

  /**
   * Makes a paused consumer of a producer of this room on a peer's receive transport and returns
   * what the client needs; `resumeConsumer` starts it once the client is ready. On an edge router
   * the producer is piped there first (if it is not already).
   */
  async consume(peerId: string, transportId: string, producerId: string, rtpCapabilities: unknown): Promise<ConsumerOptions> {
    const peer = this.peers.get(peerId);
    const entry = peer?.recvTransports.get(transportId);
    if (!peer || !entry) throw new NotFoundError('Transport');
    if (peer.consumers.size >= 32) throw new InvalidStateError('Too many consumers for one connection');
    if (!this.liveProducers().some((p) => p.id === producerId)) throw new NotFoundError('Producer');
    const { transport, on } = entry;
    if (!on.origin) await this.routers.pipe(on, producerId);
    const caps = rtpCapabilities as types.RtpCapabilities;
    let can = false;
    try {
      can = on.router.canConsume({ producerId, rtpCapabilities: caps });
    } catch (err) {
      throw new ValidationError(`Invalid rtpCapabilities: ${(err as Error).message}`);
    }
    if (!can) throw new ValidationError('These RTP capabilities cannot receive this producer');
    const consumer = await asValidation('rtpCapabilities', () => transport.consume({ producerId, rtpCapabilities: caps, paused: true }));
    if (!this.peers.has(peerId) || transport.closed) {
      consumer.close();
      throw new InvalidStateError('The connection left the room');
    }
    peer.consumers.set(consumer.id, consumer);
    on.consumers.add(consumer);
    on.untouched.delete(transport.id);
    consumer.observer.once('close', () => {
      const asked = !peer.consumers.has(consumer.id);
      peer.consumers.delete(consumer.id);
      on.consumers.delete(consumer);
      if (!asked && !this.closed) this.emit('consumerclose', peerId, consumer.id);
    });
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  /** Starts (or restarts) sending a peer's consumer; mediasoup asks the producer for a key frame. */
  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const consumer = this.peers.get(peerId)?.consumers.get(consumerId);
    if (!consumer) throw new NotFoundError('Consumer');
    await consumer.resume();
  }

  /** Closes a peer's consumer at its request. */
  closeConsumer(peerId: string, consumerId: string): void {
    const peer = this.peers.get(peerId);
    const consumer = peer?.consumers.get(consumerId);
    if (!peer || !consumer) return;
    peer.consumers.delete(consumerId);
    consumer.close();
  }

  private transportOf(peerId: string, transportId: string): types.WebRtcTransport {
    const peer = this.peers.get(peerId);
    const transport = peer?.transports.get(transportId) ?? peer?.recvTransports.get(transportId)?.transport;
    if (!transport || !('iceParameters' in transport)) throw new NotFoundError('Transport');
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

  /** A peer's producers that are still open (none for an unknown peer). */
  openProducersOf(peerId: string): types.Producer[] {
    return [...(this.peers.get(peerId)?.producers.values() ?? [])].filter((p) => !p.closed);
  }

  /** Registers a producer made elsewhere (e.g. the rehearsal source's PlainTransport) under a peer. */
  adopt(peerId: string, producer: types.Producer): void {
    this.track(this.peer(peerId), producer);
  }

  private track(peer: Peer, producer: types.Producer) {
    peer.producers.set(producer.id, producer);
    this.routers.pipeToEdges(producer.id);
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

  /** Closes every peer, the edge routers and the origin router. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.routers.close();
    this.emit('close');
    this.removeAllListeners();
  }
}

function transportOptions(transport: types.WebRtcTransport): TransportOptions {
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
  };
}

/** 30 random bytes: the key and salt of AES_CM_128_HMAC_SHA1_80, base64. */
function randomSrtpKey(): string {
  return randomBytes(30).toString('base64');
}
