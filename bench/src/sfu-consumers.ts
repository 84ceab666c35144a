import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import pino from 'pino';
import { ROUTER_CODECS } from '../../server/src/sfu/codecs';
import { Room } from '../../server/src/sfu/room';
import { WorkerPool } from '../../server/src/sfu/worker-pool';
import { CpuMeter, spawnTs, stopChild } from './proc';

// Consumers per mediasoup worker core: one real stream (~2.5 Mbit/s H.264 + Opus over RTP from
// ffmpeg) into a producer, consumers added in steps on SRTP PlainTransports sending to UDP sinks in
// another process. At each step: the workers' CPU over a window (/proc/<pid>/stat) and the share
// of the stream's packets sent in that window (read by the worker, or dropped on its input
// sockets) that reached the sinks, once per consumer. A step under 90 % delivery ends the system's steps. Twice: bare
// mediasoup (one worker, one router, every consumer on it) and Yunzhan's Room (a WorkerPool, the
// consumer budget, edge routers on other workers fed by pipeToRouter).
//
// SRTP on the plain transports: a WebRTC consumer's per-packet cost is the RTP rewrite plus SRTP
// encryption (and its share of RTCP); DTLS and ICE happen once per transport, not per packet. A
// plain transport without SRTP would leave out the biggest per-packet cost a browser viewer has.
//
// BENCH_SFU_STEPS (default 100,200,400,600,800 consumers; each viewer is one video + one audio
// consumer), BENCH_SFU_SECONDS (10 s window per step), BENCH_SFU_WORKERS (pool size for the Room,
// default min(4, cores)), BENCH_SFU_BUDGET (consumers per router for the Room, default the pool's 500),
// BENCH_SFU_SRTP (1 by default; 0 sends plain RTP, to see what SRTP costs).

/** One step of one system. */
export interface SfuStep {
  consumers: number;
  /** Routers the consumers were on (bare: 1). */
  routers: number;
  /** CPU of every mediasoup worker of the system, in percent of one core. */
  workerCpu: number;
  /** RTP packets at the sinks / (the stream's packet rate before any consumer × window × viewers), 0..1. */
  delivery: number;
  /** Packets the sinks' kernel buffers dropped over the window (the sink's shortfall, not mediasoup's). */
  sinkDrops: number;
  /** consumers / (workerCpu / 100). */
  consumersPerCore: number;
  /** Packets the producers received / the stream's rate before any consumer, 0..1: under 1, the worker fell behind its input. */
  inputShare: number;
  /** Datagrams of the stream the kernel dropped at the worker's input sockets over the window (the worker not reading fast enough). */
  inputDrops: number;
  /** Worker CPU per packet delivered to a sink, in microseconds. */
  usPerPacket: number;
}

