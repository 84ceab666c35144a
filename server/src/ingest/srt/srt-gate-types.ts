import type { Socket } from 'node:dgram';
import type { Logger } from 'pino';

/** What `admit` grants a caller. */
export interface SrtAdmission {
  /** Loopback UDP port of the SRT listener started for this caller. */
  port: number;
  /**
   * The relay ended, called once with why: `stopped` when the caller sent SHUTDOWN (the encoder
   * stopped streaming), else a drop (`idle`, `shutdown` by the listener, `gate closed`, ...).
   */
  closed(why: string): void;
  /** The caller sent SHUTDOWN (called at once, before the relay winds down and `closed`). */
  stopping?(): void;
}

/** A caller's UDP address. */
export interface SrtPeer {
  address: string;
  port: number;
}

/** Options of an SRT gate. */
export interface SrtGateOptions {
  /** Address to bind, e.g. '0.0.0.0'. */
  host: string;
  /** UDP port to bind (SRT_PORT, default 9000 in production); 0 picks a free one. */
  port: number;
  logger: Logger;
  /** Whether `streamId` may publish: the admission of a just-started listener, or null to refuse. Throwing refuses. */
  admit(streamId: string, from: SrtPeer): Promise<SrtAdmission | null>;
  /** Most callers admitted or being admitted at once. Default 64. */
  maxRelays?: number;
  /** Most callers being admitted (waiting on `admit` or their listener) at once. Default 16. */
  maxPending?: number;
  /** A relay with no datagram either way for this long is closed, in ms. Default 5000. */
  idleTimeoutMs?: number;
  /** A caller not relaying this long after its CONCLUSION is dropped, in ms. Default 10000. */
  pendingTimeoutMs?: number;
  /** How long an admitted caller's listener may take to answer, in ms. Default 5000. */
  listenerWaitMs?: number;
  /** A caller sending more than this (kbit/s over 4 s) is cut off. Default: no limit. */
  maxKbps?: number;
}

/** One caller past its CONCLUSION: being admitted, waiting on its listener, or relayed to it. */
export interface Caller {
  key: string;
  from: SrtPeer;
  socketId: number;
  /** The cookie the gate gave the caller; the listener's own replaces it on the way up. */
  callerCookie: number;
  /** The caller's address as a handshake's Peer IP Address field. */
  callerIp: Buffer;
  phase: 'admitting' | 'connecting' | 'relaying';
  /** The caller's latest CONCLUSION, forwarded once the listener has given its cookie. */
  conclusion: Buffer;
  /** When its CONCLUSION came, and when its listener was first asked (ms since epoch). */
  since: number;
  connectAt: number;
  lastSeen: number;
  shutdownAt: number | null;
  /** The caller itself sent SHUTDOWN: the encoder stopped on purpose. */
  stoppedByCaller?: boolean;
  /** Bytes from the caller since `rateSince` (the bitrate limit). */
  rateBytes?: number;
  rateSince?: number;
  ended: boolean;
  log: Logger;
  admission?: SrtAdmission;
  upstream?: Socket;
  upstreamCookie?: number;
  retry?: NodeJS.Timeout;
}
