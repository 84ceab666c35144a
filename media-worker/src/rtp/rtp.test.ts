import { describe, expect, it } from 'vitest';
import { isH264KeyframeStart, isVp8KeyframeStart } from './keyframe';
import { MediaClock } from './media-clock';
import { RelayStream, SLEW_MS, TS_BASE } from './relay-stream';
import { NTP_UNIX_OFFSET_SECONDS, buildBye, buildRtp, buildSenderReport, isRtcp, mod32, ntpFromUnixMs, parseRtp, rewriteRtp, seqDiff } from './rtp-packet';
import { ffmpegInputSdp } from './sdp-session';

const rtp = (seq: number, ts: number, ssrc = 0x1234, payload: number[] = [0x10, 0x00]) =>
  buildRtp({ payloadType: 96, sequence: seq, timestamp: ts, ssrc, payload: Uint8Array.from(payload) });

describe('RTP and RTCP packets', () => {
  it('parses a header, skipping CSRCs, the extension and padding', () => {
    const p = Buffer.from([0xb1, 0xe0, 0x00, 0x07, 0, 0, 0, 9, 0, 0, 0, 5, 0xaa, 0xaa, 0xaa, 0xaa, 0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4, 0x55, 0x66, 0x00, 0x02]);
    expect(parseRtp(p)).toEqual({ marker: true, payloadType: 96, sequence: 7, timestamp: 9, ssrc: 5, payloadOffset: 24, payloadEnd: 26 });
  });

  it('tells RTCP from RTP and refuses non-RTP', () => {
    expect(isRtcp(buildSenderReport(1, 0, 0))).toBe(true);
    expect(parseRtp(buildSenderReport(1, 0, 0))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x00, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(isRtcp(rtp(1, 2))).toBe(false);
  });

  it('rewrites sequence number, timestamp and SSRC in a copy', () => {
    const original = rtp(65535, 0xffffffff);
    const out = rewriteRtp(original, 65536 + 3, 2 ** 32 + 10, 0xabcdef01);
    expect(parseRtp(out)).toMatchObject({ sequence: 3, timestamp: 10, ssrc: 0xabcdef01 });
    expect(parseRtp(original)).toMatchObject({ sequence: 65535, timestamp: 0xffffffff });
    expect(out.subarray(12)).toEqual(original.subarray(12));
  });

  it('builds a Sender Report whose NTP time is the given Unix ms', () => {
    const sr = buildSenderReport(0x01020304, 1_700_000_000_250, 123456, 10, 2000);
    expect(sr.length).toBe(28);
    expect(sr.readUInt8(1)).toBe(200);
    expect(sr.readUInt16BE(2)).toBe(6);
    expect(sr.readUInt32BE(4)).toBe(0x01020304);
    expect(sr.readUInt32BE(8)).toBe(1_700_000_000 + NTP_UNIX_OFFSET_SECONDS);
    expect(sr.readUInt32BE(12)).toBe(2 ** 30); // 0.25 s
    expect(sr.readUInt32BE(16)).toBe(123456);
    expect(ntpFromUnixMs(999.9999999)).toEqual({ seconds: 1 + NTP_UNIX_OFFSET_SECONDS, fraction: 0 });
  });

  it('builds a BYE that ffmpeg does not drop as too short (>= 12 bytes, padded to 32 bits)', () => {
    const bye = buildBye(7);
    expect(bye.length).toBeGreaterThanOrEqual(12);
    expect(bye.length % 4).toBe(0);
    expect(bye.readUInt8(1)).toBe(203);
    expect((bye.readUInt16BE(2) + 1) * 4).toBe(bye.length);
    expect(bye.readUInt32BE(4)).toBe(7);
  });

  it('does 32-bit and 16-bit wrap-around arithmetic', () => {
    expect(mod32(-1)).toBe(2 ** 32 - 1);
    expect(mod32(2 ** 32 + 5)).toBe(5);
    expect(seqDiff(2, 65534)).toBe(4);
    expect(seqDiff(65534, 2)).toBe(-4);
  });
});

describe('key frame detection', () => {
  it('recognises the first packet of a VP8 key frame, with and without extensions', () => {
    expect(isVp8KeyframeStart(Uint8Array.from([0x10, 0x50]))).toBe(true); // S=1, PID=0, P=0
    expect(isVp8KeyframeStart(Uint8Array.from([0x10, 0x51]))).toBe(false); // inter frame
    expect(isVp8KeyframeStart(Uint8Array.from([0x00, 0x50]))).toBe(false); // not a start
    // X=1, I=1 with a 15-bit PictureID, L=1, T=1: four descriptor bytes before the frame tag.
    expect(isVp8KeyframeStart(Uint8Array.from([0x90, 0xe0, 0x81, 0x23, 0x05, 0x40, 0x50]))).toBe(true);
    expect(isVp8KeyframeStart(Uint8Array.from([0x90, 0x80, 0x05, 0x51]))).toBe(false);
  });

  it('recognises SPS and IDR in single NAL, STAP-A and FU-A packets', () => {
    expect(isH264KeyframeStart(Uint8Array.from([0x67, 0x42]))).toBe(true); // SPS
    expect(isH264KeyframeStart(Uint8Array.from([0x65, 0x88]))).toBe(true); // IDR
    expect(isH264KeyframeStart(Uint8Array.from([0x41, 0x9a]))).toBe(false); // non-IDR slice
    expect(isH264KeyframeStart(Uint8Array.from([0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce]))).toBe(true); // STAP-A(SPS, PPS)
    expect(isH264KeyframeStart(Uint8Array.from([0x78, 0x00, 0x02, 0x06, 0x05]))).toBe(false); // STAP-A(SEI)
    expect(isH264KeyframeStart(Uint8Array.from([0x7c, 0x85, 0x88]))).toBe(true); // FU-A start of IDR
    expect(isH264KeyframeStart(Uint8Array.from([0x7c, 0x05, 0x88]))).toBe(false); // FU-A middle
  });
});

describe('media clock', () => {
  it('maps RTP time to wall-clock time by the least-delayed packet, across a 32-bit wrap', () => {
    const clock = new MediaClock(90000);
    const start = 2 ** 32 - 90000; // one second before the wrap
    clock.observe(start, 10_040); // 40 ms late
    clock.observe(start + 9000, 10_110); // 10 ms late: the best so far
    clock.observe((start + 180000) % 2 ** 32, 12_080); // after the wrap, 80 ms late
    expect(clock.offsetMs + (start * 1000) / 90000).toBeCloseTo(10_010, 6);
    const wrapped = clock.extend((start + 180000) % 2 ** 32);
    expect(wrapped).toBe(start + 180000);
    expect(clock.wallMs(wrapped)).toBeCloseTo(12_010, 6);
    // A reordered (older) packet extends backwards, not by a whole wrap.
    expect(clock.extend(start + 3000)).toBe(start + 3000);
  });
});

describe('relay stream', () => {
  const epoch = 1_000_000;
  const video = new RelayStream(0, { kind: 'video', ssrc: 1, payloadType: 96, codec: 'VP8', clockRate: 90000 }, 0xaaaa, epoch, 100);

  it('drops inter frames before the run’s first key frame, then rewrites to wall-clock timestamps', () => {
    video.beginRun();
    const inter = rtp(10, 1000, 0x1234, [0x10, 0x01]);
    video.observe(parseRtp(inter)!, epoch + 500);
    expect(video.rewrite(inter, parseRtp(inter)!, epoch + 500, false)).toBeUndefined();
    const key = rtp(11, 4000, 0x1234, [0x10, 0x00]);
    video.observe(parseRtp(key)!, epoch + 533);
    const out = video.rewrite(key, parseRtp(key)!, epoch + 533, false)!;
    expect(out.keyframe).toBe(true);
    const h = parseRtp(out.packet)!;
    expect(h.ssrc).toBe(0xaaaa);
    expect(h.sequence).toBe(100);
    // The source's offset comes from the least late packet (here the second one).
    const offsetMs = Math.min(500 - 1000 / 90, 533 - 4000 / 90);
    expect(h.timestamp).toBe(TS_BASE + Math.round((offsetMs * 90000) / 1000) + 4000);
    expect(video.msAtOutTs(h.timestamp)).toBeCloseTo(epoch + offsetMs + 4000 / 90, 0);
    expect(video.stats.droppedBeforeKeyframe).toBe(1);
  });

  it('keeps sequence numbers continuous when the source changes', () => {
    const next = rtp(50000, 777, 0x9999);
    video.observe(parseRtp(next)!, epoch + 700);
    const h = parseRtp(video.rewrite(next, parseRtp(next)!, epoch + 700, false)!.packet)!;
    expect(h.sequence).toBe(101);
    expect(video.msAtOutTs(h.timestamp)).toBeCloseTo(epoch + 700, 0);
  });

  it('slews the mapping earlier by at most SLEW_MS per frame, never inside a frame', () => {
    const s = new RelayStream(0, { kind: 'video', ssrc: 1, payloadType: 96, codec: 'H264', clockRate: 90000 }, 1, epoch, 0);
    s.beginRun();
    const send = (seq: number, ts: number, arrival: number, payload = [0x41, 0x9a]) => {
      const p = rtp(seq, ts, 7, payload);
      s.observe(parseRtp(p)!, arrival);
      return parseRtp(s.rewrite(p, parseRtp(p)!, arrival, false)!.packet)!.timestamp;
    };
    const first = send(1, 90_000, epoch + 100, [0x65, 0x88]); // key frame, 10 ms late as it turns out
    const frame2a = send(2, 93_000, epoch + 123.33); // the next frame arrives 10 ms faster
    const frame2b = send(3, 93_000, epoch + 125); // same frame: same timestamp
    expect(frame2b).toBe(frame2a);
    expect(frame2a - first).toBe(3000 - SLEW_MS * 90); // moved 2 ms earlier, not 10
    const frame3 = send(4, 96_000, epoch + 156.67);
    expect(frame3 - frame2a).toBe(3000 - SLEW_MS * 90);
    // Converged after five frames: later frames step by exactly their RTP distance.
    const later = [send(5, 99_000, epoch + 190), send(6, 102_000, epoch + 223.33), send(7, 105_000, epoch + 256.67), send(8, 108_000, epoch + 290)];
    expect(later[3]! - later[2]!).toBe(3000);
    expect(s.msAtOutTs(later[3]!)).toBeCloseTo(epoch + 290 - 0.0, 0);
  });

  it('fills missing Opus audio with 20 ms silence on the same timeline, then hands over to real audio', () => {
    const audio = new RelayStream(1, { kind: 'audio', ssrc: 1, payloadType: 111, codec: 'opus', clockRate: 48000, channels: 2 }, 0xbbbb, epoch, 7);
    audio.beginRun();
    const run = { originMs: epoch + 1000, attachedAtMs: epoch + 1250 };
    expect(audio.silence(epoch + 1500, run, 500)).toEqual([]); // not yet: 250 ms since attach
    const first = audio.silence(epoch + 1800, run, 500);
    expect(first).toHaveLength(40); // 1000..1800 ms in 20 ms frames
    const h0 = parseRtp(first[0]!)!;
    expect(h0).toMatchObject({ payloadType: 111, ssrc: 0xbbbb, sequence: 7, timestamp: TS_BASE + 48 * 1000 });
    expect(parseRtp(first[39]!)!.timestamp - h0.timestamp).toBe(39 * 960);
    expect(audio.silence(epoch + 1810, run, 500)).toEqual([]);
    const real = rtp(300, 5000, 0x4242);
    (real as Buffer)[1] = 111;
    audio.observe(parseRtp(real)!, epoch + 1830);
    const out = parseRtp(audio.rewrite(real, parseRtp(real)!, epoch + 1830, false)!.packet)!;
    expect(out.sequence).toBe(47);
    expect(audio.msAtOutTs(out.timestamp)).toBeCloseTo(epoch + 1830, 0);
    expect(audio.stats.silencePackets).toBe(40);
  });
});

describe('ffmpeg input SDP', () => {
  it('describes each input stream on its loopback port pair, from the structured payload', () => {
    const sdp = ffmpegInputSdp(
      [
        { kind: 'video', payloadType: 101, codec: 'H264', clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f', ssrc: 1 },
        { kind: 'audio', payloadType: 100, codec: 'opus', clockRate: 48000, channels: 2, ssrc: 2 },
      ],
      [
        { rtp: 40000, rtcp: 40001 },
        { rtp: 40010, rtcp: 40011 },
      ],
      '127.0.0.1',
    );
    expect(sdp).toContain('c=IN IP4 127.0.0.1');
    expect(sdp).toContain('m=video 40000 RTP/AVP 101\na=rtcp:40001\na=rtpmap:101 H264/90000\na=fmtp:101 packetization-mode=1;profile-level-id=42e01f');
    expect(sdp).toContain('m=audio 40010 RTP/AVP 100\na=rtcp:40011\na=rtpmap:100 opus/48000/2');
  });
});