/** Both systems' steps and the headline figure of each. */
export interface SfuConsumersResult {
  seconds: number;
  streamKbps: number;
  bare: SfuStep[];
  yunzhan: SfuStep[];
  /** Consumers per core at the highest step with >= 99 % delivery, or null when no step made it. */
  barePerCore: number | null;
  yunzhanPerCore: number | null;
  budget: number;
  workers: number;
  /** Whether the consumers' transports used SRTP. */
  srtp: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A system under test: where producers go, and how a viewer (video + audio consumer on one SRTP plain transport) is added. */
interface System {
  router: types.Router;
  workerPids: () => number[];
  addViewer: (i: number, sinkPort: number) => Promise<void>;
  routers: () => number;
  adopt: (producers: types.Producer[]) => void;
  close: () => Promise<void>;
}

/** Encodes the stream once (x264 CBR with filler, so the rate is real; headers in-band in MPEG-TS) and caches it. */
function encodeStream(dir: string, log: (s: string) => void): string {
  const file = path.join(dir, 'sfu-bench-2500k.ts');
  if (fs.existsSync(file)) return file;
  log('  encoding 20 s of 1280x720 H.264 at 2.5 Mbit/s CBR + Opus (once, cached in the temp folder)...');
  const args = [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '60',
    '-b:v', '2500k', '-minrate', '2500k', '-maxrate', '2500k', '-bufsize', '2500k', '-x264-params', 'nal-hrd=cbr',
    '-c:a', 'libopus', '-b:a', '64k', '-ac', '2', '-f', 'mpegts', `${file}.part`,
  ];
  const r = spawnSyncOk('ffmpeg', args);
  if (!r) throw new Error('ffmpeg could not encode the bench stream');
  fs.renameSync(`${file}.part`, file);
  return file;
}

function spawnSyncOk(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
}

/** Plain transports (rtcpMux off, comedia) and producers for ffmpeg's two RTP outputs. */
async function produceStream(router: types.Router): Promise<{ producers: types.Producer[]; inputPorts: number[]; args: (file: string) => string[] }> {
  const transport = () => router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
  const [vt, at] = [await transport(), await transport()];
  const video = await vt.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/H264', payloadType: 102, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } }],
      encodings: [{ ssrc: 1111 }],
    },
  });
  const audio = await at.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 2222 }] },
  });
  const url = (t: types.PlainTransport) => `rtp://127.0.0.1:${t.tuple.localPort}?rtcpport=${t.rtcpTuple!.localPort}&pkt_size=1200`;
  return {
    producers: [video, audio],
    inputPorts: [vt.tuple.localPort, at.tuple.localPort],
    args: (file) => [
      '-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', file,
      '-map', '0:v', '-c', 'copy', '-f', 'rtp', '-payload_type', '102', '-ssrc', '1111', url(vt),
      '-map', '0:a', '-c', 'copy', '-f', 'rtp', '-payload_type', '111', '-ssrc', '2222', url(at),
    ],
  };
}

/** Datagrams the kernel dropped on these local UDP ports (receive buffer full): the last column of /proc/net/udp. */
function udpDrops(ports: number[]): number {
  const hex = new Set(ports.map((p) => p.toString(16).toUpperCase().padStart(4, '0')));
  let drops = 0;
  for (const line of fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 13 && hex.has(cols[1]!.split(':')[1]!)) drops += Number(cols[cols.length - 1]);
  }
  return drops;
}

async function packetCount(p: types.Producer): Promise<number> {
  return (await p.getStats()).reduce((n, s) => n + (s.type === 'inbound-rtp' ? s.packetCount : 0), 0);
}

const rtpPorts = { min: 47000, max: 47999 };

const srtp = process.env.BENCH_SFU_SRTP !== '0';

async function bareSystem(): Promise<System> {
  const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: rtpPorts.min, rtcMaxPort: rtpPorts.max });
  const router = await worker.createRouter({ mediaCodecs: ROUTER_CODECS });
  let producers: types.Producer[] = [];
  return {
    router,
    workerPids: () => [worker.pid],
    routers: () => 1,
    adopt: (p) => (producers = p),
    addViewer: async (_i, port) => {
      const t = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
        ...(srtp ? { enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const } : {}),
      });
      await t.connect({
        ip: '127.0.0.1',
        port,
        ...(srtp ? { srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const, keyBase64: Buffer.alloc(30, 7).toString('base64') } } : {}),
      });
      for (const p of producers) {
        const c = await t.consume({ producerId: p.id, rtpCapabilities: router.rtpCapabilities, paused: true });
        await c.resume();
      }
    },
    close: async () => worker.close(),
  };
}

async function yunzhanSystem(workers: number, budget: number | undefined): Promise<System & { room: Room }> {
  const pool = await WorkerPool.create({ count: workers, rtcPorts: rtpPorts, logger: pino({ level: 'silent' }), ...(budget ? { consumersPerRouter: budget } : {}) });
  const room = await Room.create(pool, 'bench-sfu', { listenIp: '127.0.0.1', announcedIp: '127.0.0.1', rtcPorts: rtpPorts });
  let producers: types.Producer[] = [];
  return {
    room,
    router: room.router,
    workerPids: () => pool.health().map((h) => h.pid),
    routers: () => room.routerStats().length,
    adopt: (p) => {
      producers = p;
      for (const producer of p) room.adopt('camera', producer);
    },
    addViewer: async (i, port) => {
      const peerId = `viewer-${i}`;
      const t = await room.createPlainRecvTransport(peerId, { ip: '127.0.0.1', port, srtp });
      for (const p of producers) {
        const c = await room.consume(peerId, t.id, p.id, room.router.rtpCapabilities);
        await room.resumeConsumer(peerId, c.id);
      }
    },
    close: async () => {
      room.close();
      await pool.close();
    },
  };
}

