import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, waitForPlayingVideo } from '../../tests/helpers/browser';
import { freePort } from '../../tests/helpers/util';
import { CpuMeter, findProcesses, percentile } from './proc';

/** p50/p95 of a set of samples in seconds. */
export interface Spread {
  p50: number;
  p95: number;
}

/** Glass-to-glass figures of one way of playing the live. */
export interface PlaybackLatency {
  /** What hls.js played: `ll-hls` or `hls` (window.__yunzhan.protocol). */
  protocol: string;
  samples: number;
  seconds: number;
  latency: Spread & { min: number; max: number };
  /** hls.js's own estimate of how far playback is behind the live edge (media timeline, no PDT). */
  behindEdge: Spread;
  /**
   * Wall clock when a segment (standard) or part (LL-HLS) appeared in its playlist minus the capture
   * time of its end (PDT + duration): how long after capture players can fetch it. A cross-check
   * of the PDT anchoring: glass-to-glass should be about behindEdge + publishDelay.
   */
  publishDelay: Spread & { samples: number };
}

/** Figures of one run of the live HLS path. */
export interface HlsLatencyResult {
  lowLatency: PlaybackLatency;
  standard: PlaybackLatency;
  /** Percent of one core over the LL-HLS window. */
  cpu: { ladderFfmpeg: number; rehearsalFfmpeg: number; server: number; mediasoupWorkers: number };
  /** Renditions in the master playlist. */
  renditions: number;
}

