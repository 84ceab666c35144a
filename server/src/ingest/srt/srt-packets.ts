import { isIPv4, isIPv6 } from 'node:net';

// The SRT handshake as the gate needs it (draft-sharabayko-srt §3.2.1 and §4.3, checked against
// what Debian 12's ffmpeg with libsrt 1.5 sends): parse a handshake control packet, read the
// stream ID extension, and build the few packets a listener answers with. Pure data, no I/O:
// every function takes untrusted bytes and returns null instead of throwing on anything bad.

/** Largest datagram the gate reads or relays, in bytes (SRT's default MSS is 1500). */
export const MAX_DATAGRAM = 1500;
/** Longest stream ID SRT allows (SRTO_STREAMID), in bytes. */
export const MAX_STREAM_ID = 512;
/** Bytes in the header every SRT packet starts with. */
export const HEADER_SIZE = 16;
/** Bytes in a handshake's fixed part (its control information field without extensions). */
export const HANDSHAKE_CIF_SIZE = 48;

/** Control packet types (the 15 bits after the control flag). */
export const ControlType = { HANDSHAKE: 0x0000, KEEPALIVE: 0x0001, ACK: 0x0002, NAK: 0x0003, SHUTDOWN: 0x0005, ACKACK: 0x0006 } as const;

/** Handshake Type field values; a rejection is `REJECTION_BASE + reason`. */
export const HandshakeType = { WAVEAHAND: 0, INDUCTION: 1, CONCLUSION: 0xffffffff, AGREEMENT: 0xfffffffe, DONE: 0xfffffffd } as const;
/** A listener rejects by answering with Handshake Type `REJECTION_BASE + reason` (libsrt's URQ_FAILURE_TYPES). */
export const REJECTION_BASE = 1000;

/** Rejection reasons (libsrt's SRT_REJ_* and the access-control SRT_REJX_* range) a caller's `srt_getrejectreason` reports. */
export const RejectReason = {
  ROGUE: 4, // SRT_REJ_ROGUE: incorrect data in the handshake
  BAD_REQUEST: 1400, // SRT_REJX_BAD_REQUEST: the stream ID is malformed or missing
  OVERLOAD: 1402, // SRT_REJX_OVERLOAD: too many callers right now
  FORBIDDEN: 1403, // SRT_REJX_FORBIDDEN: the stream ID may not publish
  CONFLICT: 1409, // SRT_REJX_CONFLICT: this caller is already being admitted
  ISE: 1500, // SRT_REJX_ISE: admission failed on our side
  DOWN: 1503, // SRT_REJX_DOWN: the listener started for the caller never answered
} as const;

/** The `ext` value a HSv5 listener puts in the Extension Field of its INDUCTION answer. */
export const SRT_MAGIC_CODE = 0x4a17;
/** Handshake extension types (SRT_CMD_*). */
export const ExtensionType = { HSREQ: 1, HSRSP: 2, KMREQ: 3, KMRSP: 4, SID: 5, CONGESTION: 6, FILTER: 7, GROUP: 8 } as const;

/** Most extensions read from one handshake; libsrt sends at most six. */
const MAX_EXTENSIONS = 16;
/** `UDT_DGRAM`: the socket type a HSv4-style INDUCTION request carries in its Extension Field. */
const UDT_DGRAM = 2;

/** One handshake extension: its type and its contents (a view into the packet). */
export interface HandshakeExtension {
  type: number;
  body: Buffer;
}

/** A parsed handshake control packet. */
export interface Handshake {
  /** Timestamp of the header, in microseconds since the sender's socket started. */
  timestamp: number;
  /** Destination Socket ID of the header (0 for a caller's requests to a listener). */
  destSocketId: number;
  version: number;
  encryption: number;
  extensionField: number;
  initialSeq: number;
  mtu: number;
  flowWindow: number;
  /** Handshake Type: INDUCTION, CONCLUSION… or `REJECTION_BASE + reason`. */
  type: number;
  /** SRT Socket ID of the sender. */
  socketId: number;
  cookie: number;
  /** The Peer IP Address field as sent (16 bytes). */
  peerIp: Buffer;
  extensions: HandshakeExtension[];
}

/** The control type of a packet, or null for a data packet or anything shorter than a header. */
export function controlTypeOf(packet: Buffer): number | null {
  if (packet.length < HEADER_SIZE || (packet[0]! & 0x80) === 0) return null;
  return packet.readUInt16BE(0) & 0x7fff;
}

