import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, waitForPlayingVideo } from '../../tests/helpers/browser';
import { ensureNginx, startNginx } from '../../tests/helpers/nginx';
import { deleteKeys, ensureRedis } from '../../tests/helpers/redis';
import { freePort } from '../../tests/helpers/util';
import { figures, samplePlayback, watchPartPublishDelay, watchSegmentPublishDelay, type PlaybackLatency } from './hls-latency';
import { percentile } from './proc';

/** Figures of the live path across hosts. */
export interface MultiHostLatencyResult {
  /** LL-HLS in Chromium (hls.js lowLatencyMode) through nginx, a web node and the worker's origin. */
  lowLatency: PlaybackLatency;
  /** Standard HLS in Chromium, a viewer who joins the running live, through the same path. */
  standard: PlaybackLatency;
  /**
   * Part publish delay (now - capture time of the part's end, on each blocking reload's answer)
   * followed at the same time straight from the worker and through nginx + the web node: their
   * difference is what the hop adds.
   */
  partDelay: { direct: { p50: number; p95: number; samples: number }; proxied: { p50: number; p95: number; samples: number }; hopP50: number };
}

/**
 * One web node (127.0.0.2, LIVE_WORKERS=remote, rehearsal source on, SQLite), one media worker
 * (`npm run worker` on 127.0.0.4) and nginx (127.0.0.6, docker/nginx/yunzhan.conf) in front, on
 * the real Redis. The rehearsal's ladder runs on the worker; Chromium plays through nginx.
 */
export async function measureMultiHostLatency(seconds: number, log: (s: string) => void): Promise<MultiHostLatencyResult> {
  ensureNginx();
  const redis = await ensureRedis();
  const prefix = `yz-bench-multihost-${process.pid}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-multihost-'));
  const children: ChildProcess[] = [];
  const workerPort = await freePort();
  const nodePort = await freePort();
  const worker = spawn(process.execPath, ['--import', 'tsx', 'media-worker/src/worker-main.ts'], {
    env: { ...process.env, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, HOST: '127.0.0.4', PORT: String(workerPort), DATA_DIR: path.join(root, 'worker'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(worker);
  const node = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(nodePort),
      HOST: '127.0.0.2',
      RTC_LISTEN_IP: '127.0.0.2',
      RTC_ANNOUNCED_IP: '127.0.0.2',
      RTP_LISTEN_IP: '127.0.0.2',
      DATA_DIR: path.join(root, 'node'),
      LOG_LEVEL: 'warn',
      REHEARSAL: 'on',
      SEED_EXHIBITION: 'off',
      LIVE_WORKERS: 'remote',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      TRUST_PROXY: 'loopback',
      ADMIN_PASSWORD: 'bench-admin-pw',
      HOST_PASSWORD: 'bench-host-pw',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(node);
  const nginx = await startNginx({ nodes: [`127.0.0.2:${nodePort}`], address: '127.0.0.6', port: await freePort() });
  const browser = await launchChromium();
  try {
    log('  starting the web node, the media worker and nginx; waiting for the rehearsal live on the worker...');
    let summary: { hls: { master: string; lowLatency?: string } | null } | undefined;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      try {
        summary = (await (await fetch(`${nginx.url}/api/events/demo-rehearsal`)).json()) as typeof summary;
        if (summary?.hls?.lowLatency && (await fetch(`${nginx.url}${summary.hls.lowLatency}`)).ok) break;
      } catch {
        // not up yet
      }
    }
    if (!summary?.hls?.lowLatency) throw new Error('the rehearsal live did not start on the worker');
    const llMaster = await (await fetch(`${nginx.url}${summary.hls.lowLatency}`)).text();
    const top = llMaster.split('\n').find((l) => l && !l.startsWith('#'))!;
    const llPath = `${summary.hls.lowLatency.replace(/master\.m3u8$/, '')}${top}`;
    const master = await (await fetch(`${nginx.url}${summary.hls.master}`)).text();
    const standardPath = `${summary.hls.master.replace(/master\.m3u8$/, '')}${master.split('\n').find((l) => l && !l.startsWith('#'))!}`;

    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    const play = async (expected: string) => {
      await page.goto(`${nginx.url}/events/demo-rehearsal`);
      await waitForPlayingVideo(page, 60_000);
      const protocol = await page.evaluate(() => window.__yunzhan?.protocol ?? null);
      if (protocol !== expected) throw new Error(`the player uses ${protocol}, expected ${expected}`);
      log(`  playing with ${protocol} through nginx; warming up 5 s...`);
      await page.waitForTimeout(5000);
    };

    await play('ll-hls');
    log(`  sampling LL-HLS for ${seconds} s, and following parts straight from the worker and through nginx + node...`);
    const until = Date.now() + seconds * 1000;
    const [direct, proxied, ll] = await Promise.all([
      watchPartPublishDelay(`http://127.0.0.4:${workerPort}${llPath}`, until),
      watchPartPublishDelay(`${nginx.url}${llPath}`, until),
      samplePlayback(page, seconds),
    ]);
    const lowLatency = figures('ll-hls', seconds, ll.latencies, ll.behind, proxied);

    await page.evaluate(() => localStorage.setItem('yunzhan.lowLatency', 'off'));
    await play('hls');
    log(`  sampling standard HLS for ${seconds} s...`);
    const [segmentDelays, std] = await Promise.all([watchSegmentPublishDelay(`${nginx.url}${standardPath}`, Date.now() + seconds * 1000), samplePlayback(page, seconds)]);
    const standard = figures('hls', seconds, std.latencies, std.behind, segmentDelays);
    const spread = (d: number[]) => ({ p50: percentile(d, 50), p95: percentile(d, 95), samples: d.length });
    return { lowLatency, standard, partDelay: { direct: spread(direct), proxied: spread(proxied), hopP50: percentile(proxied, 50) - percentile(direct, 50) } };
  } finally {
    await browser.close();
    await nginx.stop();
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await Promise.race([new Promise((r) => c.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
      c.kill('SIGKILL');
    }
    await deleteKeys(redis.url, prefix);
    await deleteKeys(redis.url, `bull:${prefix}-live`);
    await redis.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