interface Sink {
  ports: number[];
  count: () => Promise<{ packets: number; drops: number }>;
  child: ChildProcess;
}

async function startSink(): Promise<Sink> {
  const child = spawnTs('bench/src/sfu-sink.ts', { SINK_SOCKETS: '8' }, true);
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.once('message', (m: { ports: number[] }) => resolve(m.ports));
    child.once('exit', (code) => reject(new Error(`sfu-sink exited with ${code}`)));
  });
  const count = () =>
    new Promise<{ packets: number; drops: number }>((resolve) => {
      child.once('message', (m: { packets: number; drops: number }) => resolve(m));
      child.send({ type: 'count' });
    });
  return { ports, count, child };
}

async function runSystem(name: string, system: System, file: string, steps: number[], seconds: number, log: (s: string) => void): Promise<{ steps: SfuStep[]; kbps: number }> {
  const sink = await startSink();
  const { producers, inputPorts, args } = await produceStream(system.router);
  system.adopt(producers);
  const sender = spawn('ffmpeg', args(file), { stdio: ['ignore', 'ignore', 'inherit'] });
  const out: SfuStep[] = [];
  let kbps = 0;
  try {
    await sleep(2000);
    // The stream's own packet rate, read while the worker has nothing else to do: the reference
    // for delivery (an overloaded worker reads less of its input, so the producer's count would
    // hide the loss).
    const n0 = await Promise.all(producers.map(packetCount));
    await sleep(4000);
    const nominal = (await Promise.all(producers.map(packetCount))).map((n, i) => (n - n0[i]!) / 4);
    log(`  ${name}: stream ${nominal.map((r) => r.toFixed(0)).join(' + ')} packets/s (video + audio) before any consumer`);
    let viewers = 0;
    for (const consumers of steps) {
      const want = Math.ceil(consumers / producers.length);
      while (viewers < want) {
        await system.addViewer(viewers, sink.ports[viewers % sink.ports.length]!);
        viewers++;
      }
      // Video consumers start at the next key frame (every 2 s in the stream).
      await sleep(4000);
      const meter = new CpuMeter(system.workerPids);
      // Producer counts and sink counts read together, so the window's two ends line up.
      const [p0, s0] = await Promise.all([Promise.all(producers.map(packetCount)), sink.count()]);
      const bytes0 = (await producers[0]!.getStats()).reduce((n, s) => n + (s.type === 'inbound-rtp' ? s.byteCount : 0), 0);
      const inputDrops0 = udpDrops(inputPorts);
      meter.begin();
      await sleep(seconds * 1000);
      const inputDrops = udpDrops(inputPorts) - inputDrops0;
      const cpu = meter.end();
      const [p1, s1] = await Promise.all([Promise.all(producers.map(packetCount)), sink.count()]);
      const bytes1 = (await producers[0]!.getStats()).reduce((n, s) => n + (s.type === 'inbound-rtp' ? s.byteCount : 0), 0);
      // The stream's rate as read at the first step (later ones may be under it when the worker falls behind).
      if (kbps === 0) kbps = ((bytes1 - bytes0) * 8) / seconds / 1000;
      // What the source sent in this window: what the worker read plus what the kernel dropped on
      // its input sockets (an overloaded worker reads less, and that loss counts against it). Not
      // the rate measured before the steps: over 4 s it is off by a few per cent (the GOP), which
      // alone put a loss-free step under 99 %.
      const sent = producers.reduce((n, _p, i) => n + (p1[i]! - p0[i]!), 0) + inputDrops;
      const expected = sent * viewers;
      const delivered = s1.packets - s0.packets;
      const delivery = expected > 0 ? delivered / expected : 0;
      const input = producers.reduce((n, _p, i) => n + (p1[i]! - p0[i]!), 0) / (nominal.reduce((a, b) => a + b, 0) * seconds);
      const step: SfuStep = {
        consumers: viewers * producers.length,
        routers: system.routers(),
        workerCpu: cpu,
        delivery,
        sinkDrops: s1.drops - s0.drops,
        consumersPerCore: (viewers * producers.length) / (cpu / 100),
        inputShare: input,
        inputDrops,
        usPerPacket: delivered > 0 ? ((cpu / 100) * seconds * 1e6) / delivered : NaN,
      };
      out.push(step);
      log(
        `  ${name}: ${step.consumers} consumers on ${step.routers} router(s): workers ${cpu.toFixed(1)} % CPU, delivery ${(delivery * 100).toFixed(2)} %` +
          ` (sink kernel drops ${step.sinkDrops}; input read ${(input * 100).toFixed(1)} %, input socket drops ${inputDrops}), ${step.consumersPerCore.toFixed(0)} consumers per core,` +
          ` ${step.usPerPacket.toFixed(1)} µs of worker CPU per packet delivered; video in ${(((bytes1 - bytes0) * 8) / seconds / 1000).toFixed(0)} kbit/s`,
      );
      if (delivery < 0.9) {
        // Past saturation: more viewers only load an overloaded worker further (and adding them crawls).
        log(`  ${name}: delivery under 90 %, the higher steps are skipped`);
        break;
      }
    }
  } finally {
    sender.kill('SIGKILL');
    sink.child.send({ type: 'stop' });
    await stopChild(sink.child, 2000);
    await system.close();
  }
  return { steps: out, kbps };
}

