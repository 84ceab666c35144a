import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrtGate, type SrtAdmission, type SrtPeer } from '../server/src/ingest/srt/srt-gate';
import {
  HandshakeType, buildConclusionRequest, buildInductionRequest, buildInductionResponse, encodePeerIp, parseHandshake, rejectionReasonOf, streamIdOf, type Handshake,
} from '../server/src/ingest/srt/srt-packets';
import { waitFor } from './helpers/util';

// The SRT ingest gate against real ffmpeg (libsrt) on both sides: an encoder pushes MPEG-TS over
// SRT to the gate, the gate asks `admit`, and an admitted caller is relayed to the ffmpeg SRT
// listener `admit` started. Refused stream IDs get an SRT rejection, and datagrams that are not a
// well-formed handshake are ignored. Raw UDP sockets play caller or listener where a test needs
// to see the packets themselves.

const GOOD = 'ok-event.secret';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-srt-'));
const children: ChildProcess[] = [];
const sockets: Socket[] = [];
const logger = pino({ level: 'silent' });

/** A UDP port free on 127.0.0.1 right now (bound, read, released). */
function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }));
}

function run(args: string[]): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn('ffmpeg', ['-hide_banner', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => err };
}

/** Pushes four seconds of test pattern and tone as a hardware encoder would. */
function push(gatePort: number, streamId: string) {
  return run([
    '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-c:a', 'aac', '-f', 'mpegts',
    `srt://127.0.0.1:${gatePort}?streamid=${encodeURIComponent(streamId)}&latency=120000`,
  ]);
}

function videoFrames(file: string): number {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_type,nb_read_frames', '-of', 'json', file], { encoding: 'utf8' });
  const streams = (JSON.parse(probe.stdout || '{}') as { streams?: { codec_type: string; nb_read_frames: string }[] }).streams ?? [];
  return streams[0]?.codec_type === 'video' ? Number(streams[0].nb_read_frames) : 0;
}

