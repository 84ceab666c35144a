import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, waitForPlayingVideo } from '../../tests/helpers/browser';
import { freePort } from '../../tests/helpers/util';
import { publishWhipFromPage } from '../../tests/helpers/whip-page';
import { CLOCK_HEIGHT, CLOCK_WIDTH, clockFilter, drawClockInPage, latencyOf, readCounter, sampleScreenClock } from './pixel-clock';
import { CpuMeter, findProcesses, percentile, stopChild } from './proc';

/** Glass-to-glass figures of one ingest path, from the clock burned into the picture. */
export interface IngestPath {
  samples: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Percent of one core: the server's bridge ffmpeg (RTMP, SRT), 0 for WHIP. */
  bridgeCpu: number;
}

export interface IngestLatencyResult {
  whip: IngestPath;
  rtmp: IngestPath;
  srt: IngestPath;
  /** The same encoder pushing to bare ffmpeg's own RTMP / SRT listener, decoded there: the floor. */
  bareRtmp: IngestPath;
  bareSrt: IngestPath;
}

const EVENT = 'spring-gala';
const FPS = 30;
const ENCODE = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', String(FPS), '-b:v', '1500k'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];

const spread = (xs: number[], bridgeCpu = 0): IngestPath => ({
  samples: xs.length,
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  min: Math.min(...xs),
  max: Math.max(...xs),
  bridgeCpu,
});

/** An ffmpeg encoder pushing the clocked picture (and a tone) to `url` in `format`. */
function encoder(format: 'flv' | 'mpegts', url: string): ChildProcess {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', clockFilter(FPS), '-re', ...AUDIO, ...ENCODE, '-c:a', 'aac', '-b:a', '128k', '-f', format, url], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

async function until<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The floor: the same encoder (the clocked picture and a tone, x264 and AAC) pushing to bare
 * ffmpeg listening for RTMP or SRT, which decodes it; the clock is read off each decoded frame.
 */
async function measureBare(protocol: 'rtmp' | 'srt', seconds: number): Promise<IngestPath> {
  const port = await freePort();
  const listen = protocol === 'rtmp' ? ['-listen', '1', '-f', 'flv', '-i', `rtmp://127.0.0.1:${port}/live/bare`] : ['-f', 'mpegts', '-i', `srt://127.0.0.1:${port}?mode=listener&latency=200000`];
  const decoder = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '0', ...listen, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => setTimeout(r, 1000));
  const push = protocol === 'rtmp' ? encoder('flv', `rtmp://127.0.0.1:${port}/live/bare`) : encoder('mpegts', `srt://127.0.0.1:${port}?latency=200000`);
  const frame = CLOCK_WIDTH * CLOCK_HEIGHT;
  let pending = Buffer.alloc(0);
  const samples: number[] = [];
  const start = Date.now() + 3000;
  decoder.stdout!.on('data', (d: Buffer) => {
    const at = Date.now();
    pending = Buffer.concat([pending, d]);
    while (pending.length >= frame) {
      const f = pending.subarray(0, frame);
      pending = pending.subarray(frame);
      if (at > start) samples.push(latencyOf(readCounter((x, y) => f[y * CLOCK_WIDTH + x]!), at));
    }
  });
  await new Promise((r) => setTimeout(r, 3000 + seconds * 1000));
  await stopChild(push, 2000);
  await stopChild(decoder, 2000);
  if (samples.length < seconds) throw new Error(`bare ${protocol}: too few frames (${samples.length})`);
  return spread(samples);
}

/** Plays the event in the 2D player (LL-HLS) and reads the clock of the frame on screen. */
async function watch(browser: Browser, base: string, seconds: number, log: (s: string) => void): Promise<number[]> {
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
  await page.goto(`${base}/events/${EVENT}`);
  await waitForPlayingVideo(page, 60_000);
  const protocol = await page.evaluate(() => window.__yunzhan?.protocol ?? null);
  if (protocol !== 'll-hls') throw new Error(`the player uses ${protocol}, expected ll-hls`);
  log('    playing with LL-HLS; warming up 5 s...');
  await page.waitForTimeout(5000);
  const samples = await sampleScreenClock(page, seconds);
  await page.context().close();
  if (samples.length < seconds) throw new Error(`too few samples (${samples.length})`);
  return samples;
}

