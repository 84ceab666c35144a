import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { collectPageErrors, goLiveFromConsole, launchChromium, sampleVideo, waitForPlayingVideo } from '../helpers/browser';
import { HOST_PASSWORD, processesMatching, startTestServer, waitFor, type TestServer } from '../helpers/server';

// The spine end to end: a host goes live from Chromium's fake camera through the real SFU and
// ffmpeg ladder; a viewer in another browser context watches in the 3D theatre and chats.
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const newContext = async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  return ctx;
};

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium(true);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('live show end to end in Chromium', () => {
  it('host goes live with the camera, a viewer watches in the theatre and chats, the replay plays from 0', async () => {
    const errors: string[] = [];
    const eventPath = `/events/${DEMO_CAMERA_EVENT}`;

    // Host: sign in through the form, open the console, go live.
    const hostCtx = await newContext();
    const host = await hostCtx.newPage();
    collectPageErrors(host, errors);
    await goLiveFromConsole(host, server.url, DEMO_CAMERA_EVENT, 'host', HOST_PASSWORD);
    await host.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 30_000 });

    // Viewer: a signed-up account in its own context opens the theatre.
    const viewerCtx = await newContext();
    const signUp = await viewerCtx.request.post(`${server.url}/api/auth/sign-up`, {
      data: { username: 'audience1', password: 'audience-password', displayName: '观众一号' },
    });
    expect(signUp.status()).toBe(201);
    const viewer = await viewerCtx.newPage();
    collectPageErrors(viewer, errors);
    await viewer.goto(`${server.url}${eventPath}`);
    const playing = await waitForPlayingVideo(viewer, 20_000);
    expect(playing.width).toBeGreaterThan(0);

    // The master playlist lists at least 3 renditions, and hls.js sees them.
    const masterUrl = await viewer.evaluate(() => (window as unknown as { __yunzhan: { hls: { url: string } | null } }).__yunzhan.hls?.url ?? null);
    expect(masterUrl).toMatch(/\/hls\/.+\/master\.m3u8$/);
    const master = await (await fetch(new URL(masterUrl!, server.url))).text();
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length).toBeGreaterThanOrEqual(3);
    const levels = await viewer.evaluate(() => (window as unknown as { __yunzhan: { hls: { levels: unknown[] } | null } }).__yunzhan.hls?.levels.length ?? 0);
    expect(levels).toBeGreaterThanOrEqual(3);

    // The viewer picks another quality than the one playing: the picture switches and plays on.
    const currentHeight = (await sampleVideo(viewer))!.height;
    const wanted = currentHeight === 720 ? 360 : 720;
    const level = await viewer.evaluate(
      (h) => (window as unknown as { __yunzhan: { hls: { levels: { height: number }[] } } }).__yunzhan.hls.levels.findIndex((l) => l.height === h),
      wanted,
    );
    expect(level).toBeGreaterThanOrEqual(0);
    await viewer.getByTestId('quality-select').selectOption(String(level));
    await waitFor(async () => (await sampleVideo(viewer))?.height === wanted, 20_000, `the ${wanted}p rendition on screen`);
    // The plain 2D player shows the same stream, visibly.
    await viewer.getByTestId('toggle-2d').click();
    await viewer.getByTestId('stream-video').waitFor({ state: 'visible', timeout: 10_000 });
    await waitForPlayingVideo(viewer, 15_000);

    // The host console counts the viewer.
    await waitFor(async () => Number((await host.getByTestId('viewer-count').textContent())?.match(/\d+/)?.[0] ?? 0) >= 1, 10_000, 'viewer count');

    // Chat: the viewer's message reaches the host, escaped, and survives a reload.
    const text = `来自观众的问候 <b>hello</b> ${Date.now()}`;
    await viewer.getByTestId('chat-input').fill(text);
    await viewer.getByTestId('chat-send').click();
    await host.getByTestId('chat-message').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    expect(await host.locator('[data-testid="chat-message"] b').count()).toBe(0);
    await viewer.reload();
    await viewer.getByTestId('chat-message').filter({ hasText: text }).waitFor({ timeout: 10_000 });

    // The host ends the show: the event becomes a replay that plays from the start.
    await host.getByTestId('end-live').click();
    await host.locator('[data-testid="live-status"][data-status="ended"]').waitFor({ timeout: 30_000 });
    const streamId = (await server.store.events.get(DEMO_CAMERA_EVENT))!.streamId!;
    await waitFor(async () => (await server.queue.get(`recording-${streamId}`))?.state === 'completed', 30_000, 'the recording');
    expect(processesMatching(server.dataDir)).toEqual([]);
    const replay = await viewerCtx.newPage();
    collectPageErrors(replay, errors);
    await replay.goto(`${server.url}${eventPath}`);
    const first = await waitFor(async () => {
      const s = await sampleVideo(replay);
      return s && s.readyState >= 2 ? s : null;
    }, 20_000, 'the replay to load');
    expect(first.currentTime).toBeLessThan(3);
    const replayPlaying = await waitForPlayingVideo(replay, 20_000);
    expect(replayPlaying.currentTime).toBeGreaterThan(first.currentTime);
    const isVod = await replay.evaluate(() => {
      const hls = (window as unknown as { __yunzhan: { hls: { levels: { details?: { live: boolean } }[] } | null } }).__yunzhan.hls;
      return hls?.levels.some((l) => l.details && l.details.live === false) ?? false;
    });
    expect(isVod).toBe(true);
    expect(errors).toEqual([]);
  }, 180_000);
});