/** A raw UDP socket on 127.0.0.1 that keeps what it receives, and the port of its last sender. */
interface Raw { socket: Socket; got: Buffer[]; port: number; lastFrom: number }
async function udp(): Promise<Raw> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const raw: Raw = { socket, got: [], port: 0, lastFrom: 0 };
  socket.on('message', (m, r) => {
    raw.got.push(m);
    raw.lastFrom = r.port;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  raw.port = socket.address().port;
  return raw;
}

/** What a raw caller sees: handshakes by socket id. */
const answersTo = (got: Buffer[], socketId: number) => got.map(parseHandshake).filter((h): h is Handshake => h !== null && h.destSocketId === socketId);

/** INDUCTION as a caller socket `socketId`; resolves with the gate's cookie. */
async function induce(c: Raw, gatePort: number, socketId: number): Promise<number> {
  const req = buildInductionRequest({ socketId, initialSeq: 1, mtu: 1500, flowWindow: 8192, listenerIp: encodePeerIp('127.0.0.1'), timestamp: 0 });
  c.socket.send(req, gatePort, '127.0.0.1');
  const answer = await waitFor(() => answersTo(c.got, socketId).find((h) => h.type === HandshakeType.INDUCTION), 5000, 'the INDUCTION answer');
  expect(answer.version).toBe(5);
  return answer.cookie;
}

interface Listener { port: number; out: string; exit: Promise<number | null>; closedCalls: number }
const listeners: Listener[] = [];
const seen: string[] = [];
let release: ((a: SrtAdmission | null) => void) | null = null;

/** Admits GOOD with an ffmpeg SRT listener; 'boom' throws; 'hold' waits for `release`; the rest is refused. */
async function admit(streamId: string, _from: SrtPeer): Promise<SrtAdmission | null> {
  seen.push(streamId);
  if (streamId === 'boom') throw new Error('admission store down');
  if (streamId === 'hold') return new Promise((resolve) => (release = resolve));
  if (streamId !== GOOD) return null;
  const port = await freeUdpPort();
  const out = path.join(tmp, `out-${listeners.length}.ts`);
  const { exit } = run(['-loglevel', 'error', '-y', '-i', `srt://127.0.0.1:${port}?mode=listener&latency=120000`, '-c', 'copy', '-f', 'mpegts', out]);
  const listener: Listener = { port, out, exit, closedCalls: 0 };
  listeners.push(listener);
  return { port, closed: () => listener.closedCalls++ };
}

let gate: SrtGate;

beforeAll(async () => {
  gate = new SrtGate({ host: '127.0.0.1', port: 0, logger, admit });
  await gate.listen();
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of sockets) s.close();
  await gate?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SRT gate with real ffmpeg on both sides', () => {
  it('relays an admitted caller to the listener admit started, and ends the relay with the push', async () => {
    const pusher = push(gate.port, GOOD);
    expect(await pusher.exit, pusher.stderr()).toBe(0);
    expect(seen).toEqual([GOOD]);
    expect(listeners).toHaveLength(1);
    const listener = listeners[0]!;
    await listener.exit; // the listener ffmpeg ends when the caller does
    expect(videoFrames(listener.out)).toBeGreaterThanOrEqual(50);
    await waitFor(() => listener.closedCalls === 1, 15_000, 'closed() of the relay');
  });

  it('rejects a refused stream ID in SRT terms, so the encoder fails at once and nothing starts', async () => {
    const before = listeners.length;
    const pusher = push(gate.port, 'other-event.wrong');
    expect(await pusher.exit).not.toBe(0);
    expect(pusher.stderr()).toMatch(/reject/i);
    expect(pusher.stderr()).not.toMatch(/timed? ?out/i);
    expect(seen).toContain('other-event.wrong');
    expect(listeners).toHaveLength(before);
  });

  it('ignores garbage and refuses malformed stream IDs, then still admits a good caller', async () => {
    const c = await udp();
    const send = (b: Buffer) => c.socket.send(b, gate.port, '127.0.0.1');
    for (let i = 0; i < 200; i++) send(randomBytes(1 + (i * 37) % 1400));
    send(randomBytes(4000)); // over the datagram cap
    const cookie = await induce(c, gate.port, 11);
    c.got.length = 0;
    const good = buildConclusionRequest({ socketId: 12, cookie, streamId: GOOD });
    send(good.subarray(0, 40)); // truncated handshake
    send(good.subarray(0, good.length - 3)); // truncated extension
    send(buildConclusionRequest({ socketId: 13, cookie: cookie ^ 1, streamId: GOOD })); // wrong cookie: no admit, no answer
    send(buildConclusionRequest({ socketId: 14, cookie, streamId: 'x'.repeat(2000) })); // over the datagram cap
    send(buildConclusionRequest({ socketId: 15, cookie, streamId: 'x'.repeat(513) })); // over SRT's 512 bytes
    send(buildConclusionRequest({ socketId: 16, cookie, streamId: '' })); // no stream ID
    const tooLong = await waitFor(() => answersTo(c.got, 15)[0], 5000, 'the rejection of a too long stream ID');
    expect(rejectionReasonOf(tooLong)).toBe(1400);
    const empty = await waitFor(() => answersTo(c.got, 16)[0], 5000, 'the rejection of an empty stream ID');
    expect(rejectionReasonOf(empty)).toBe(1400);
    // The gate answers in order, so by now every earlier datagram got all the answer it will get.
    expect(c.got.map((m) => parseHandshake(m)?.destSocketId)).toEqual([15, 16]);
    expect(seen.filter((s) => s.startsWith('x'))).toEqual([]);

    const before = listeners.length;
    const pusher = push(gate.port, GOOD);
    expect(await pusher.exit, pusher.stderr()).toBe(0);
    expect(listeners).toHaveLength(before + 1);
    await listeners[before]!.exit;
    expect(videoFrames(listeners[before]!.out)).toBeGreaterThanOrEqual(50);
  });
});

