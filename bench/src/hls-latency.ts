import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, waitForPlayingVideo } from '../../tests/helpers/browser';
import { CpuMeter, findProcesses, percentile } from './proc';

/** Figures of one run of the live HLS path. */
export interface HlsLatencyResult {
  samples: number;
  seconds: number;
  latency: { p50: number; p95: number; min: number; max: number };
  /** hls.js's own estimate of how far playback is behind the live edge (media timeline, no PDT). */
  behindEdge: { p50: number; p95: number };
  /**
   * Wall clock when a segment appeared in the playlist minus its PDT + duration: how long after the
   * capture of a segment's last frame players can fetch it. A cross-check of the PDT anchoring:
   * glass-to-glass should be about behindEdge + publishDelay.
   */
  publishDelay: { p50: number; p95: number; samples: number };
  /** Percent of one core over the window. */
  cpu: { ladderFfmpeg: number; rehearsalFfmpeg: number; server: number; mediasoupWorkers: number };
  /** Renditions in the master playlist. */
  renditions: number;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

async function waitForStream(base: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/events/demo-rehearsal`);
      const e = (await res.json()) as { hls: { master: string } | null };
      if (e.hls) return e.hls.master;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the rehearsal stream did not start');
}

/** Polls the top rendition's playlist every 100 ms and records, for each new segment, now - (PDT + duration). */
async function watchPublishDelay(streamBase: string, master: string, until: number): Promise<number[]> {
  const uri = master.split('\n').find((l) => l && !l.startsWith('#'))!;
  const seen = new Set<string>();
  const delays: number[] = [];
  let first = true;
  while (Date.now() < until) {
    const text = await (await fetch(streamBase + uri)).text();
    const now = Date.now();
    const re = /#EXT-X-PROGRAM-DATE-TIME:(\S+)\s+#EXTINF:([\d.]+),\s+(\S+)/g;
    for (const m of text.matchAll(re)) {
      if (seen.has(m[3]!)) continue;
      seen.add(m[3]!);
      // Segments already listed at the first poll appeared at an unknown time.
      if (!first) delays.push((now - Date.parse(m[1]!)) / 1000 - Number(m[2]));
    }
    first = false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return delays;
}

/**
 * Starts the real server (its own process, rehearsal source on), plays the rehearsal stream in
 * Chromium's 2D player and samples glass-to-glass latency = wall clock - hls.js `playingDate`
 * (EXT-X-PROGRAM-DATE-TIME of the frame on screen) every 500 ms for `seconds`, while metering the
 * CPU of the ladder ffmpeg, the source ffmpeg, the server process and the mediasoup workers.
 */
export async function measureHlsLatency(seconds: number, log: (s: string) => void): Promise<HlsLatencyResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', REHEARSAL: 'on', ADMIN_PASSWORD: 'bench-admin-pw', HOST_PASSWORD: 'bench-host-pw' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchChromium();
  try {
    log('  starting the server and the rehearsal stream...');
    const master = await waitForStream(base, 60_000);
    const masterText = await (await fetch(`${base}${master}`)).text();
    const renditions = masterText.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length;

    const page = await (await browser.newContext()).newPage();
    // The 2D player: the figure is about the HLS path, not about software WebGL in headless mode.
    await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await page.goto(`${base}/events/demo-rehearsal`);
    await waitForPlayingVideo(page, 30_000);
    log('  playing; warming up 5 s...');
    await page.waitForTimeout(5000);

    const pidsOf = (...needles: string[]) => () => findProcesses(...needles);
    const meters = {
      ladderFfmpeg: new CpuMeter(pidsOf('ffmpeg', '-f sdp', dataDir)),
      rehearsalFfmpeg: new CpuMeter(pidsOf('ffmpeg', 'testsrc2')),
      server: new CpuMeter(() => [server.pid!]),
      mediasoupWorkers: new CpuMeter(pidsOf('mediasoup-worker')),
    };
    Object.values(meters).forEach((m) => m.begin());
    const latencies: number[] = [];
    const behind: number[] = [];
    const until = Date.now() + seconds * 1000;
    const publish = watchPublishDelay(`${base}${master.replace(/master\.m3u8$/, '')}`, masterText, until);
    log(`  sampling latency for ${seconds} s...`);
    while (Date.now() < until) {
      const s = await page.evaluate(() => ({ date: window.__yunzhan?.hls?.playingDate?.getTime() ?? null, behind: window.__yunzhan?.hls?.latency ?? null }));
      if (s.date) latencies.push((Date.now() - s.date) / 1000);
      if (s.behind !== null) behind.push(s.behind);
      await page.waitForTimeout(500);
    }
    const delays = await publish;
    const cpu = {
      ladderFfmpeg: meters.ladderFfmpeg.end(),
      rehearsalFfmpeg: meters.rehearsalFfmpeg.end(),
      server: meters.server.end(),
      mediasoupWorkers: meters.mediasoupWorkers.end(),
    };
    if (latencies.length < seconds) throw new Error(`too few latency samples (${latencies.length})`);
    return {
      samples: latencies.length,
      seconds,
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), min: Math.min(...latencies), max: Math.max(...latencies) },
      behindEdge: { p50: percentile(behind, 50), p95: percentile(behind, 95) },
      publishDelay: { p50: percentile(delays, 50), p95: percentile(delays, 95), samples: delays.length },
      cpu,
      renditions,
    };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
