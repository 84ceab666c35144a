import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { JobEvent, JobHandle } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium, sampleVideo, waitForPlayingVideo, type VideoSample } from '../helpers/browser';
import { startTestServer, waitFor, type TestServer } from '../helpers/server';

// Issue acceptance: "an ffmpeg that dies is restarted within 2 s and viewers keep playing".
// The rehearsal live runs through the real SFU and ladder ffmpeg; a viewer watches it in
// Chromium; the ladder's ffmpeg is killed with SIGKILL and the viewer must play on, then play
// what the restarted ffmpeg produced.
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The server restarts a crashed job after 500 ms (JobRunnerOptions.restartDelayMs default). */
const RESTART_WITHIN_MS = 2_000;
/** How long the viewer is watched after the kill. */
const WATCH_MS = 15_000;
/**
 * Longest the viewer's video may stand still after the kill. The input gap is ~0.6 s (restart
 * delay + ffmpeg start) plus the wait for the next key frame; the players buffer 1 s (LL-HLS) to
 * 6 s (HLS) ahead. Runs here showed no stall at all; 4 s leaves room for a loaded machine.
 */
const MAX_STALL_MS = 4_000;

interface TimedEvent {
  at: number;
  event: JobEvent;
}

/** Longest stretch of samples over which the video's time did not advance, in ms. */
function longestStallMs(samples: Sample[]): number {
  let longest = 0;
  let since = samples[0]?.at ?? 0;
  for (let k = 1; k < samples.length; k++) {
    if (samples[k]!.video.currentTime > samples[k - 1]!.video.currentTime + 0.05) since = samples[k]!.at;
    longest = Math.max(longest, samples[k]!.at - since);
  }
  return longest;
}

/** What the page exposes for tests (window.__yunzhan), read in the page. */
interface PlayerProbe {
  protocol: string | null;
  /** hls.js `playingDate` (PROGRAM-DATE-TIME of the frame playing) in epoch ms, or null. */
  playingDateMs: number | null;
  status: string | null;
  /** The <video>'s MediaError code, or null (a fatal media error would show here). */
  mediaError: number | null;
}

/** One look at the viewer. */
interface Sample {
  at: number;
  video: VideoSample;
  player: PlayerProbe;
}

const probe = (page: Page): Promise<PlayerProbe> =>
  page.evaluate(() => {
    const y = (window as unknown as { __yunzhan?: { hls: { playingDate: Date | null } | null; protocol: string | null } }).__yunzhan;
    return {
      protocol: y?.protocol ?? null,
      playingDateMs: y?.hls?.playingDate?.getTime() ?? null,
      status: document.querySelector('[data-testid="stream-status"]')?.getAttribute('data-status') ?? null,
      mediaError: document.querySelector<HTMLVideoElement>('[data-testid="stream-video"]')?.error?.code ?? null,
    };
  });

/** Opens the rehearsal event in a fresh context; `lowLatency: false` sets the viewer's "LL off" preference. */
async function openViewer(lowLatency: boolean, errors: string[]): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  if (!lowLatency) await ctx.addInitScript(() => window.localStorage.setItem('yunzhan.lowLatency', 'off'));
  const page = await ctx.newPage();
  collectPageErrors(page, errors);
  await page.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
  // Through the 2D player: the same stream, with a visible <video> to sample.
  await page.getByTestId('toggle-2d').click();
  await page.getByTestId('stream-video').waitFor({ state: 'visible', timeout: 10_000 });
  await waitForPlayingVideo(page, 40_000);
  return page;
}

/**
 * Kills the ladder ffmpeg under a playing viewer and checks the restart and the viewer: the job
 * reports the crash, a new process runs within 2 s, the video plays on through it with the live
 * status kept and no page error, and it ends up playing media produced after the crash.
 */