/** Publishes the clocked canvas (and a tone) from a Chromium page over WHIP; resolves with the session URL. */
async function whipPublisher(page: Page, url: string, token: string): Promise<string> {
  await page.evaluate(`window.__drawClock = ${drawClockInPage.toString()}`);
  await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const ctx = canvas.getContext('2d')!;
    const w = window as unknown as { __drawClock: (c: CanvasRenderingContext2D) => void; __whipStream: MediaStream };
    setInterval(() => w.__drawClock(ctx), 1000 / 30);
    w.__drawClock(ctx);
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const sink = audio.createMediaStreamDestination();
    tone.connect(sink);
    tone.start();
    w.__whipStream = new MediaStream([...canvas.captureStream(30).getVideoTracks(), ...sink.stream.getAudioTracks()]);
  });
  const published = await publishWhipFromPage(page, url, token, 'window');
  if (published.status !== 201) throw new Error(`WHIP ${published.status}: ${published.body}`);
  return new URL(published.location!, url).href;
}

/**
 * Glass-to-glass through LL-HLS for each ingest path, from a clock burned into the picture at
 * the encoder and read off the frame on screen in Chromium's 2D player: WHIP from a Chromium
 * canvas, RTMP and SRT from ffmpeg (x264, AAC) as OBS or a hardware encoder sends. One server
 * (its own process), one event, one path after the other; beside them, the same encoder pushing
 * to bare ffmpeg listening for RTMP or SRT and decoding: the floor no platform goes under.
 */
export async function measureIngestLatency(seconds: number, log: (s: string) => void): Promise<IngestLatencyResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-'));
  const [port, rtmpPort, srtPort] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TMPDIR: dataDir, LOG_LEVEL: 'warn', REHEARSAL: 'off', SEED_EXHIBITION: 'off', RTMP_PORT: String(rtmpPort), SRT_PORT: String(srtPort), ADMIN_PASSWORD: 'bench-admin-pw', HOST_PASSWORD: 'bench-host-pw' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchChromium(true);
  try {
    log('  bare ffmpeg: the same encoder pushing to ffmpeg listening for RTMP, then for SRT, decoded there...');
    const bareRtmp = await measureBare('rtmp', Math.min(seconds, 20));
    const bareSrt = await measureBare('srt', Math.min(seconds, 20));
    log('  starting the server...');
    const cookie = await until(async () => {
      const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'host', password: 'bench-host-pw' }) });
      return res.ok ? res.headers.get('set-cookie')!.split(';')[0]! : undefined;
    }, 60_000, 'the server');
    const ingest = (await (await fetch(`${base}/api/events/${EVENT}/ingest`, { headers: { cookie } })).json()) as { whip: { url: string; token: string }; rtmp: { url: string; streamKey: string }; srt: { url: string } };
    const state = async () => ((await (await fetch(`${base}/api/events/${EVENT}`)).json()) as { status: string; hls: unknown });
    const liveWithHls = () => until(async () => ((s) => (s.status === 'live' && s.hls ? true : undefined))(await state()), 60_000, 'the live');
    const ended = () => until(async () => ((await state()).status === 'ended' ? true : undefined), 60_000, 'the live to end');

    const viaEncoder = async (name: string, format: 'flv' | 'mpegts', url: string, bridgeNeedle: string) => {
      log(`  ${name}: ffmpeg pushes the clocked picture...`);
      const push = encoder(format, url);
      await liveWithHls();
      const meter = new CpuMeter(() => findProcesses('ffmpeg', bridgeNeedle));
      meter.begin();
      const samples = await watch(browser, base, seconds, log);
      const cpu = meter.end();
      push.stdin!.write('q');
      await ended();
      await stopChild(push, 2000);
      return spread(samples, cpu);
    };
    const rtmp = await viaEncoder('RTMP', 'flv', `${ingest.rtmp.url}/${ingest.rtmp.streamKey}`, '-f flv -i pipe:3');
    const srt = await viaEncoder('SRT', 'mpegts', ingest.srt.url, 'mode=listener');

    log('  WHIP: a Chromium canvas publishes the clocked picture...');
    const publisher = await (await browser.newContext()).newPage();
    await publisher.goto(`${base}/healthz`);
    const session = await whipPublisher(publisher, ingest.whip.url, ingest.whip.token);
    await liveWithHls();
    const whip = spread(await watch(browser, base, seconds, log));
    await fetch(session, { method: 'DELETE', headers: { authorization: `Bearer ${ingest.whip.token}` } });
    await ended();
    return { whip, rtmp, srt, bareRtmp, bareSrt };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
