import { createHmac, randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Caller, SrtAdmission, SrtGateOptions, SrtPeer } from './srt-gate-types';
import {
  ControlType, HandshakeType, MAX_DATAGRAM, RejectReason, buildInductionRequest, buildInductionResponse, buildRejection,
  controlTypeOf, encodePeerIp, parseHandshake, rejectionReasonOf, rewriteHandshake, streamIdOf, type Handshake,
} from './srt-packets';

export type { SrtAdmission, SrtGateOptions, SrtPeer } from './srt-gate-types';

/** A refusal kept a while so the caller's retransmitted CONCLUSION gets the same answer, not a second `admit`. */
interface Refusal {
  socketId: number;
  packet: Buffer;
  until: number;
}

const REFUSAL_MEMORY_MS = 3000;
const MAX_REFUSALS = 256;
const SHUTDOWN_GRACE_MS = 1000;
const INDUCTION_RETRY_MS = 100;
const SWEEP_MS = 250;
const COOKIE_PERIOD_MS = 60_000;
const SOCKET_BUFFER = 4 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';
const LOOPBACK_IP = encodePeerIp(LOOPBACK);

/**
 * The SRT ingest gate: one UDP port that SRT callers (encoders) connect to. It plays the listener
 * for the handshake until the caller's CONCLUSION brings its stream ID, asks `admit`, and either
 * rejects the caller in SRT terms or relays it, datagram for datagram, to the SRT listener that
 * `admit` started, from a loopback socket of its own. The listener's SYN cookie is bound to the
 * address that asked for it, so the gate does the INDUCTION towards the listener itself and puts
 * the listener's cookie in the caller's CONCLUSION (and the gate's back into the answers): the
 * rest of the handshake (HSREQ, stream ID, keys) passes untouched between the two libsrt ends.
 */
export class SrtGate {
  private readonly callers = new Map<string, Caller>();
  private readonly refusals = new Map<string, Refusal>();
  private readonly secret = randomBytes(32);
  private readonly started = Date.now();
  private readonly socket: Socket;
  private sweeper: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private readonly maxRelays: number;
  private readonly maxPending: number;
  private readonly idleTimeoutMs: number;
  private readonly pendingTimeoutMs: number;
  private readonly listenerWaitMs: number;

  constructor(private readonly o: SrtGateOptions) {
    this.maxRelays = o.maxRelays ?? 64;
    this.maxPending = o.maxPending ?? 16;
    this.idleTimeoutMs = o.idleTimeoutMs ?? 5000;
    this.pendingTimeoutMs = o.pendingTimeoutMs ?? 10_000;
    this.listenerWaitMs = o.listenerWaitMs ?? 5000;
    this.socket = createSocket({ type: isIPv6(o.host) ? 'udp6' : 'udp4', recvBufferSize: SOCKET_BUFFER, sendBufferSize: SOCKET_BUFFER });
    this.socket.on('message', (msg, rinfo) => {
      try {
        this.fromCaller(msg, rinfo);
      } catch (err) {
        this.o.logger.warn({ err, from: `${rinfo.address}:${rinfo.port}` }, 'SRT gate dropped a datagram it could not handle');
      }
    });
    this.socket.on('error', (err) => this.o.logger.warn({ err }, 'SRT gate socket error'));
  }

  /** Binds the gate's port and starts answering callers. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.o.port, this.o.host, () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.o.logger.info({ host: this.o.host, port: this.port }, 'SRT gate listening');
  }

  /** The bound UDP port (the picked one when `port` was 0); 0 before `listen`. */
  get port(): number {
    try {
      return this.socket.address().port;
    } catch {
      return 0;
    }
  }

  /** Stops everything: every caller is ended (its admission closed) and the port is released. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.sweeper) clearInterval(this.sweeper);
      for (const caller of [...this.callers.values()]) this.end(caller, 'gate closed');
      this.refusals.clear();
      await new Promise<void>((resolve) => {
        try {
          this.socket.close(() => resolve());
        } catch {
          resolve(); // never bound, or already closed
        }
      });
    })();
    return this.closing;
  }

  /** Microseconds since the gate started: the timestamp of the packets it writes. */
  private now(): number {
    return ((Date.now() - this.started) * 1000) >>> 0;
  }