/** Which worker binary runs, and whose SRTP it links (Debian's libsrtp2 does its AES through NSS). */
function workerBuild(): string {
  const bin = mediasoup.workerBin;
  const linked = spawnSync('ldd', [bin], { encoding: 'utf8' }).stdout ?? '';
  return `${bin} (SRTP: ${/libnss3\.so/.test(linked) ? "Debian's libsrtp2, AES through NSS" : /libsrtp2\.so/.test(linked) ? "Debian's libsrtp2" : 'libsrtp2 linked in, AES through OpenSSL'})`;
}

/** The best figure: consumers per core at the highest step that delivered >= 99 %. */
const headline = (steps: SfuStep[]) => [...steps].reverse().find((s) => s.delivery >= 0.99)?.consumersPerCore ?? null;

/** Runs bare mediasoup, then Yunzhan's Room, over the same steps and stream. */
export async function measureSfuConsumers(log: (s: string) => void): Promise<SfuConsumersResult> {
  const steps = (process.env.BENCH_SFU_STEPS ?? '100,200,400,600,800').split(',').map(Number);
  const seconds = Number(process.env.BENCH_SFU_SECONDS ?? 10);
  const workers = Number(process.env.BENCH_SFU_WORKERS ?? Math.min(4, os.availableParallelism()));
  const budget = process.env.BENCH_SFU_BUDGET ? Number(process.env.BENCH_SFU_BUDGET) : undefined;
  const file = encodeStream(os.tmpdir(), log);
  log(`  consumers' transports: ${srtp ? 'SRTP (AES_CM_128_HMAC_SHA1_80)' : 'plain RTP (BENCH_SFU_SRTP=0)'}; load average ${os.loadavg()[0]!.toFixed(1)}`);
  log(`  mediasoup worker: ${workerBuild()}`);
  log('  bare mediasoup: one worker, one router, every consumer on it');
  const bare = await runSystem('bare', await bareSystem(), file, steps, seconds, log);
  log(`  Yunzhan Room: a pool of ${workers} workers, budget ${budget ?? 'default'} consumers per router, edges piped from the origin`);
  const y = await yunzhanSystem(workers, budget);
  const effectiveBudget = y.room.consumersPerRouter;
  const yunzhan = await runSystem('Yunzhan', y, file, steps, seconds, log);
  return {
    seconds,
    streamKbps: bare.kbps,
    bare: bare.steps,
    yunzhan: yunzhan.steps,
    barePerCore: headline(bare.steps),
    yunzhanPerCore: headline(yunzhan.steps),
    budget: effectiveBudget,
    workers,
    srtp,
  };
}