/** The packet as a handshake, or null when it is not one or is malformed. */
export function parseHandshake(packet: Buffer): Handshake | null {
  if (packet.length > MAX_DATAGRAM || packet.length < HEADER_SIZE + HANDSHAKE_CIF_SIZE) return null;
  if (controlTypeOf(packet) !== ControlType.HANDSHAKE) return null;
  const at = HEADER_SIZE;
  const hs: Handshake = {
    timestamp: packet.readUInt32BE(8),
    destSocketId: packet.readUInt32BE(12),
    version: packet.readUInt32BE(at),
    encryption: packet.readUInt16BE(at + 4),
    extensionField: packet.readUInt16BE(at + 6),
    initialSeq: packet.readUInt32BE(at + 8),
    mtu: packet.readUInt32BE(at + 12),
    flowWindow: packet.readUInt32BE(at + 16),
    type: packet.readUInt32BE(at + 20),
    socketId: packet.readUInt32BE(at + 24),
    cookie: packet.readUInt32BE(at + 28),
    peerIp: packet.subarray(at + 32, at + 48),
    extensions: [],
  };
  let p = HEADER_SIZE + HANDSHAKE_CIF_SIZE;
  while (p < packet.length) {
    if (hs.extensions.length >= MAX_EXTENSIONS || p + 4 > packet.length) return null;
    const type = packet.readUInt16BE(p);
    const end = p + 4 + packet.readUInt16BE(p + 2) * 4; // the length counts 32-bit words
    if (end > packet.length) return null;
    hs.extensions.push({ type, body: packet.subarray(p + 4, end) });
    p = end;
  }
  return hs;
}

/** Reverses the bytes of each 32-bit word, as libsrt does to strings and addresses on the wire. */
function swapWords(bytes: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  bytes.copy(out);
  return out.swap32();
}

/** Why a stream ID could not be read. */
export type StreamIdProblem = 'missing' | 'too-long' | 'malformed';

/**
 * The stream ID of a CONCLUSION request (its SRT_CMD_SID extension: UTF-8 in 32-bit words,
 * each word little-endian, padded with NULs), or why there is none to read.
 */
export function streamIdOf(hs: Handshake): { streamId: string } | { problem: StreamIdProblem } {
  const sids = hs.extensions.filter((e) => e.type === ExtensionType.SID);
  if (sids.length === 0) return { problem: 'missing' };
  if (sids.length > 1) return { problem: 'malformed' };
  const bytes = swapWords(sids[0]!.body);
  let len = bytes.length;
  while (len > 0 && bytes[len - 1] === 0) len--;
  if (len === 0) return { problem: 'missing' };
  if (len > MAX_STREAM_ID) return { problem: 'too-long' };
  const raw = bytes.subarray(0, len);
  if (raw.includes(0)) return { problem: 'malformed' };
  try {
    return { streamId: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
  } catch {
    return { problem: 'malformed' };
  }
}

/** The SRT_CMD_SID extension body for a stream ID (no length limit: tests build oversized ones). */
export function encodeStreamId(streamId: string): Buffer {
  return swapWords(Buffer.from(streamId, 'utf8'));
}

/** The Peer IP Address field for an address: IPv4 in the first word, each word byte-reversed as libsrt writes it. */
export function encodePeerIp(address: string): Buffer {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1]! : address;
  const out = Buffer.alloc(16);
  if (isIPv4(v4)) {
    Buffer.from(v4.split('.').map(Number)).copy(out);
  } else if (isIPv6(address)) {
    const [head = '', tail = ''] = address.split('::');
    const groups = (s: string) => (s === '' ? [] : s.split(':'));
    const h = groups(head), t = groups(tail);
    const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
    all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) & 0xffff, i * 2));
  }
  return out.swap32();
}

/** Fields of a handshake to write; the header's timestamp and destination come with it. */
type HandshakeFields = Omit<Handshake, 'extensions'> & { extensions?: HandshakeExtension[] };

