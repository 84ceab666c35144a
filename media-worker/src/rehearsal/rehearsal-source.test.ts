import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RehearsalSourcePayload, type JobEvent } from '@yunzhan/shared';
import { x264Encoder } from '../encoders/x264';
import { createJobRunner } from '../jobs/job-runner';
import { isAlive, readIfExists, waitFor } from '../live/test-support';
import { pickFontFile } from './overlay-font';
import { buildRehearsalArgs, rtpUrl } from './rehearsal-args';
import { REHEARSAL_RTP, rehearsalRtpParameters } from './rehearsal-rtp';

const payload = RehearsalSourcePayload.parse({
  eventId: 'ev',
  video: { ip: '127.0.0.1', port: 40000, rtcpPort: 40001, payloadType: REHEARSAL_RTP.video.payloadType, ssrc: REHEARSAL_RTP.video.ssrc },
  audio: { ip: '127.0.0.1', port: 40002, payloadType: REHEARSAL_RTP.audio.payloadType, ssrc: REHEARSAL_RTP.audio.ssrc },
});
const valueAfter = (args: string[], flag: string, from = 0) => args[args.indexOf(flag, from) + 1];

describe('rehearsal source arguments', () => {
  it('generate a 1280x720 pattern and a tone in real time, sent as Constrained Baseline H.264 and Opus RTP', () => {
    const args = buildRehearsalArgs({ payload, encoder: x264Encoder, fontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' });
    expect(args.filter((a) => a === '-re')).toHaveLength(2);
    expect(args).toContain('testsrc2=size=1280x720:rate=30');
    expect(args.find((a) => a.startsWith('sine='))).toContain('sample_rate=48000');
    expect(valueAfter(args, '-filter_complex')).toMatch(/^\[0:v:0\]drawtext=fontfile=\/usr\/share\/fonts\/truetype\/dejavu\/DejaVuSansMono\.ttf:text='.*%\{localtime\\:%T\}.*%\{pts\\:hms\}/);
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-preset')).toBe('ultrafast');
    expect(valueAfter(args, '-tune')).toBe('zerolatency');
    expect(valueAfter(args, '-profile:v')).toBe('baseline');
    expect(valueAfter(args, '-level:v')).toBe('3.1');
    expect(valueAfter(args, '-g')).toBe('30'); // one key frame a second
    const videoOut = args.indexOf('rtp://127.0.0.1:40000?rtcpport=40001&pkt_size=1200');
    expect(videoOut).toBeGreaterThan(0);
    expect(valueAfter(args, '-payload_type')).toBe(String(REHEARSAL_RTP.video.payloadType));
    expect(valueAfter(args, '-ssrc')).toBe(String(REHEARSAL_RTP.video.ssrc));
    expect(valueAfter(args, '-c:a', videoOut)).toBe('libopus');
    expect(valueAfter(args, '-payload_type', videoOut)).toBe(String(REHEARSAL_RTP.audio.payloadType));
    expect(valueAfter(args, '-ssrc', videoOut)).toBe(String(REHEARSAL_RTP.audio.ssrc));
    // No rtcpPort given for audio: RTCP goes to the RTP port (rtcp-mux, mediasoup's default).
    expect(args.at(-1)).toBe('rtp://127.0.0.1:40002?rtcpport=40002&pkt_size=1200');
  });

  it('leave the overlay out when there is no font', () => {
    const args = buildRehearsalArgs({ payload: { ...payload, fps: 15 }, encoder: x264Encoder });
    expect(args).not.toContain('-filter_complex');
    expect(valueAfter(args, '-map')).toBe('0:v:0');
    expect(valueAfter(args, '-g')).toBe('15');
  });

  it('pick an installed font only from what fc-list reports, preferring a monospace face', () => {
    expect(pickFontFile('/usr/share/fonts/a/DejaVuSans.ttf\n/usr/share/fonts/a/DejaVuSansMono.ttf\n')).toBe('/usr/share/fonts/a/DejaVuSansMono.ttf');
    expect(pickFontFile('/opt/fonts/Other.otf\n')).toBe('/opt/fonts/Other.otf');
    expect(pickFontFile("/fonts/it's odd.ttf\n")).toBeUndefined();
    expect(pickFontFile('')).toBeUndefined();
  });

  it('bracket IPv6 hosts in the RTP URL', () => {
    expect(rtpUrl({ ip: '::1', port: 5000, payloadType: 96, ssrc: 1 })).toBe('rtp://[::1]:5000?rtcpport=5000&pkt_size=1200');
  });
});

describe('rehearsal RTP parameters', () => {
  it('describe exactly what the source sends, in mediasoup’s RtpParameters shape', () => {
    const p = rehearsalRtpParameters({ video: { ...payload.video, payloadType: 125, ssrc: 42 }, audio: payload.audio });
    expect(p.video).toEqual({
      codecs: [{ mimeType: 'video/H264', payloadType: 125, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 }, rtcpFeedback: [] }],
      encodings: [{ ssrc: 42 }],
      rtcp: { cname: 'yunzhan-rehearsal', reducedSize: false },
    });
    expect(p.audio.codecs[0]).toEqual({ mimeType: 'audio/opus', payloadType: REHEARSAL_RTP.audio.payloadType, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 }, rtcpFeedback: [] });
    expect(p.audio.encodings).toEqual([{ ssrc: REHEARSAL_RTP.audio.ssrc }]);
  });
});

describe('rehearsal source with real ffmpeg', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-rehearsal-'));
  const runner = createJobRunner({ logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), videoEncoder: 'x264', mediaDir: root });
  afterAll(async () => {
    await runner.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('sends RTP that a live-ladder job decodes (SDP from REHEARSAL_RTP), and stops cleanly', async () => {
    const { video, audio } = REHEARSAL_RTP;
    const fmtp = Object.entries(video.parameters).map(([k, x]) => `${k}=${x}`).join(';');
    const outputDir = path.join(root, 'hls', 'rehearsal');
    const ladder = runner.dispatch({
      type: 'live-ladder',
      payload: {
        streamId: 'rehearsal',
        eventId: 'ev',
        input: [
          { kind: 'video', payloadType: video.payloadType, codec: 'H264', clockRate: video.clockRate, fmtp, ssrc: video.ssrc },
          { kind: 'audio', payloadType: audio.payloadType, codec: 'opus', clockRate: audio.clockRate, channels: 2, ssrc: audio.ssrc },
        ],
        renditions: [{ name: '180p', width: 320, height: 180, videoKbps: 250, audioKbps: 64 }],
        segmentSeconds: 2,
      },
    });
    const events: JobEvent[] = [];
    ladder.onEvent((e) => events.push(e));
    await waitFor(() => events.some((e) => e.type === 'input-ready'), 10_000, 'the ladder to listen');
    const listening = events.find((e) => e.type === 'rtp-listening');
    if (listening?.type !== 'rtp-listening') throw new Error('no rtp-listening event');
    const [v, a] = listening.ports;
    const source = runner.dispatch({
      type: 'rehearsal-source',
      payload: {
        eventId: 'ev',
        fps: 15, // CPU: the test pattern is 1280x720
        video: { ip: '127.0.0.1', port: v!.rtp, rtcpPort: v!.rtcp, payloadType: video.payloadType, ssrc: video.ssrc },
        audio: { ip: '127.0.0.1', port: a!.rtp, rtcpPort: a!.rtcp, payloadType: audio.payloadType, ssrc: audio.ssrc },
      },
    });
    await waitFor(() => events.some((e) => e.type === 'progress' && (e.segments ?? 0) >= 2), 30_000, 'segments from the rehearsal RTP');
    expect(readIfExists(path.join(outputDir, 'master.m3u8'))).toMatch(/RESOLUTION=320x180,FRAME-RATE=30\.000,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    const sourcePid = source.pid!;
    expect(isAlive(sourcePid)).toBe(true);
    await source.stop();
    expect(source.state).toBe('completed');
    expect(isAlive(sourcePid)).toBe(false);
    await ladder.stop();
    expect(readIfExists(path.join(outputDir, '180p', 'index.m3u8'))!.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  }, 60_000);
});
