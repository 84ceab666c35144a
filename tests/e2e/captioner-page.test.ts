import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from '../helpers/browser';
import { passwordOf, signUp } from '../helpers/chat';
import { HOST_PASSWORD, startTestServer, waitFor, type TestServer } from '../helpers/server';

// The captioner role end to end (issue 14): during the rehearsal live, the host names a viewer
// account as captioner in the console's Captioners panel; that account finds "Caption this event"
// on the event page, types a line on the caption page on a phone-sized screen, keyboard only, and
// a viewer playing the stream gets it as a cue of the video's captions track. Another signed-in
// account is told it may not caption; once the host removes the captioner, its next line is refused.

const LINE = '字幕员输入的一句 — a captioner line';
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(errors: string[], viewport = { width: 1280, height: 800 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport });
  contexts.push(ctx);
  const page = await ctx.newPage();
  collectPageErrors(page, errors);
  return page;
}

async function signedIn(page: Page, username: string, password: string): Promise<void> {
  expect((await page.context().request.post(`${server.url}/api/auth/sign-in`, { data: { username, password } })).status()).toBe(200);
}

/** Texts of the cues of the stream video's captions track. */
const cueTexts = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="stream-video"]')!;
    const track = Array.from(video.textTracks).find((t) => t.kind === 'captions');
    return Array.from(track?.cues ?? []).map((c) => (c as VTTCue).text);
  });

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
  browser = await launchChromium(true);
  await waitFor(async () => (await server.store.events.get(DEMO_REHEARSAL_EVENT))?.status === 'live', 30_000, 'the rehearsal live');
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('a captioner in Chromium', () => {
  it('is named by the host, captions from its own page on a phone, reaches the viewer, and is cut off when removed', async () => {
    const errors: string[] = [];
    await signUp(server.url, 'typist-e2e');
    await signUp(server.url, 'bystander-e2e');

    // The host names the captioner in the console.
    const host = await newPage(errors);
    await signedIn(host, 'host', HOST_PASSWORD);
    await host.goto(`${server.url}/host/${DEMO_REHEARSAL_EVENT}`);
    const panel = host.getByTestId('captioners-panel');
    await panel.getByTestId('captioner-username').fill('nobody-e2e');
    await panel.getByTestId('captioner-add').click();
    await panel.getByTestId('captioner-username-error').filter({ hasText: 'nobody-e2e' }).waitFor({ timeout: 10_000 });
    await panel.getByTestId('captioner-username').fill('typist-e2e');
    await panel.getByTestId('captioner-username').press('Enter');
    await panel.getByTestId('captioner').filter({ hasText: '@typist-e2e' }).waitFor({ timeout: 10_000 });

    // A viewer watches the stream.
    const viewer = await newPage(errors);
    await viewer.addInitScript(() => {
      localStorage.setItem('yunzhan.viewMode', '2d');
      localStorage.setItem('yunzhan.lowLatency', 'off');
    });
    await viewer.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await waitForPlayingVideo(viewer, 60_000);

    // The captioner, on a phone: the event page links to the caption page; typing and Enter send.
    const captioner = await newPage(errors, { width: 360, height: 640 });
    await signedIn(captioner, 'typist-e2e', passwordOf('typist-e2e'));
    await captioner.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await captioner.getByTestId('caption-this-event').click();
    await captioner.waitForURL(`**/caption/${DEMO_REHEARSAL_EVENT}`);
    expect(await captioner.getByTestId('caption-page-title').textContent()).toBe((await server.store.events.get(DEMO_REHEARSAL_EVENT))!.title);
    const input = captioner.getByTestId('caption-input');
    await waitFor(() => input.isEnabled(), 20_000, 'the caption input enabled while live');
    // Keyboard only: Tab reaches the line, Enter sends it.
    await captioner.locator('body').click({ position: { x: 1, y: 1 } });
    await waitFor(async () => {
      await captioner.keyboard.press('Tab');
      return captioner.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'caption-input');
    }, 10_000, 'focus on the caption input by Tab');
    await captioner.keyboard.type(LINE);
    await captioner.keyboard.press('Enter');
    await captioner.getByTestId('caption-last').filter({ hasText: LINE }).waitFor({ timeout: 10_000 });
    const fitsPhone = await captioner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fitsPhone).toBe(true);

    await waitFor(async () => (await cueTexts(viewer)).includes(LINE), 15_000, "the captioner's line in the viewer's track");

    // Someone signed in who is not a captioner is told so.
    const bystander = await newPage(errors, { width: 360, height: 640 });
    await signedIn(bystander, 'bystander-e2e', passwordOf('bystander-e2e'));
    await bystander.goto(`${server.url}/caption/${DEMO_REHEARSAL_EVENT}`);
    await bystander.getByTestId('caption-forbidden').waitFor({ timeout: 10_000 });
    expect(await bystander.getByTestId('caption-input').count()).toBe(0);
    await bystander.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await bystander.getByTestId('stream-status').waitFor({ timeout: 10_000 });
    expect(await bystander.getByTestId('caption-this-event').count()).toBe(0);

    // The host removes the captioner: the next line is refused, on the same open page.
    await panel.getByTestId('captioner').filter({ hasText: '@typist-e2e' }).getByRole('button').click();
    await panel.getByTestId('captioners-list').waitFor({ state: 'detached', timeout: 10_000 });
    await input.fill('after removal');
    await input.press('Enter');
    await captioner.locator('[data-testid="caption-panel"] [role="alert"]').waitFor({ timeout: 10_000 });
    const texts = ((await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}/captions`)).json()) as { text: string }[]).map((c) => c.text);
    expect(texts).toContain(LINE);
    expect(texts).not.toContain('after removal');
    expect(errors).toEqual([]);
  }, 180_000);
});
