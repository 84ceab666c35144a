// Just enough RTP/RTCP (RFC 3550) for the relay: read a header, rewrite sequence number,
// timestamp and SSRC, and build the few RTCP packets we send (SR, BYE).

/** The fields of an RTP header the relay uses. */
export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Offset of the payload (after CSRCs and header extension). */
  payloadOffset: number;
  /** End of the payload (before padding). */
  payloadEnd: number;
}

/** True for an RTCP packet (RFC 5761: second byte 192..223 when multiplexed with RTP). */
export function isRtcp(buf: Uint8Array): boolean {
  return buf.length >= 8 && buf[0]! >> 6 === 2 && buf[1]! >= 192 && buf[1]! <= 223;
}

/** Parses an RTP header; undefined for anything that is not a well-formed RTP packet. */
export function parseRtp(buf: Buffer): RtpHeader | undefined {
  if (buf.length < 12 || buf[0]! >> 6 !== 2 || isRtcp(buf)) return undefined;
  const csrcCount = buf[0]! & 0x0f;
  let offset = 12 + 4 * csrcCount;
  if (buf[0]! & 0x10) {
    if (buf.length < offset + 4) return undefined;
    offset += 4 + 4 * buf.readUInt16BE(offset + 2);
  }
  let end = buf.length;
  if (buf[0]! & 0x20) end -= buf[buf.length - 1]!;
  if (offset > end) return undefined;
  return {
    marker: (buf[1]! & 0x80) !== 0,
    payloadType: buf[1]! & 0x7f,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payloadOffset: offset,
    payloadEnd: end,
  };
}

/** A copy of `buf` with a new sequence number, timestamp and SSRC. */
export function rewriteRtp(buf: Buffer, sequence: number, timestamp: number, ssrc: number): Buffer {
  const out = Buffer.from(buf);
  out.writeUInt16BE(sequence & 0xffff, 2);
  out.writeUInt32BE(mod32(timestamp), 4);
  out.writeUInt32BE(ssrc >>> 0, 8);
  return out;
}

/** Builds a plain RTP packet (no CSRC, no extension). */
export function buildRtp(p: { payloadType: number; sequence: number; timestamp: number; ssrc: number; marker?: boolean; payload: Uint8Array }): Buffer {
  const out = Buffer.alloc(12 + p.payload.length);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  out.writeUInt16BE(p.sequence & 0xffff, 2);
  out.writeUInt32BE(mod32(p.timestamp), 4);
  out.writeUInt32BE(p.ssrc >>> 0, 8);
  out.set(p.payload, 12);
  return out;
}

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/** NTP timestamp of a Unix time in ms: whole seconds and a 32-bit fraction. */
export function ntpFromUnixMs(ms: number): { seconds: number; fraction: number } {
  const whole = Math.floor(ms / 1000);
  const fraction = Math.round(((ms - whole * 1000) / 1000) * 2 ** 32);
  return fraction >= 2 ** 32
    ? { seconds: whole + 1 + NTP_UNIX_OFFSET_SECONDS, fraction: 0 }
    : { seconds: whole + NTP_UNIX_OFFSET_SECONDS, fraction };
}

/** An RTCP Sender Report without report blocks: maps `ntpMs` (Unix ms) to `rtpTimestamp`. */
export function buildSenderReport(ssrc: number, ntpMs: number, rtpTimestamp: number, packets = 0, octets = 0): Buffer {
  const out = Buffer.alloc(28);
  out[0] = 0x80;
  out[1] = 200;
  out.writeUInt16BE(6, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  const ntp = ntpFromUnixMs(ntpMs);
  out.writeUInt32BE(ntp.seconds >>> 0, 8);
  out.writeUInt32BE(ntp.fraction >>> 0, 12);
  out.writeUInt32BE(mod32(rtpTimestamp), 16);
  out.writeUInt32BE(mod32(packets), 20);
  out.writeUInt32BE(mod32(octets), 24);
  return out;
}

/**
 * An RTCP BYE for one SSRC with a reason: tells the receiver this source has ended. The reason
 * is not decoration: ffmpeg's RTP demuxer drops anything shorter than 12 bytes, which a bare BYE
 * (8 bytes) is.
 */
export function buildBye(ssrc: number, reason = 'end'): Buffer {
  const text = Buffer.from(reason.slice(0, 255), 'utf8');
  const length = Math.ceil((8 + 1 + text.length) / 4) * 4;
  const out = Buffer.alloc(length);
  out[0] = 0x81;
  out[1] = 203;
  out.writeUInt16BE(length / 4 - 1, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  out[8] = text.length;
  out.set(text, 9);
  return out;
}

/**
 * One 20 ms Opus frame of silence: TOC 0xFC (config 31 = CELT fullband 20 ms, stereo, one frame)
 * followed by the shortest CELT frame, which decodes to digital silence.
 */
export const OPUS_SILENCE_FRAME = Uint8Array.from([0xfc, 0xff, 0xfe]);

/** `n` modulo 2^32 as an unsigned integer (works for negative and > 2^32 doubles). */
export function mod32(n: number): number {
  const m = n % 2 ** 32;
  return m < 0 ? m + 2 ** 32 : m;
}

/** Signed distance from sequence number `b` to `a` (positive when `a` is newer). */
export function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}