  /** The SYN cookie of an address for a period: stateless, so INDUCTION floods cost no memory. */
  private cookieOf(from: SrtPeer, period: number): number {
    return createHmac('sha256', this.secret).update(`${from.address}|${from.port}|${period}`).digest().readUInt32BE(0);
  }

  private cookieIsValid(from: SrtPeer, cookie: number): boolean {
    const period = Math.floor(Date.now() / COOKIE_PERIOD_MS);
    return cookie === this.cookieOf(from, period) || cookie === this.cookieOf(from, period - 1);
  }

  private send(packet: Buffer, to: SrtPeer): void {
    if (this.closing) return;
    this.socket.send(packet, to.port, to.address, (err) => {
      if (err) this.o.logger.debug({ err, to }, 'SRT gate send failed');
    });
  }

  private fromCaller(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closing || msg.length > MAX_DATAGRAM) return;
    const from: SrtPeer = { address: rinfo.address, port: rinfo.port };
    const key = `${from.address}|${from.port}`;
    let caller = this.callers.get(key);
    if (caller?.phase === 'relaying' && !this.reconnects(caller, msg)) return this.relayUp(caller, msg);
    const hs = parseHandshake(msg);
    if (!hs) return;
    if (caller?.ended) caller = undefined;
    if (hs.type === HandshakeType.INDUCTION) {
      // Answered every time, statelessly; the answer is no bigger than the request.
      const cookie = this.cookieOf(from, Math.floor(Date.now() / COOKIE_PERIOD_MS));
      return this.send(buildInductionResponse(hs, cookie, encodePeerIp(from.address), this.now()), from);
    }
    if (hs.type !== HandshakeType.CONCLUSION || !this.cookieIsValid(from, hs.cookie)) return;
    if (caller) {
      if (caller.socketId === hs.socketId) caller.conclusion = Buffer.from(msg); // a retransmission: keep the latest
      return;
    }
    const refused = this.refusals.get(key);
    if (refused && refused.socketId === hs.socketId) return this.send(refused.packet, from);
    this.conclude(key, from, hs, msg);
  }

  /**
   * Whether a relayed caller starts over: an INDUCTION from another socket at the same address (an
   * encoder that restarted on a fixed source port). Its old relay is ended so it can be admitted
   * afresh, rather than its new handshake being relayed to a listener that has no use for it.
   */
  private reconnects(caller: Caller, msg: Buffer): boolean {
    if (controlTypeOf(msg) !== ControlType.HANDSHAKE) return false;
    const hs = parseHandshake(msg);
    if (!hs || hs.type !== HandshakeType.INDUCTION || hs.socketId === caller.socketId) return false;
    this.end(caller, 'the caller started a new connection');
    return true;
  }

  /** A new caller's valid CONCLUSION: refuse it outright or start admitting it. */
  private conclude(key: string, from: SrtPeer, hs: Handshake, msg: Buffer): void {
    const log = this.o.logger.child({ srtCaller: `${from.address}:${from.port}` });
    const sid = hs.version === 5 ? streamIdOf(hs) : ({ problem: 'missing' } as const);
    if ('problem' in sid) {
      log.info({ problem: sid.problem }, 'SRT caller refused: no usable stream ID');
      return this.refuse(key, from, hs, RejectReason.BAD_REQUEST);
    }
    let pending = 0;
    for (const c of this.callers.values()) if (c.phase !== 'relaying') pending++;
    if (pending >= this.maxPending || this.callers.size >= this.maxRelays) {
      log.warn({ pending, callers: this.callers.size }, 'SRT caller refused: gate at capacity');
      return this.refuse(key, from, hs, RejectReason.OVERLOAD);
    }
    const now = Date.now();
    const caller: Caller = {
      key, from, socketId: hs.socketId, callerCookie: hs.cookie, callerIp: encodePeerIp(from.address), phase: 'admitting', conclusion: Buffer.from(msg),
      since: now, connectAt: 0, lastSeen: now, shutdownAt: null, ended: false, log,
    };
    this.callers.set(key, caller);
    void this.admit(caller, sid.streamId);
  }

  private refuse(key: string, from: SrtPeer, hs: Handshake, reason: number): void {
    const packet = buildRejection(hs, reason, this.now());
    this.send(packet, from);
    this.refusals.delete(key);
    if (this.refusals.size >= MAX_REFUSALS) this.refusals.delete(this.refusals.keys().next().value!);
    this.refusals.set(key, { socketId: hs.socketId, packet, until: Date.now() + REFUSAL_MEMORY_MS });
  }

  private async admit(caller: Caller, streamId: string): Promise<void> {
    let admission: SrtAdmission | null = null;
    try {
      admission = await this.o.admit(streamId, caller.from);
    } catch (err) {
      caller.log.warn({ err }, 'SRT admit failed; the caller is refused');
    }
    if (caller.ended) {
      // Timed out or the gate closed while `admit` ran: what it started is not wanted any more.
      if (admission) this.closeAdmission(caller, admission, 'the caller went away before its relay opened');
      return;
    }
    if (!admission) {
      caller.log.info('SRT caller refused by admit');
      return this.end(caller, 'refused', RejectReason.FORBIDDEN);
    }
    caller.admission = admission;
    const port = admission.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      caller.log.error({ port }, 'SRT admit returned an invalid port');
      return this.end(caller, 'invalid admission', RejectReason.ISE);
    }
    this.connect(caller, port);
  }

  /** Opens the caller's own loopback socket and asks the listener for its cookie until it answers. */
  private connect(caller: Caller, port: number): void {
    caller.phase = 'connecting';
    caller.connectAt = Date.now();
    const upstream = createSocket({ type: 'udp4', recvBufferSize: SOCKET_BUFFER, sendBufferSize: SOCKET_BUFFER });
    caller.upstream = upstream;
    upstream.on('error', (err) => caller.log.warn({ err }, 'SRT relay socket error'));
    upstream.on('message', (msg, rinfo) => {
      try {
        if (rinfo.port === port && rinfo.address === LOOPBACK && msg.length <= MAX_DATAGRAM) this.fromListener(caller, msg);
      } catch (err) {
        caller.log.warn({ err }, 'SRT relay dropped a datagram it could not handle');
      }
    });
    const hs = parseHandshake(caller.conclusion)!;
    const induction = buildInductionRequest({ socketId: hs.socketId, initialSeq: hs.initialSeq, mtu: hs.mtu, flowWindow: hs.flowWindow, listenerIp: LOOPBACK_IP, timestamp: 0 });
    const ask = () => {
      if (caller.ended) return;
      upstream.send(induction, port, LOOPBACK, () => undefined); // refused until the listener binds
    };
    upstream.bind(0, LOOPBACK, () => {
      if (caller.ended) return;
      ask();
      caller.retry = setInterval(ask, INDUCTION_RETRY_MS);
    });
  }

  private fromListener(caller: Caller, msg: Buffer): void {
    if (caller.ended) return;
    if (caller.phase === 'connecting') {
      const hs = parseHandshake(msg);
      if (!hs) return;
      const reason = rejectionReasonOf(hs);
      if (reason !== null) {
        caller.log.warn({ reason }, 'SRT listener rejected the gate');
        return this.end(caller, 'listener rejected', reason);
      }
      if (hs.type !== HandshakeType.INDUCTION || hs.version < 5) return;
      clearInterval(caller.retry);
      caller.upstreamCookie = hs.cookie;
      caller.phase = 'relaying';
      caller.lastSeen = Date.now();
      caller.log.info({ listenerPort: caller.admission!.port }, 'SRT relay open');
      this.relayUp(caller, caller.conclusion);
      return;
    }
    caller.lastSeen = Date.now();
    let out = msg;
    const type = controlTypeOf(msg);
    if (type === ControlType.HANDSHAKE) {
      const hs = parseHandshake(msg);
      if (hs) out = rewriteHandshake(msg, hs.cookie === caller.upstreamCookie ? caller.callerCookie : hs.cookie, caller.callerIp);
    } else if (type === ControlType.SHUTDOWN) caller.shutdownAt ??= Date.now();
    this.send(out, caller.from);
  }

  private relayUp(caller: Caller, msg: Buffer): void {
    if (caller.ended) return;
    caller.lastSeen = Date.now();
    if (this.o.maxKbps !== undefined && this.overRate(caller, msg.length, this.o.maxKbps)) return this.end(caller, 'over the bitrate limit');
    let out = msg;
    const type = controlTypeOf(msg);
    if (type === ControlType.HANDSHAKE) {
      const hs = parseHandshake(msg);
      if (hs) out = rewriteHandshake(msg, hs.cookie === caller.callerCookie ? caller.upstreamCookie! : hs.cookie, LOOPBACK_IP);
    } else if (type === ControlType.SHUTDOWN && !caller.stoppedByCaller) {
      caller.shutdownAt ??= Date.now();
      caller.stoppedByCaller = true;
      try {
        caller.admission?.stopping?.();
      } catch (err) {
        caller.log.warn({ err }, 'SRT admission stopping() threw');
      }
    }
    caller.upstream!.send(out, caller.admission!.port, LOOPBACK, (err) => {
      if (err) caller.log.debug({ err }, 'SRT relay send failed');
    });
  }

  /** Ends a caller once: rejects it first when `reject` is given, closes its socket, and tells its admission. */
  private end(caller: Caller, why: string, reject?: number): void {
    if (caller.ended) return;
    caller.ended = true;
    if (this.callers.get(caller.key) === caller) this.callers.delete(caller.key);
    clearInterval(caller.retry);
    if (reject !== undefined) {
      const hs = parseHandshake(caller.conclusion);
      if (hs) this.refuse(caller.key, caller.from, hs, reject);
    }
    try {
      caller.upstream?.close();
    } catch {
      // already closed
    }
    if (caller.phase === 'relaying') caller.log.info({ why }, 'SRT relay closed');
    else if (why !== 'refused') caller.log.info({ why, phase: caller.phase }, 'SRT caller dropped before its relay opened');
    if (caller.admission) this.closeAdmission(caller, caller.admission, why);
  }

  private closeAdmission(caller: Caller, admission: SrtAdmission, why: string): void {
    try {
      admission.closed(why);
    } catch (err) {
      caller.log.warn({ err }, 'SRT admission closed() threw');
    }
  }

  /** Counts a caller's bytes over 4 s windows; true once they exceed `maxKbps`. */
  private overRate(caller: Caller, bytes: number, maxKbps: number): boolean {
    const now = caller.lastSeen;
    if (caller.rateSince === undefined || now - caller.rateSince > 4000) {
      caller.rateSince = now;
      caller.rateBytes = 0;
    }
    caller.rateBytes = (caller.rateBytes ?? 0) + bytes;
    return caller.rateBytes * 8 > maxKbps * 4000;
  }

  private sweep(): void {
    const now = Date.now();
    for (const caller of [...this.callers.values()]) {
      if (caller.phase === 'relaying') {
        if (now - caller.lastSeen >= this.idleTimeoutMs) this.end(caller, 'idle');
        else if (caller.shutdownAt !== null && now - caller.shutdownAt >= SHUTDOWN_GRACE_MS) this.end(caller, caller.stoppedByCaller ? 'stopped' : 'shutdown');
      } else if (caller.phase === 'connecting' && now - caller.connectAt >= this.listenerWaitMs) {
        caller.log.warn({ listenerPort: caller.admission?.port }, 'SRT listener never answered');
        this.end(caller, 'listener never answered', RejectReason.DOWN);
      } else if (now - caller.since >= this.pendingTimeoutMs) {
        this.end(caller, 'admission timed out', RejectReason.ISE);
      }
    }
    for (const [key, r] of this.refusals) if (r.until <= now) this.refusals.delete(key);
  }
}
