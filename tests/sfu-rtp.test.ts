import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Room } from '../server/src/sfu/room';
import { RtpPipe } from '../server/src/sfu/rtp-pipe';
import { findFreePortPairs } from '../media-worker/src/rtp/udp-ports';
import { buildReceiverSdp } from '@yunzhan/shared';
import { WorkerPool } from '../server/src/sfu/worker-pool';
import { waitFor } from './helpers/util';

// The SFU against a real mediasoup worker and real ffmpeg processes on both sides.
let pool: WorkerPool;
const children: ChildProcess[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-sfu-'));
const network = { listenIp: '127.0.0.1', announcedIp: '127.0.0.1', rtcPorts: { min: 42000, max: 42999 } };

const ffmpeg = (args: string[]) => {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return child;
};
const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

beforeAll(async () => {
  pool = await WorkerPool.create({ count: 1, rtcPorts: network.rtcPorts, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await pool?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SFU with real mediasoup and ffmpeg', () => {
  it('forwards RTP from ffmpeg through a PlainTransport producer to an ffmpeg receiver', async () => {
    const room = await Room.create(pool, 'sfu-test', network);
    const inbound = await room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    const producer = await inbound.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/H264', payloadType: 102, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } }],
        encodings: [{ ssrc: 22222 }],
      },
    });
    room.adopt('sender', producer);

    // The pipe describes what it sends as structured data (the live ladder's payload) and is
    // connected to where the receiver listens.
    const pipe = await RtpPipe.create(room.router, [producer]);
    expect(pipe.input).toEqual([{ kind: 'video', payloadType: expect.any(Number), codec: 'H264', clockRate: 90000, fmtp: expect.stringContaining('packetization-mode=1'), ssrc: expect.any(Number) }]);
    const [pair] = await findFreePortPairs(1, '127.0.0.1');
    await pipe.connect({ address: '127.0.0.1', ports: [pair!] });
    expect(pipe.receiver?.ports).toEqual([pair]);
    const v = pipe.input[0]!;
    const sdpFile = path.join(tmp, 'in.sdp');
    fs.writeFileSync(sdpFile, buildReceiverSdp([{ kind: 'video', port: pair!.rtp, rtcpPort: pair!.rtcp, payloadType: v.payloadType, codec: v.codec, clockRate: v.clockRate, ...(v.fmtp ? { fmtp: v.fmtp } : {}) }]));
    const out = path.join(tmp, 'out.mkv');
    // The receiver listens first; then the pipe resumes and asks for a key frame.
    const receiver = ffmpeg(['-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp', '-i', sdpFile, '-t', '3', '-c', 'copy', '-y', out]);
    await new Promise((r) => setTimeout(r, 500));
    await pipe.resumeAndRequestKeyFrame();

    const sender = ffmpeg([
      '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '8',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-g', '12', '-pix_fmt', 'yuv420p',
      '-f', 'rtp', '-payload_type', '102', '-ssrc', '22222',
      `rtp://127.0.0.1:${inbound.tuple.localPort}?rtcpport=${inbound.rtcpTuple!.localPort}&pkt_size=1200`,
    ]);
    expect(await exited(receiver)).toBe(0);
    sender.kill('SIGKILL');

    const consumerStats = await pipe.consumers[0]!.getStats();
    const sent = consumerStats.find((s) => s.type === 'outbound-rtp');
    expect(sent?.packetCount ?? 0).toBeGreaterThan(10);
    // ffprobe the received file: real decodable H.264 frames arrived.
    const probe = spawn('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,nb_read_frames', '-of', 'json', out]);
    let json = '';
    probe.stdout.on('data', (c: Buffer) => (json += c.toString()));
    await exited(probe);
    const stream = (JSON.parse(json) as { streams: { codec_name: string; nb_read_frames: string }[] }).streams[0]!;
    expect(stream.codec_name).toBe('h264');
    expect(Number(stream.nb_read_frames)).toBeGreaterThan(20);
    pipe.close();
    room.close();
  });

  it('replaces a mediasoup worker killed with SIGKILL and closes the rooms that lived on it', async () => {
    const room = await Room.create(pool, 'doomed', network);
    const closed = new Promise<void>((resolve) => room.once('close', () => resolve()));
    const victim = pool.health()[0]!.pid;
    process.kill(victim, 'SIGKILL');
    await closed;
    expect(room.isClosed).toBe(true);
    const workers = await waitFor(() => {
      const h = pool.health();
      return h.length === 1 && h[0]!.pid !== victim && h[0]!.alive ? h : null;
    }, 10_000, 'a replacement worker');
    expect(workers[0]!.alive).toBe(true);
    const again = await Room.create(pool, 'after', network);
    expect(again.router.closed).toBe(false);
    again.close();
  });
});