/** Serializes a handshake control packet. */
export function buildHandshake(f: HandshakeFields): Buffer {
  const exts = f.extensions ?? [];
  const size = HEADER_SIZE + HANDSHAKE_CIF_SIZE + exts.reduce((n, e) => n + 4 + Math.ceil(e.body.length / 4) * 4, 0);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(0x80000000, 0); // control flag, type 0 = handshake, subtype 0
  out.writeUInt32BE(f.timestamp >>> 0, 8);
  out.writeUInt32BE(f.destSocketId >>> 0, 12);
  const at = HEADER_SIZE;
  out.writeUInt32BE(f.version >>> 0, at);
  out.writeUInt16BE(f.encryption & 0xffff, at + 4);
  out.writeUInt16BE(f.extensionField & 0xffff, at + 6);
  out.writeUInt32BE(f.initialSeq >>> 0, at + 8);
  out.writeUInt32BE(f.mtu >>> 0, at + 12);
  out.writeUInt32BE(f.flowWindow >>> 0, at + 16);
  out.writeUInt32BE(f.type >>> 0, at + 20);
  out.writeUInt32BE(f.socketId >>> 0, at + 24);
  out.writeUInt32BE(f.cookie >>> 0, at + 28);
  f.peerIp.copy(out, at + 32, 0, 16);
  let p = HEADER_SIZE + HANDSHAKE_CIF_SIZE;
  for (const e of exts) {
    const words = Math.ceil(e.body.length / 4);
    out.writeUInt16BE(e.type, p);
    out.writeUInt16BE(words, p + 2);
    e.body.copy(out, p + 4);
    p += 4 + words * 4;
  }
  return out;
}

/**
 * A listener's answer to an INDUCTION request: the request echoed with version 5, the SRT magic
 * code (so a HSv5 caller goes on with HSv5) and the SYN cookie the caller must echo.
 */
export function buildInductionResponse(req: Handshake, cookie: number, callerIp: Buffer, timestamp: number): Buffer {
  return buildHandshake({ ...req, extensions: [], timestamp, destSocketId: req.socketId, version: 5, encryption: 0, extensionField: SRT_MAGIC_CODE, type: HandshakeType.INDUCTION, cookie, peerIp: callerIp });
}

/** A caller's INDUCTION request, as libsrt sends it (version 4, UDT_DGRAM, no cookie yet). */
export function buildInductionRequest(f: { socketId: number; initialSeq: number; mtu: number; flowWindow: number; listenerIp: Buffer; timestamp: number }): Buffer {
  return buildHandshake({ ...f, destSocketId: 0, version: 4, encryption: 0, extensionField: UDT_DGRAM, type: HandshakeType.INDUCTION, cookie: 0, peerIp: f.listenerIp });
}

/** A HSv5 CONCLUSION request carrying a stream ID (for tests and probes; real callers send their own). */
export function buildConclusionRequest(f: { socketId: number; cookie: number; streamId: string; initialSeq?: number; timestamp?: number }): Buffer {
  const hsreq = Buffer.from('00010501000000bf00780078', 'hex'); // libsrt 1.5.1, TSBPD both ways, 120 ms
  return buildHandshake({
    timestamp: f.timestamp ?? 0, destSocketId: 0, version: 5, encryption: 0, extensionField: 0x0005, initialSeq: f.initialSeq ?? 1, mtu: 1500, flowWindow: 8192,
    type: HandshakeType.CONCLUSION, socketId: f.socketId, cookie: f.cookie, peerIp: encodePeerIp('127.0.0.1'),
    extensions: [{ type: ExtensionType.HSREQ, body: hsreq }, { type: ExtensionType.SID, body: encodeStreamId(f.streamId) }],
  });
}

/** A listener's rejection of a request: the request echoed, without extensions, with Handshake Type `REJECTION_BASE + reason`. */
export function buildRejection(req: Handshake, reason: number, timestamp: number): Buffer {
  return buildHandshake({ ...req, extensions: [], timestamp, destSocketId: req.socketId, version: 5, extensionField: 0, type: REJECTION_BASE + reason });
}

/** The reason a handshake rejects with, or null when its type is not a rejection. */
export function rejectionReasonOf(hs: Handshake): number | null {
  return hs.type >= REJECTION_BASE && hs.type < 0x80000000 ? hs.type - REJECTION_BASE : null;
}

/**
 * A copy of a handshake packet (one that parsed) with its SYN cookie and Peer IP Address set: what
 * the gate changes in the handshakes it relays, so each end sees what a direct peer would send.
 */
export function rewriteHandshake(packet: Buffer, cookie: number, peerIp: Buffer): Buffer {
  const out = Buffer.from(packet);
  out.writeUInt32BE(cookie >>> 0, HEADER_SIZE + 28);
  peerIp.copy(out, HEADER_SIZE + 32, 0, 16);
  return out;
}
