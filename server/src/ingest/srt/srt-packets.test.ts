import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ControlType, ExtensionType, HandshakeType, MAX_STREAM_ID, RejectReason, SRT_MAGIC_CODE, buildConclusionRequest, buildInductionRequest,
  buildInductionResponse, buildRejection, controlTypeOf, encodePeerIp, encodeStreamId, parseHandshake, rejectionReasonOf, rewriteHandshake, streamIdOf,
} from './srt-packets';

// A real handshake between two Debian 12 ffmpeg 5.1 (libsrt 1.5.1) processes on 127.0.0.1, captured
// by a UDP relay between them: the caller pushed with `streamid=ok-event.secret&latency=120000`.
const hex = (s: string) => Buffer.from(s, 'hex');
const CALLER_INDUCTION = hex('8000000000000000000001660000000000000004000000024689acca000005dc000020000000000129d7f88b000000000100007f000000000000000000000000');
const LISTENER_INDUCTION = hex('8000000000000000000ec58029d7f88b0000000500004a174689acca000005dc000020000000000129d7f88bcae5d6110100007f000000000000000000000000');
const CALLER_CONCLUSION = hex(
  '800000000000000000000ecc0000000000000005000000054689acca000005dc00002000ffffffff29d7f88bcae5d6110100007f000000000000000000000000'
  + '0001000300010501000000bf00780078' + '00050004652d6b6f746e65766365732e00746572',
);
const LISTENER_CONCLUSION = hex(
  '8000000000000000000001fc29d7f88b00000005000000014689acca000005dc00002000ffffffff0fae485acae5d6110100007f000000000000000000000000'
  + '0002000300010501000000bf00780078',
);
const CALLER_SOCKET = 0x29d7f88b;
const LISTENER_COOKIE = 0xcae5d611;

/** The handshake of a packet that must parse. */
function hs(packet: Buffer) {
  const parsed = parseHandshake(packet);
  if (!parsed) throw new Error('not a handshake');
  return parsed;
}

describe('SRT handshake parsing', () => {
  it('reads the INDUCTION request of a libsrt caller', () => {
    const req = hs(CALLER_INDUCTION);
    expect(req).toMatchObject({ destSocketId: 0, version: 4, encryption: 0, extensionField: 2, mtu: 1500, flowWindow: 8192, type: HandshakeType.INDUCTION, socketId: CALLER_SOCKET, cookie: 0, extensions: [] });
    expect(req.peerIp).toEqual(encodePeerIp('127.0.0.1'));
  });

  it('reads the CONCLUSION of a libsrt caller, with its HSREQ and its stream ID', () => {
    const req = hs(CALLER_CONCLUSION);
    expect(req).toMatchObject({ version: 5, extensionField: 5, type: HandshakeType.CONCLUSION, socketId: CALLER_SOCKET, cookie: LISTENER_COOKIE });
    expect(req.extensions.map((e) => e.type)).toEqual([ExtensionType.HSREQ, ExtensionType.SID]);
    expect(streamIdOf(req)).toEqual({ streamId: 'ok-event.secret' });
  });

  it('reads the listener answers: the magic code, and the accepted socket with its HSRSP', () => {
    expect(hs(LISTENER_INDUCTION)).toMatchObject({ destSocketId: CALLER_SOCKET, version: 5, extensionField: SRT_MAGIC_CODE, cookie: LISTENER_COOKIE });
    const res = hs(LISTENER_CONCLUSION);
    expect(res).toMatchObject({ destSocketId: CALLER_SOCKET, type: HandshakeType.CONCLUSION, socketId: 0x0fae485a, cookie: LISTENER_COOKIE });
    expect(res.extensions.map((e) => e.type)).toEqual([ExtensionType.HSRSP]);
    expect(rejectionReasonOf(res)).toBeNull();
  });

  it('tells control packets by type and data packets apart', () => {
    expect(controlTypeOf(CALLER_INDUCTION)).toBe(ControlType.HANDSHAKE);
    expect(controlTypeOf(hex('80050000000000000000000100000002'))).toBe(ControlType.SHUTDOWN);
    expect(controlTypeOf(hex('000000010000000000000001000000020102'))).toBeNull();
    expect(controlTypeOf(hex('8000'))).toBeNull();
    expect(parseHandshake(hex('80050000000000000000000100000002'))).toBeNull();
  });

  it('refuses truncated, oversized and inconsistent handshakes instead of throwing', () => {
    expect(parseHandshake(CALLER_INDUCTION.subarray(0, 63))).toBeNull();
    expect(parseHandshake(Buffer.concat([CALLER_CONCLUSION, Buffer.alloc(1500)]))).toBeNull();
    const overrun = Buffer.from(CALLER_CONCLUSION);
    overrun.writeUInt16BE(0xffff, 64 + 16 + 2); // the SID claims far more words than the packet has
    expect(parseHandshake(overrun)).toBeNull();
    expect(parseHandshake(CALLER_CONCLUSION.subarray(0, CALLER_CONCLUSION.length - 2))).toBeNull();
    const many = Buffer.concat([CALLER_INDUCTION, Buffer.alloc(4 * 17)]); // 17 empty extensions
    expect(parseHandshake(many)).toBeNull();
  });

  it('never throws on random bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const junk = randomBytes(Math.floor(Math.random() * 200));
      if (junk.length > 0) junk[0]! |= i % 2 ? 0x80 : 0; // half of them claim to be control packets
      if (junk.length > 2) junk[1] = 0;
      const parsed = parseHandshake(junk);
      if (parsed) expect(() => streamIdOf(parsed)).not.toThrow();
    }
  });
});