async function waitForStream(base: string, timeoutMs: number): Promise<{ master: string; lowLatency: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/events/demo-rehearsal`);
      const e = (await res.json()) as { hls: { master: string; lowLatency?: string } | null };
      if (e.hls?.lowLatency) return { master: e.hls.master, lowLatency: e.hls.lowLatency };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the rehearsal stream did not start with LL-HLS');
}

const firstUri = (master: string) => master.split('\n').find((l) => l && !l.startsWith('#'))!;

/** Polls the top rendition's standard playlist every 100 ms and records, for each new segment, now - (PDT + duration). */
export async function watchSegmentPublishDelay(playlistUrl: string, until: number): Promise<number[]> {
  const seen = new Set<string>();
  const delays: number[] = [];
  let first = true;
  while (Date.now() < until) {
    const text = await (await fetch(playlistUrl)).text();
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

/** The last part of an LL playlist: its (MSN, index) and the capture time of its end (Unix ms). */
function lastPart(text: string): { msn: number; part: number; endMs: number } | undefined {
  const lines = text.split('\n');
  let msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0) + Number(/#EXT-X-SKIP:SKIPPED-SEGMENTS=(\d+)/.exec(text)?.[1] ?? 0);
  let pdt = 0;
  let parts: number[] = [];
  let last: { msn: number; part: number; endMs: number } | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      pdt = Date.parse(line.slice(25));
      parts = [];
    } else if (line.startsWith('#EXT-X-PART:')) {
      parts.push(Number(/DURATION=([\d.]+)/.exec(line)![1]));
      last = { msn, part: parts.length - 1, endMs: pdt + parts.reduce((a, b) => a + b, 0) * 1000 };
    } else if (line && !line.startsWith('#')) msn++;
  }
  return last;
}

/**
 * Follows the top rendition's LL playlist with blocking reloads for the next part, as hls.js
 * does, and records for each new part now - (capture time of its end).
 */
export async function watchPartPublishDelay(playlistUrl: string, until: number): Promise<number[]> {
  const delays: number[] = [];
  let last = lastPart(await (await fetch(playlistUrl)).text());
  while (last && Date.now() < until) {
    const res = await fetch(`${playlistUrl}?_HLS_msn=${last.msn}&_HLS_part=${last.part + 1}`);
    const now = Date.now();
    if (!res.ok) break;
    const next = lastPart(await res.text());
    if (next && (next.msn > last.msn || next.part > last.part)) delays.push((now - next.endMs) / 1000);
    last = next;
  }
  return delays;
}

/** Samples wall clock - hls.js `playingDate` and hls.js's latency every 500 ms for `seconds`. */
export async function samplePlayback(page: Page, seconds: number): Promise<{ latencies: number[]; behind: number[] }> {
  const latencies: number[] = [];
  const behind: number[] = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const s = await page.evaluate(() => ({ date: window.__yunzhan?.hls?.playingDate?.getTime() ?? null, behind: window.__yunzhan?.hls?.latency ?? null }));
    if (s.date) latencies.push((Date.now() - s.date) / 1000);
    if (s.behind !== null) behind.push(s.behind);
    await page.waitForTimeout(500);
  }
  if (latencies.length < seconds) throw new Error(`too few latency samples (${latencies.length})`);
  return { latencies, behind };
}

export function figures(protocol: string, seconds: number, latencies: number[], behind: number[], delays: number[]): PlaybackLatency {
  return {
    protocol,
    samples: latencies.length,
    seconds,
    latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), min: Math.min(...latencies), max: Math.max(...latencies) },
    behindEdge: { p50: percentile(behind, 50), p95: percentile(behind, 95) },
    publishDelay: { p50: percentile(delays, 50), p95: percentile(delays, 95), samples: delays.length },
  };
}

/**
 * Starts the real server (its own process, rehearsal source on), plays the rehearsal stream in
 * Chromium's 2D player and samples glass-to-glass latency = wall clock - hls.js `playingDate`
 * (EXT-X-PROGRAM-DATE-TIME of the frame on screen) every 500 ms for `seconds`: first with LL-HLS
 * (the client's default for lives), metering the CPU of the ladder ffmpeg, the source ffmpeg,
 * the server process and the mediasoup workers; then, on the same live, with standard HLS.
 */
export async function measureHlsLatency(seconds: number, log: (s: string) => void): Promise<HlsLatencyResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    // TMPDIR: the jobs' work folders (the ladder's SDP) go under dataDir, which tells this run's
    // ladder ffmpeg apart from any other on the machine.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TMPDIR: dataDir, LOG_LEVEL: 'warn', REHEARSAL: 'on', ADMIN_PASSWORD: 'bench-admin-pw', HOST_PASSWORD: 'bench-host-pw' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchChromium();
  try {
    log('  starting the server and the rehearsal stream...');
    const stream = await waitForStream(base, 60_000);
    const masterText = await (await fetch(`${base}${stream.master}`)).text();
    const renditions = masterText.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length;
    const llMaster = await (await fetch(`${base}${stream.lowLatency}`)).text();
    const llPlaylist = `${base}${stream.lowLatency.replace(/master\.m3u8$/, '')}${firstUri(llMaster)}`;
    const standardPlaylist = `${base}${stream.master.replace(/master\.m3u8$/, '')}${firstUri(masterText)}`;

    const page = await (await browser.newContext()).newPage();
    // The 2D player: the figure is about the HLS path, not about software WebGL in headless mode.
    await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    const play = async (expected: string) => {
      await page.goto(`${base}/events/demo-rehearsal`);
      await waitForPlayingVideo(page, 30_000);
      const protocol = await page.evaluate(() => window.__yunzhan?.protocol ?? null);
      if (protocol !== expected) throw new Error(`the player uses ${protocol}, expected ${expected}`);
      log(`  playing with ${protocol}; warming up 5 s...`);
      await page.waitForTimeout(5000);
    };

    // LL-HLS, with the CPU meters.
    await play('ll-hls');
    const pidsOf = (...needles: string[]) => () => findProcesses(...needles);
    const meters = {
      ladderFfmpeg: new CpuMeter(pidsOf('ffmpeg', '-f sdp', dataDir)),
      rehearsalFfmpeg: new CpuMeter(pidsOf('ffmpeg', 'testsrc2')),
      server: new CpuMeter(() => [server.pid!]),
      mediasoupWorkers: new CpuMeter(pidsOf('mediasoup-worker')),
    };
    Object.values(meters).forEach((m) => m.begin());
    log(`  sampling LL-HLS latency for ${seconds} s...`);
    const partDelays = watchPartPublishDelay(llPlaylist, Date.now() + seconds * 1000);
    const ll = await samplePlayback(page, seconds);
    const cpu = {
      ladderFfmpeg: meters.ladderFfmpeg.end(),
      rehearsalFfmpeg: meters.rehearsalFfmpeg.end(),
      server: meters.server.end(),
      mediasoupWorkers: meters.mediasoupWorkers.end(),
    };
    const lowLatency = figures('ll-hls', seconds, ll.latencies, ll.behind, await partDelays);

    // Standard HLS on the same live: the player's override, as a viewer without LL support.
    await page.evaluate(() => localStorage.setItem('yunzhan.lowLatency', 'off'));
    await play('hls');
    log(`  sampling standard HLS latency for ${seconds} s...`);
    const segmentDelays = watchSegmentPublishDelay(standardPlaylist, Date.now() + seconds * 1000);
    const std = await samplePlayback(page, seconds);
    const standard = figures('hls', seconds, std.latencies, std.behind, await segmentDelays);
    return { lowLatency, standard, cpu, renditions };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
