import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Caption } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from '../helpers/browser';
import { HOST_PASSWORD, startTestServer, waitFor, type TestServer } from '../helpers/server';

// Live captions end to end (issue 14): the rehearsal is live; the host types a line in the
// console's caption panel; a viewer playing standard HLS in Chromium, seconds behind, gets it
// as a cue of the video's captions text track and sees it over the picture once the picture
// reaches the moment it was sent. After the live ends, the replay's track has it at the same
// moment of the picture.

const LINE = '第一句字幕 — the first caption';
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(errors: string[]): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  collectPageErrors(page, errors);
  return page;
}

/** Cues of the video's captions track: text and place on the video's timeline. */
const cuesOf = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="stream-video"]')!;
    const track = Array.from(video.textTracks).find((t) => t.kind === 'captions');
    return Array.from(track?.cues ?? []).map((c) => ({ text: (c as VTTCue).text, start: c.startTime, end: c.endTime }));
  });

type ProbeWindow = Window & { __captionShown?: { wallMs: number; pictureMs: number | null } };

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
  browser = await launchChromium(true);
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('live captions in Chromium', () => {
  it("reach a standard-HLS viewer's text track and picture in step, and stay in the replay", async () => {
    const errors: string[] = [];
    const viewer = await newPage(errors);
    await viewer.addInitScript(() => {
      localStorage.setItem('yunzhan.viewMode', '2d');
      localStorage.setItem('yunzhan.lowLatency', 'off');
    });
    await viewer.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await waitForPlayingVideo(viewer, 60_000);
    await viewer.evaluate(() => {
      const w = window as ProbeWindow;
      new MutationObserver(() => {
        if (w.__captionShown === undefined && document.querySelector('[data-testid="captions"]')) {
          w.__captionShown = { wallMs: Date.now(), pictureMs: window.__yunzhan?.hls?.playingDate?.getTime() ?? null };
        }
      }).observe(document.body, { subtree: true, childList: true });
    });

    const host = await newPage(errors);
    expect((await host.context().request.post(`${server.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } })).status()).toBe(200);
    await host.goto(`${server.url}/host/${DEMO_REHEARSAL_EVENT}`);
    const input = host.getByTestId('caption-input');
    await input.waitFor({ timeout: 20_000 });
    await waitFor(() => input.isEnabled(), 20_000, 'the caption input enabled while live');
    await input.fill(LINE);
    await input.press('Enter');
    await host.getByTestId('caption-last').filter({ hasText: LINE }).waitFor({ timeout: 10_000 });
    const [sent] = (await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}/captions`)).json()) as Caption[];
    expect(sent!.text).toBe(LINE);
    const sentMs = Date.parse(sent!.at);

    // The viewer's track has the cue; the line is shown when the picture reaches the moment it was sent.
    await waitFor(async () => (await cuesOf(viewer)).find((c) => c.text === LINE), 10_000, 'the cue in the viewer track');
    await viewer.getByTestId('captions').filter({ hasText: LINE }).waitFor({ timeout: 30_000 });
    const shown = (await viewer.evaluate(() => (window as ProbeWindow).__captionShown))!;
    process.stdout.write(`caption shown ${((shown.wallMs - sentMs) / 1000).toFixed(2)} s after it was sent, picture ${((shown.pictureMs! - sentMs) / 1000).toFixed(2)} s past it\n`);
    expect(shown.wallMs - sentMs).toBeGreaterThan(2000);
    expect(Math.abs(shown.pictureMs! - sentMs)).toBeLessThanOrEqual(1000);
    // The viewer can turn them off.
    await viewer.getByTestId('captions-toggle').click();
    expect(await viewer.getByTestId('captions').count()).toBe(0);
    await viewer.getByTestId('captions-toggle').click();

    // The replay keeps the caption at the same moment of the picture.
    await server.live.end(DEMO_REHEARSAL_EVENT, 'test');
    const replay = await newPage(errors);
    await replay.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await replay.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await replay.locator('[data-testid="stream-status"][data-status="replay"]').waitFor({ timeout: 30_000 });
    await waitForPlayingVideo(replay, 60_000);
    const cue = await waitFor(async () => (await cuesOf(replay)).find((c) => c.text === LINE), 20_000, 'the cue in the replay track');
    await replay.evaluate((t) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="stream-video"]')!;
      video.currentTime = t;
    }, cue.start + 0.5);
    await replay.getByTestId('captions').filter({ hasText: LINE }).waitFor({ timeout: 20_000 });
    const pictureMs = await replay.evaluate(() => window.__yunzhan?.hls?.playingDate?.getTime() ?? null);
    expect(Math.abs(pictureMs! - sentMs)).toBeLessThanOrEqual(2000);
    expect(errors).toEqual([]);
  }, 180_000);
});
