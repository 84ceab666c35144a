import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { HOST_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

// Live interaction end to end in Chromium (issue 5): two viewers in one theatre. A's chat message
// sent as danmaku reaches B's chat and B's danmaku layer; A's reaction floats up on B's screen;
// the host opens a poll, both vote, and A's result bars follow B's vote. Every wait is on the
// DOM or the page's test hooks, never on a fixed delay.
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const eventPath = `/events/${DEMO_REHEARSAL_EVENT}`;

/** What the danmaku layer exposes for tests (window.__yunzhanDanmaku). */
interface DanmakuProbe {
  shown: number;
  lastText: string | null;
}

const newContext = async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  return ctx;
};

/** A signed-up viewer's page, in its own browser context, with the theatre joined. */
async function viewer(username: string, displayName: string, errors: string[]): Promise<Page> {
  const ctx = await newContext();
  const signUp = await ctx.request.post(`${server.url}/api/auth/sign-up`, { data: { username, password: `${username}-password`, displayName } });
  expect(signUp.status()).toBe(201);
  const page = await ctx.newPage();
  collectPageErrors(page, errors);
  await page.goto(`${server.url}${eventPath}`);
  // The viewer count appears once the room is joined.
  await page.getByTestId('viewer-count').waitFor({ timeout: 15_000 });
  await page.getByTestId('chat-input').waitFor();
  return page;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium(true);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('live interaction end to end in Chromium', () => {
  it('carries danmaku, reactions and a poll between two viewers and the host', async () => {
    const errors: string[] = [];
    const a = await viewer('viewer-a', '观众甲', errors);
    const b = await viewer('viewer-b', '观众乙', errors);

    // B keeps danmaku on at high density; the choice is remembered.
    await b.getByTestId('danmaku-density').selectOption('high');
    expect(await b.evaluate(() => localStorage.getItem('yunzhan.danmaku'))).toContain('"high"');
    expect(await b.getByTestId('danmaku-toggle').getAttribute('aria-pressed')).toBe('true');

    // A sends a message as red scrolling danmaku; markup in it stays text.
    const text = `弹幕 <b>hello</b> ${Date.now()}`;
    await a.getByTestId('chat-as-danmaku').check();
    await a.getByTestId('chat-danmaku-colour-fe0302').click();
    await a.getByTestId('chat-input').fill(text);
    await a.getByTestId('chat-send').click();

    // B's chat shows it, escaped…
    await b.getByTestId('chat-message').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    expect(await b.locator('[data-testid="chat-log"] b').count()).toBe(0);
    // …and B's danmaku layer has drawn it.
    await b.waitForFunction(
      (expected) => {
        const probe = (window as unknown as { __yunzhanDanmaku?: DanmakuProbe }).__yunzhanDanmaku;
        return probe !== undefined && probe.shown >= 1 && probe.lastText === expected;
      },
      text,
      { timeout: 10_000 },
    );

    // B replies to it: the reply carries a quote of A's message, and mentions A by username.
    const fromA = b.getByTestId('chat-message').filter({ hasText: text });
    await fromA.hover();
    await fromA.getByTestId('chat-reply').click();
    await b.getByTestId('chat-replying').waitFor();
    await b.getByTestId('chat-input').fill('@viewer-a 收到');
    await b.getByTestId('chat-send').click();
    const reply = a.locator('[data-testid="chat-message"][data-mention="me"]').filter({ hasText: '@viewer-a 收到' });
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.getByTestId('chat-quote').textContent()).toContain('观众甲');

    // A reaction from A floats up on B's screen.
    await a.getByTestId('reaction-heart').click();
    await b.waitForFunction(
      () => {
        const layer = document.querySelector<HTMLElement>('[data-testid="reaction-layer"]');
        return Number(layer?.dataset.bursts ?? 0) >= 1 && (layer?.dataset.seen ?? '').split(',').includes('heart');
      },
      undefined,
      { timeout: 10_000 },
    );

    // The host opens a poll from the console.
    const hostCtx = await newContext();
    const signIn = await hostCtx.request.post(`${server.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } });
    expect(signIn.status()).toBe(200);
    const host = await hostCtx.newPage();
    collectPageErrors(host, errors);
    await host.goto(`${server.url}/host/${DEMO_REHEARSAL_EVENT}`);
    await host.getByTestId('poll-question').fill('下一首演奏哪一曲？');
    await host.getByTestId('poll-option-input-0').fill('春江花月夜');
    await host.getByTestId('poll-option-input-1').fill('高山流水');
    const create = host.getByTestId('poll-create');
    await create.waitFor();
    await host.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="poll-create"]')?.disabled, undefined, { timeout: 15_000 });
    await create.click();
    await host.getByTestId('host-poll').waitFor({ timeout: 10_000 });

    // Both viewers see the open poll; A votes first and sees the results.
    const aCard = a.getByTestId('poll-card');
    const bCard = b.getByTestId('poll-card');
    await aCard.waitFor({ timeout: 10_000 });
    await bCard.waitFor({ timeout: 10_000 });
    await aCard.getByTestId('poll-option-0').click();
    await a.locator('[data-testid="poll-result-0"][data-votes="1"]').waitFor({ timeout: 10_000 });
    expect(await a.getByTestId('poll-result-1').getAttribute('data-votes')).toBe('0');

    // B votes for the other option: A's bars follow, 50 % each.
    await bCard.getByTestId('poll-option-1').click();
    await a.locator('[data-testid="poll-result-1"][data-votes="1"]').waitFor({ timeout: 10_000 });
    expect(await a.getByTestId('poll-result-0').getAttribute('data-percent')).toBe('50');
    expect(await a.getByTestId('poll-result-1').getAttribute('data-percent')).toBe('50');
    // The host's list shows the same count.
    await host.locator('[data-testid="host-poll"] [data-testid="poll-result-1"][data-votes="1"]').waitFor({ timeout: 10_000 });

    expect(errors).toEqual([]);
  }, 120_000);

  it('lets the host moderate from the console: keyword hold, approve, a report dismissed, pin, mute', async () => {
    const errors: string[] = [];
    const hostCtx = await newContext();
    const signIn = await hostCtx.request.post(`${server.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } });
    expect(signIn.status()).toBe(200);
    const host = await hostCtx.newPage();
    collectPageErrors(host, errors);
    await host.goto(`${server.url}/host/${DEMO_REHEARSAL_EVENT}`);

    // The host moderates the event's chat: a rule holds messages with a phrase for review.
    await host.getByTestId('mod-open').click();
    await host.getByTestId('mod-tab-settings').click();
    await host.getByTestId('mod-keyword-phrase').fill('spoiler');
    await host.getByTestId('mod-keyword-action').selectOption('hold');
    await host.getByTestId('mod-keyword-add').click();
    await host.getByTestId('mod-keyword').filter({ hasText: 'spoiler' }).waitFor({ timeout: 10_000 });

    const c = await viewer('viewer-c', '观众丙', errors);
    const held = `the ending is a SPOILER ${Date.now()}`;
    await c.getByTestId('chat-input').fill(held);
    await c.getByTestId('chat-send').click();
    // Its author sees it waiting for review; the host finds it in the queue.
    const own = c.getByTestId('chat-message').filter({ hasText: held });
    await own.getByTestId('chat-held').waitFor({ timeout: 10_000 });
    await c.getByTestId('chat-notice').waitFor();
    await host.getByTestId('mod-tab-queue').click();
    const item = host.getByTestId('mod-held-item').filter({ hasText: held });
    await item.waitFor({ timeout: 10_000 });
    await item.getByTestId('mod-held-approve').click();
    await c.locator('[data-testid="chat-message"][data-status="visible"]').filter({ hasText: held }).waitFor({ timeout: 10_000 });

    // Another viewer reports it; the host sees the report and dismisses it.
    const d = await viewer('viewer-d', '观众丁', errors);
    const reported = d.getByTestId('chat-message').filter({ hasText: held });
    await reported.waitFor({ timeout: 10_000 });
    await reported.hover();
    await reported.getByTestId('chat-more').click();
    await reported.getByTestId('chat-report').click();
    await reported.getByTestId('chat-report-reason').selectOption('spam');
    await reported.getByTestId('chat-report-submit').click();
    const report = host.getByTestId('mod-report-item').filter({ hasText: held });
    await report.waitFor({ timeout: 10_000 });
    await report.getByTestId('mod-report-dismiss').click();
    await report.waitFor({ state: 'detached', timeout: 10_000 });

    // The host mutes the viewer from the message itself: the viewer's composer says so.
    // The drawer is modal: its close button (or Escape) folds it away, back to the log.
    await host.getByTestId('mod-drawer').getByRole('button', { name: '关闭管理面板' }).click();
    await host.getByTestId('mod-drawer').waitFor({ state: 'detached' });
    const message = host.getByTestId('chat-message').filter({ hasText: held });
    await message.waitFor({ timeout: 10_000 });
    await message.hover();
    await message.getByTestId('chat-more').click();
    await message.getByTestId('chat-mod-pin').click();
    await d.getByTestId('chat-pinned-message').filter({ hasText: held }).waitFor({ timeout: 10_000 });
    await message.hover();
    await message.getByTestId('chat-more').click();
    await message.getByTestId('chat-mod-mute').click();
    await c.locator('[data-testid="chat-standing"][data-kind="muted"]').waitFor({ timeout: 10_000 });
    expect(await c.getByTestId('chat-input').isDisabled()).toBe(true);

    // The host's own message carries the host badge (decided by the server, shown as a word);
    // a viewer's carries none.
    const fromHostText = `welcome everyone ${Date.now()}`;
    await host.getByTestId('chat-input').fill(fromHostText);
    await host.getByTestId('chat-send').click();
    const fromHost = d.getByTestId('chat-message').filter({ hasText: fromHostText });
    await fromHost.getByTestId('chat-badge').filter({ hasText: '主持人' }).waitFor({ timeout: 10_000 });
    expect(await d.getByTestId('chat-message').filter({ hasText: held }).getByTestId('chat-badge').count()).toBe(0);

    // The log records both actions.
    await host.getByTestId('mod-open').click();
    await host.getByTestId('mod-tab-log').click();
    await host.locator('[data-testid="mod-log-entry"][data-type="mute"]').waitFor({ timeout: 10_000 });
    await host.locator('[data-testid="mod-log-entry"][data-type="approve"]').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
