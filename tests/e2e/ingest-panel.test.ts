import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IngestInfo } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { AXE_SCRIPT, AXE_TAGS, describeViolations, type Violation } from '../a11y/a11y-support';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from '../helpers/server';

// The host console's broadcast software panel with RTMP and SRT (issue: encoder ingest): one tab
// per protocol shows exactly what GET /api/events/:id/ingest answers, secrets hidden until shown,
// every value copyable by keyboard; "New token" replaces all three; it fits a 360x640 phone and
// axe finds nothing in it; a server whose RTMP and SRT listeners are off says so instead.

const PANEL = '[data-testid="ingest-panel"]';

let server: TestServer;
let browser: Browser;
let hostCookie: string;
const contexts: BrowserContext[] = [];

async function ingestOf(at: TestServer, cookie: string): Promise<IngestInfo> {
  const res = await fetch(`${at.url}/api/events/${DEMO_CAMERA_EVENT}/ingest`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return IngestInfo.parse(await res.json());
}

/** The host console of the camera event, signed in as `host` through the page's own request context. */
async function hostConsole(at: TestServer, errors: string[], phone = false): Promise<Page> {
  const context = await browser.newContext(
    phone ? { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true } : { viewport: { width: 1280, height: 800 }, bypassCSP: true },
  );
  contexts.push(context);
  // Copy writes to the clipboard without asking (a real click or key press in a focused page).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: at.url });
  const page = await context.newPage();
  collectPageErrors(page, errors);
  expect((await context.request.post(`${at.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } })).status()).toBe(200);
  await page.goto(`${at.url}/host/${DEMO_CAMERA_EVENT}`);
  await page.locator(PANEL).waitFor({ timeout: 20_000 });
  return page;
}

/** Selects a protocol's tab by keyboard: focus the selected tab, then arrow keys (automatic activation). */
async function selectTab(page: Page, protocol: 'whip' | 'rtmp' | 'srt'): Promise<void> {
  const order = ['whip', 'rtmp', 'srt'];
  await page.locator(`${PANEL} [role="tab"][aria-selected="true"]`).focus();
  const from = order.indexOf((await page.locator(`${PANEL} [role="tab"][aria-selected="true"]`).getAttribute('data-testid'))!.replace('ingest-tab-', ''));
  const to = order.indexOf(protocol);
  for (let i = from; i !== to; i += to > from ? 1 : -1) await page.keyboard.press(to > from ? 'ArrowRight' : 'ArrowLeft');
  await waitFor(async () => ((await page.getByTestId(`ingest-tab-${protocol}`).getAttribute('aria-selected')) === 'true' ? true : undefined), 5_000, `the ${protocol} tab`);
}

/** Presses Tab from where the focus is until `testId` has it; fails after `max` presses. */
async function tabTo(page: Page, testId: string, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => (document.activeElement as HTMLElement | null)?.dataset.testid === id, testId)) return;
  }
  throw new Error(`${testId} not reached by ${max} presses of Tab`);
}

/** Serious and critical axe violations inside the panel (the helper's script and rule tags, scoped). */
async function panelViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object'))) await page.addScriptTag({ path: AXE_SCRIPT });
  const found = await page.evaluate(
    async ({ tags, panel }) => {
      type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } }).axe;
      const result = await axe.run({ include: [[panel]] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
    },
    { tags: AXE_TAGS, panel: PANEL },
  );
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const value = (page: Page, testId: string) => page.getByTestId(testId).inputValue();
const typeOf = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('type');

beforeAll(async () => {
  server = await startTestServer({ rtmpPort: 0, srtPort: 0 });
  browser = await launchChromium();
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the broadcast software panel', () => {
  it('shows the RTMP server and hidden stream key and the hidden SRT URL as the API gives them, copies them by keyboard, and replaces all three on "New token"', async () => {
    expect(server.ingestPorts.rtmp, 'the RTMP listener').not.toBeNull();
    expect(server.ingestPorts.srt, 'the SRT listener').not.toBeNull();
    const errors: string[] = [];
    const page = await hostConsole(server, errors);
    const before = await ingestOf(server, hostCookie);
    expect(before.rtmp!.url).toMatch(new RegExp(`^rtmp://[^/]+:${server.ingestPorts.rtmp}/`));
    expect(before.srt!.url).toMatch(new RegExp(`^srt://[^/?]+:${server.ingestPorts.srt}\\?streamid=`));

    // WHIP first, as before.
    await page.getByTestId('ingest-url').waitFor({ timeout: 20_000 });
    expect(await value(page, 'ingest-url')).toBe(before.whip.url);
    expect(await typeOf(page, 'ingest-token')).toBe('password');
    expect(await value(page, 'ingest-token')).toBe(before.whip.token);

    await selectTab(page, 'rtmp');
    expect(await value(page, 'ingest-rtmp-url')).toBe(before.rtmp!.url);
    expect(await typeOf(page, 'ingest-rtmp-url')).toBe('text');
    expect(await value(page, 'ingest-rtmp-key')).toBe(before.rtmp!.streamKey);
    expect(await typeOf(page, 'ingest-rtmp-key')).toBe('password');
    // From the tab, by keyboard: the server's Copy, then the key's Show and Copy.
    await tabTo(page, 'ingest-rtmp-url-copy');
    await page.keyboard.press('Enter');
    await waitFor(async () => ((await page.evaluate(() => navigator.clipboard.readText())) === before.rtmp!.url ? true : undefined), 5_000, 'the server on the clipboard');
    await tabTo(page, 'ingest-rtmp-key-toggle');
    await page.keyboard.press('Enter');
    expect(await typeOf(page, 'ingest-rtmp-key')).toBe('text');
    await tabTo(page, 'ingest-rtmp-key-copy', 2);
    await page.keyboard.press('Enter');
    await waitFor(async () => ((await page.evaluate(() => navigator.clipboard.readText())) === before.rtmp!.streamKey ? true : undefined), 5_000, 'the key on the clipboard');

    await selectTab(page, 'srt');
    expect(await value(page, 'ingest-srt-url')).toBe(before.srt!.url);
    expect(await typeOf(page, 'ingest-srt-url')).toBe('password');
    await tabTo(page, 'ingest-srt-url-toggle');
    await tabTo(page, 'ingest-srt-url-copy', 2);
    await page.keyboard.press('Enter');
    await waitFor(async () => ((await page.evaluate(() => navigator.clipboard.readText())) === before.srt!.url ? true : undefined), 5_000, 'the SRT URL on the clipboard');
    // Still hidden: copying does not show it.
    expect(await typeOf(page, 'ingest-srt-url')).toBe('password');

    // New token: confirmed, then all three are new, shown, and what the API now says.
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('ingest-rotate').click();
    await waitFor(async () => ((await value(page, 'ingest-srt-url')) !== before.srt!.url ? true : undefined), 10_000, 'the new SRT URL');
    const after = await ingestOf(server, hostCookie);
    expect(after.whip.token).not.toBe(before.whip.token);
    expect(after.rtmp!.streamKey).not.toBe(before.rtmp!.streamKey);
    expect(after.srt!.url).not.toBe(before.srt!.url);
    expect(await value(page, 'ingest-srt-url')).toBe(after.srt!.url);
    expect(await typeOf(page, 'ingest-srt-url')).toBe('text');
    await selectTab(page, 'rtmp');
    expect(await value(page, 'ingest-rtmp-url')).toBe(after.rtmp!.url);
    expect(await value(page, 'ingest-rtmp-key')).toBe(after.rtmp!.streamKey);
    expect(await typeOf(page, 'ingest-rtmp-key')).toBe('text');
    await selectTab(page, 'whip');
    expect(await value(page, 'ingest-token')).toBe(after.whip.token);
    expect(await typeOf(page, 'ingest-token')).toBe('text');
    expect(errors).toEqual([]);
  });

  it('fits a 360x640 phone on every tab, and axe finds nothing in the panel', async () => {
    const errors: string[] = [];
    const page = await hostConsole(server, errors, true);
    await page.getByTestId('ingest-url').waitFor({ timeout: 20_000 });
    await page.locator(PANEL).scrollIntoViewIfNeeded();
    const problems: string[] = [];
    for (const protocol of ['whip', 'rtmp', 'srt'] as const) {
      await selectTab(page, protocol);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) problems.push(`[${protocol}] the page is ${width}px wide`);
      problems.push(...describeViolations(`phone, ${protocol}`, await panelViolations(page)));
    }
    // Shown secrets (long monospace values) must fit too.
    await page.getByTestId('ingest-srt-url-toggle').click();
    const shownWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (shownWidth > 360) problems.push(`[srt, shown] the page is ${shownWidth}px wide`);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says the server does not take RTMP or SRT, with no fields, where their listeners are off', async () => {
    const off = await startTestServer({ rtmpPort: null, srtPort: null });
    try {
      const errors: string[] = [];
      const info = await ingestOf(off, await signIn(off.url, 'host', HOST_PASSWORD));
      expect(info.rtmp).toBeNull();
      expect(info.srt).toBeNull();
      const page = await hostConsole(off, errors);
      await page.getByTestId('ingest-url').waitFor({ timeout: 20_000 });
      expect(await value(page, 'ingest-url')).toBe(info.whip.url);
      await selectTab(page, 'rtmp');
      expect(await page.getByTestId('ingest-rtmp-off').textContent()).toContain('RTMP_PORT');
      expect(await page.getByTestId('ingest-rtmp-url').count()).toBe(0);
      expect(await page.getByTestId('ingest-rtmp-key').count()).toBe(0);
      await selectTab(page, 'srt');
      expect(await page.getByTestId('ingest-srt-off').textContent()).toContain('SRT_PORT');
      expect(await page.getByTestId('ingest-srt-url').count()).toBe(0);
      expect(await panelViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await off.dispose();
    }
  });
});