describe('SRT stream IDs', () => {
  const withSid = (body: Buffer) => hs(Buffer.concat([CALLER_INDUCTION, Buffer.from([0, ExtensionType.SID, 0, body.length / 4]), body]));

  it('encodes a stream ID in byte-reversed words as libsrt does', () => {
    expect(encodeStreamId('ok-event.secret')).toEqual(hex('652d6b6f746e65766365732e00746572'));
    expect(streamIdOf(hs(buildConclusionRequest({ socketId: 7, cookie: 9, streamId: 'live/事件-1' })))).toEqual({ streamId: 'live/事件-1' });
  });

  it('takes 512 bytes and refuses one more', () => {
    expect(streamIdOf(withSid(encodeStreamId('a'.repeat(MAX_STREAM_ID))))).toEqual({ streamId: 'a'.repeat(MAX_STREAM_ID) });
    expect(streamIdOf(withSid(encodeStreamId('a'.repeat(MAX_STREAM_ID + 1))))).toEqual({ problem: 'too-long' });
  });

  it('tells a missing stream ID from a malformed one', () => {
    expect(streamIdOf(hs(CALLER_INDUCTION))).toEqual({ problem: 'missing' });
    expect(streamIdOf(withSid(Buffer.alloc(8)))).toEqual({ problem: 'missing' });
    expect(streamIdOf(withSid(encodeStreamId('ab\0cd')))).toEqual({ problem: 'malformed' });
    expect(streamIdOf(withSid(swap(Buffer.from([0x61, 0xff, 0xfe, 0x62]))))).toEqual({ problem: 'malformed' });
    const twice = hs(Buffer.concat([CALLER_CONCLUSION, CALLER_CONCLUSION.subarray(80)]));
    expect(streamIdOf(twice)).toEqual({ problem: 'malformed' });
  });
});

/** A copy with each 32-bit word byte-reversed. */
function swap(b: Buffer): Buffer {
  return Buffer.from(b).swap32();
}

describe('SRT listener answers built by the gate', () => {
  it('answers an INDUCTION byte for byte as the libsrt listener did', () => {
    const built = buildInductionResponse(hs(CALLER_INDUCTION), LISTENER_COOKIE, encodePeerIp('127.0.0.1'), 0x000ec580);
    expect(built.toString('hex')).toBe(LISTENER_INDUCTION.toString('hex'));
  });

  it('asks a listener for its cookie as a libsrt caller does', () => {
    const req = hs(CALLER_CONCLUSION);
    const built = buildInductionRequest({ socketId: req.socketId, initialSeq: req.initialSeq, mtu: req.mtu, flowWindow: req.flowWindow, listenerIp: encodePeerIp('127.0.0.1'), timestamp: 0x166 });
    expect(built.toString('hex')).toBe(CALLER_INDUCTION.toString('hex'));
  });

  it('rejects a CONCLUSION with 1000 + reason, addressed to the caller socket', () => {
    const packet = buildRejection(hs(CALLER_CONCLUSION), RejectReason.FORBIDDEN, 5);
    expect(packet.length).toBe(64);
    const res = hs(packet);
    expect(res).toMatchObject({ destSocketId: CALLER_SOCKET, version: 5, type: 2403, socketId: CALLER_SOCKET, extensions: [] });
    expect(rejectionReasonOf(res)).toBe(1403);
  });

  it('swaps the SYN cookie and the peer address and nothing else', () => {
    const swapped = rewriteHandshake(CALLER_CONCLUSION, 0x01020304, encodePeerIp('10.1.2.3'));
    expect(hs(swapped)).toMatchObject({ cookie: 0x01020304, peerIp: encodePeerIp('10.1.2.3') });
    expect(streamIdOf(hs(swapped))).toEqual({ streamId: 'ok-event.secret' });
    const diff = [...swapped].flatMap((b, i) => (b === CALLER_CONCLUSION[i] ? [] : [i]));
    expect(diff.every((i) => i >= 44 && i < 52)).toBe(true);
    expect(hs(CALLER_CONCLUSION).cookie).toBe(LISTENER_COOKIE); // the original is untouched
  });

  it('writes peer addresses in libsrt word order', () => {
    expect(encodePeerIp('192.168.1.20').toString('hex')).toBe('1401a8c0' + '0'.repeat(24));
    expect(encodePeerIp('::ffff:127.0.0.1')).toEqual(encodePeerIp('127.0.0.1'));
    expect(encodePeerIp('::1').toString('hex')).toBe('0'.repeat(24) + '01000000');
    expect(encodePeerIp('2001:db8::2').toString('hex')).toBe('b80d0120' + '0'.repeat(16) + '02000000');
  });
});