describe('SRT gate admission rules (raw UDP caller and listener)', () => {
  it('counts a throwing admit as a refusal and answers a retransmitted CONCLUSION without asking again', async () => {
    const c = await udp();
    const cookie = await induce(c, gate.port, 21);
    const conclusion = buildConclusionRequest({ socketId: 21, cookie, streamId: 'boom' });
    c.socket.send(conclusion, gate.port, '127.0.0.1');
    await waitFor(() => answersTo(c.got, 21).some((h) => rejectionReasonOf(h) === 1403), 5000, 'the rejection');
    c.socket.send(conclusion, gate.port, '127.0.0.1');
    await waitFor(() => answersTo(c.got, 21).filter((h) => rejectionReasonOf(h) === 1403).length === 2, 5000, 'the second rejection');
    expect(seen.filter((s) => s === 'boom')).toHaveLength(1);
  });

  it('admits one connection per caller address at a time', async () => {
    const c = await udp();
    const cookie = await induce(c, gate.port, 31);
    c.socket.send(buildConclusionRequest({ socketId: 31, cookie, streamId: 'hold' }), gate.port, '127.0.0.1');
    await waitFor(() => release, 5000, 'admit');
    c.socket.send(buildConclusionRequest({ socketId: 32, cookie, streamId: 'hold' }), gate.port, '127.0.0.1');
    await induce(c, gate.port, 33); // answered after the second CONCLUSION was handled
    expect(seen.filter((s) => s === 'hold')).toHaveLength(1);
    release!(null);
    release = null;
    await waitFor(() => answersTo(c.got, 31).some((h) => rejectionReasonOf(h) === 1403), 5000, 'the rejection');
    expect(answersTo(c.got, 32)).toEqual([]);
  });

  /** Connects raw caller `c` through `gatePort` to a raw listener that hands out `listenerCookie`; the gate's cookie and the relay's port. */
  async function openRelay(gatePort: number, listener: Raw, c: Raw, socketId: number, listenerCookie: number) {
    const cookie = await induce(c, gatePort, socketId);
    c.socket.send(buildConclusionRequest({ socketId, cookie, streamId: 'any' }), gatePort, '127.0.0.1');
    const isInduction = (m: Buffer) => parseHandshake(m)?.type === HandshakeType.INDUCTION && parseHandshake(m)?.socketId === socketId;
    await waitFor(() => listener.got.some(isInduction), 5000, 'the gate INDUCTION');
    const asked = parseHandshake(listener.got.find(isInduction)!)!;
    expect(asked).toMatchObject({ cookie: 0, version: 4 });
    const relay = listener.lastFrom; // the caller's own upstream socket
    listener.socket.send(buildInductionResponse(asked, listenerCookie, encodePeerIp('127.0.0.1'), 0), relay, '127.0.0.1');
    const isConclusion = (m: Buffer) => parseHandshake(m)?.type === HandshakeType.CONCLUSION && parseHandshake(m)?.socketId === socketId;
    const forwarded = await waitFor(() => listener.got.find(isConclusion), 5000, 'the CONCLUSION');
    return { cookie, relay, forwarded };
  }

  it('swaps cookies between caller and listener, relays both ways, and closes an idle relay', async () => {
    const fakeListener = await udp();
    let closed = 0;
    const small = new SrtGate({ host: '127.0.0.1', port: 0, logger, idleTimeoutMs: 300, admit: async () => ({ port: fakeListener.port, closed: () => closed++ }) });
    await small.listen();
    try {
      const c = await udp();
      const { cookie, relay, forwarded } = await openRelay(small.port, fakeListener, c, 41, 0xabcdef01);
      expect(parseHandshake(forwarded)!.cookie).toBe(0xabcdef01);
      expect(streamIdOf(parseHandshake(forwarded)!)).toEqual({ streamId: 'any' });
      const response = Buffer.from(forwarded);
      response.writeUInt32BE(41, 12); // answered to the caller socket, with the listener's cookie
      fakeListener.socket.send(response, relay, '127.0.0.1');
      const back = await waitFor(() => answersTo(c.got, 41).find((h) => h.type === HandshakeType.CONCLUSION), 5000, 'the CONCLUSION answer');
      expect(back.cookie).toBe(cookie);
      const data = Buffer.from('00000001000000000000000000000007aabbcc', 'hex');
      c.socket.send(data, small.port, '127.0.0.1');
      await waitFor(() => fakeListener.got.some((m) => m.equals(data)), 5000, 'a data packet relayed');
      await waitFor(() => closed === 1, 10_000, 'closed() of the idle relay');
    } finally {
      await small.close();
    }
  });

  it('ends a relay when its caller starts a new connection from the same address, and admits that one', async () => {
    const fakeListener = await udp();
    let admits = 0;
    let closed = 0;
    const small = new SrtGate({ host: '127.0.0.1', port: 0, logger, admit: async () => (admits++, { port: fakeListener.port, closed: () => closed++ }) });
    await small.listen();
    try {
      const c = await udp();
      await openRelay(small.port, fakeListener, c, 61, 1);
      expect(closed).toBe(0);
      await openRelay(small.port, fakeListener, c, 62, 2);
      expect(closed).toBe(1);
      expect(admits).toBe(2);
    } finally {
      await small.close();
    }
    expect(closed).toBe(2);
  });

  it('refuses callers over capacity, and gives up on a listener that never answers', async () => {
    let closed = 0;
    const deadPort = await freeUdpPort();
    const small = new SrtGate({ host: '127.0.0.1', port: 0, logger, maxRelays: 1, listenerWaitMs: 300, admit: async () => ({ port: deadPort, closed: () => closed++ }) });
    await small.listen();
    try {
      const a = await udp();
      const b = await udp();
      a.socket.send(buildConclusionRequest({ socketId: 51, cookie: await induce(a, small.port, 51), streamId: 'any' }), small.port, '127.0.0.1');
      const cookieB = await induce(b, small.port, 52);
      b.socket.send(buildConclusionRequest({ socketId: 52, cookie: cookieB, streamId: 'any' }), small.port, '127.0.0.1');
      const overload = await waitFor(() => answersTo(b.got, 52).find((h) => rejectionReasonOf(h) !== null), 5000, 'the overload rejection');
      expect(rejectionReasonOf(overload)).toBe(1402);
      const down = await waitFor(() => answersTo(a.got, 51).find((h) => rejectionReasonOf(h) !== null), 10_000, 'the rejection');
      expect(rejectionReasonOf(down)).toBe(1503);
      expect(closed).toBe(1);
    } finally {
      await small.close();
    }
  });
});