async function killLadderUnderViewer(page: Page, errors: string[]): Promise<void> {
  const ladder = await waitFor(() => server.jobs.active().find((j): j is JobHandle => j.type === 'live-ladder' && j.pid !== undefined), 10_000, 'the ladder job');
  const oldPid = ladder.pid!;
  const events: TimedEvent[] = [];
  const off = ladder.onEvent((event) => events.push({ at: Date.now(), event }));
  try {
    const before = (await sampleVideo(page))!;
    process.kill(oldPid, 'SIGKILL');
    const killedAt = Date.now();
    // The viewer is sampled from the kill on, while the job's events are checked below.
    const watching = (async () => {
      const samples: Sample[] = [];
      while (Date.now() < killedAt + WATCH_MS) {
        samples.push({ at: Date.now(), video: (await sampleVideo(page))!, player: await probe(page) });
        await page.waitForTimeout(500);
      }
      return samples;
    })();
    // Awaited below; if a check fails first, its late rejection (page closed) is not unhandled.
    watching.catch(() => undefined);

    // The supervisor sees the crash (killed by the signal) and a new process replaces the old one.
    const crashed = await waitFor(() => events.find((e) => e.event.type === 'crashed'), 5_000, 'the crashed event');
    const crash = crashed.event as Extract<JobEvent, { type: 'crashed' }>;
    expect(crash.signal).toBe('SIGKILL');
    let newPid: number | undefined;
    while (Date.now() < crashed.at + RESTART_WITHIN_MS) {
      const pid = ladder.pid;
      if (pid !== undefined && pid !== oldPid) {
        newPid = pid;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(newPid, `a new ladder process within ${RESTART_WITHIN_MS} ms of the crash`).toBeDefined();
    expect(() => process.kill(newPid!, 0)).not.toThrow();

    // The restarted run listens for its input and writes media again.
    const ready = await waitFor(() => events.find((e) => e.at >= crashed.at && e.event.type === 'input-ready'), 10_000, 'input-ready after the restart');
    expect((ready.event as Extract<JobEvent, { type: 'input-ready' }>).attempt).toBe(crash.attempt + 1);
    await waitFor(() => events.find((e) => e.at >= ready.at && e.event.type === 'progress'), 15_000, 'progress after the restart');
    expect(ladder.state).toBe('running');
    expect(ladder.pid).toBe(newPid);

    // The viewer over the WATCH_MS after the kill: the live status never leaves "live", the
    // <video> never errors, no stall longer than MAX_STALL_MS, most of the window played, and
    // still advancing at its end.
    const samples = await watching;
    for (const s of samples) expect(s.player).toMatchObject({ status: 'live', mediaError: null });
    expect(longestStallMs(samples)).toBeLessThan(MAX_STALL_MS);
    const last = samples.at(-1)!;
    expect(last.video.currentTime - before.currentTime).toBeGreaterThan((WATCH_MS / 1000) * 0.6);
    const tail = samples.filter((s) => s.at >= last.at - 3_000);
    expect(tail.at(-1)!.video.currentTime).toBeGreaterThan(tail[0]!.video.currentTime + 1);
    expect(last.video.paused).toBe(false);
    expect(last.video.width).toBeGreaterThan(0);
    expect(last.video.meanLuma > 16 || last.video.lumaStdDev > 4).toBe(true);
    expect(await page.getByTestId('click-to-play').count()).toBe(0);

    // What plays now was produced by the restarted ffmpeg: its capture time is after the crash.
    await waitFor(async () => ((await probe(page)).playingDateMs ?? 0) > crashed.at, 15_000, 'playback of media from after the restart');
    expect(errors).toEqual([]);
  } finally {
    off();
  }
}

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('ladder ffmpeg crash under a live viewer', () => {
  it('restarts the killed ladder ffmpeg within 2 s and the LL-HLS viewer keeps playing into post-restart media', async () => {
    const errors: string[] = [];
    const page = await openViewer(true, errors);
    expect((await probe(page)).protocol).toBe('ll-hls');
    await killLadderUnderViewer(page, errors);
    // Still LL-HLS: the restart did not push the player onto its standard-HLS fallback.
    expect((await probe(page)).protocol).toBe('ll-hls');
    await page.context().close();
  }, 60_000);

  it('keeps a standard-HLS viewer (low latency off) playing through the same crash', async () => {
    const errors: string[] = [];
    const page = await openViewer(false, errors);
    expect((await probe(page)).protocol).toBe('hls');
    await killLadderUnderViewer(page, errors);
    expect((await probe(page)).protocol).toBe('hls');
    await page.context().close();
  }, 60_000);
});
