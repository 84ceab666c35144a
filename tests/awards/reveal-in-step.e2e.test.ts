import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventChannel, type AwardEntry, type AwardReveal, type PollState } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { BEHIND_PROXY, buildProgramme, call, category, expectStatus, makeAccount, makeWorks, score, seededAccount, type Account } from '../helpers/awards';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from '../helpers/browser';
import { ok } from '../helpers/chat';
import { ADMIN_PASSWORD, connectClient, signIn, startTestServer, type TestServer } from '../helpers/server';

// A reveal in step with the picture (issue 14): the rehearsal is live; a viewer plays it with
// standard HLS in Chromium, seconds behind the source. The admin reveals the winner; the
// viewer's overlay is not shown while the picture is before the press, and is shown once the
// picture reaches it (within a second after). The time of the picture is the player's
// (EXT-X-PROGRAM-DATE-TIME), read in the page at the moment the overlay appears.

const AWARD = 'in-step-awards';
let server: TestServer;
let browser: Browser;
let admin: Account;
let entries: AwardEntry[];

type ProbeWindow = Window & { __shown?: { wallMs: number; pictureMs: number | null }; __pollShown?: { wallMs: number; pictureMs: number | null } };

beforeAll(async () => {
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false, rehearsal: true });
  browser = await launchChromium(true);
  admin = await seededAccount(server, 'admin');
  const curator = await seededAccount(server, 'curator');
  const judge = await makeAccount(server, admin, 'in-step-judge', 'judge');
  const works = await makeWorks(server, curator, 2, 'In step');
  const built = await buildProgramme(server, admin, {
    id: AWARD,
    eventId: DEMO_REHEARSAL_EVENT,
    categories: [category('painting')],
    judgeIds: [judge.id],
    entries: { painting: works },
    phase: 'ceremony',
    whileJudging: async (byCategory) => {
      for (const [i, entry] of byCategory.painting!.entries()) {
        expectStatus(await score(server, judge, AWARD, entry.id, { scores: { craft: 4 + i * 4, idea: 2 + i * 2 }, submit: true }), 200, 'score');
      }
    },
  });
  entries = built.entries.painting!;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('cues in step with the picture', () => {
  it("waits for a standard-HLS viewer's picture to reach a reveal or a poll's opening, then shows within a second", async () => {
    const errors: string[] = [];
    const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    collectPageErrors(page, errors);
    await page.addInitScript(() => {
      localStorage.setItem('yunzhan.viewMode', '2d');
      localStorage.setItem('yunzhan.lowLatency', 'off');
    });
    await page.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await waitForPlayingVideo(page, 60_000);
    expect(await page.evaluate(() => window.__yunzhan!.protocol)).toBe('hls');
    // The award rooms are joined once the programme is found.
    await page.waitForTimeout(1500);
    const behindMs = await page.evaluate(() => Date.now() - (window.__yunzhan!.hls!.playingDate?.getTime() ?? Date.now()));
    process.stdout.write(`standard-HLS viewer ${(behindMs / 1000).toFixed(1)} s behind the source\n`);
    expect(behindMs).toBeGreaterThan(2000);

    await page.evaluate(() => {
      const w = window as ProbeWindow;
      new MutationObserver(() => {
        if (w.__shown === undefined && document.querySelector('[data-testid="award-overlay-winner"]')) {
          w.__shown = { wallMs: Date.now(), pictureMs: window.__yunzhan?.hls?.playingDate?.getTime() ?? null };
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const reveal = expectStatus(await call<AwardReveal>(server, 'POST', `/api/awards/${AWARD}/reveal`, { cookie: admin.cookie, body: { categoryId: 'painting', stage: 'winner' } }), 200, 'reveal');
    const pressedMs = Date.parse(reveal.at);
    expect(reveal.winner?.entryId).toBe(entries[1]!.id);

    // A second after the press the socket event has long arrived; the picture is still before it.
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as ProbeWindow).__shown)).toBeUndefined();

    await page.waitForFunction(() => (window as ProbeWindow).__shown !== undefined, undefined, { timeout: 30_000 });
    const shown = (await page.evaluate(() => (window as ProbeWindow).__shown))!;
    process.stdout.write(`winner shown ${((shown.wallMs - pressedMs) / 1000).toFixed(2)} s after the press, picture ${((shown.pictureMs! - pressedMs) / 1000).toFixed(2)} s past it\n`);
    expect(shown.pictureMs).not.toBeNull();
    expect(shown.pictureMs!).toBeGreaterThanOrEqual(pressedMs);
    expect(shown.pictureMs! - pressedMs).toBeLessThanOrEqual(1000);
    expect(shown.wallMs - pressedMs).toBeGreaterThan(2000);

    // A poll the host opens shows when the picture reaches the moment it was opened, the same way.
    await page.evaluate(() => {
      const w = window as ProbeWindow;
      new MutationObserver(() => {
        if (w.__pollShown === undefined && document.querySelector('[data-testid="poll-card"]')) {
          w.__pollShown = { wallMs: Date.now(), pictureMs: window.__yunzhan?.hls?.playingDate?.getTime() ?? null };
        }
      }).observe(document.body, { subtree: true, childList: true });
    });
    const socket = await connectClient(server.url, await signIn(server.url, 'admin', ADMIN_PASSWORD));
    try {
      await ok(socket, 'event:join', { eventId: DEMO_REHEARSAL_EVENT });
      const poll = await ok<PollState>(socket, 'poll:create', { channel: eventChannel(DEMO_REHEARSAL_EVENT), question: 'Encore?', options: ['yes', 'no'] });
      const openedMs = Date.parse(poll.createdAt);
      await page.waitForTimeout(1000);
      expect(await page.evaluate(() => (window as ProbeWindow).__pollShown)).toBeUndefined();
      await page.waitForFunction(() => (window as ProbeWindow).__pollShown !== undefined, undefined, { timeout: 30_000 });
      const pollShown = (await page.evaluate(() => (window as ProbeWindow).__pollShown))!;
      process.stdout.write(`poll shown ${((pollShown.wallMs - openedMs) / 1000).toFixed(2)} s after it opened, picture ${((pollShown.pictureMs! - openedMs) / 1000).toFixed(2)} s past it\n`);
      expect(pollShown.pictureMs!).toBeGreaterThanOrEqual(openedMs);
      expect(pollShown.pictureMs! - openedMs).toBeLessThanOrEqual(1000);
    } finally {
      socket.disconnect();
    }
    expect(errors).toEqual([]);
  }, 150_000);
});
