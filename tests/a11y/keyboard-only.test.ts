import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { makeAccount } from '../helpers/awards';
import { VIEWPORTS, contextAt } from './a11y-support';
import { DEMO_EXHIBITION, POLL_EVENT, makeWorld, type A11yWorld } from './a11y-fixtures';

// Issue 12, scope item 5: the whole visit by keyboard alone. No mouse or touch call anywhere in
// this file: only page.keyboard, navigation by URL once at the start, and reads of the DOM (where
// the focus is, what the page shows). A viewer signs in, opens an event from the lobby, sends a
// chat message, votes in the host's poll, then goes to the exhibition, switches the hall to its
// list view and opens a work's panel from it; Escape closes the panel and the focus comes back.
// On the way: the skip link, large text from the header's display menu (kept across a reload),
// and the screen-reader announcement of another person's chat message.

let world: A11yWorld;
let browser: Browser;

beforeAll(async () => {
  world = await makeWorld();
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await world?.server.dispose();
});

/** How many Tab presses `tabTo` tries before it gives up. */
const MAX_TABS = 120;
const DOM_MS = 20_000;

/** What has the focus, for failure messages: tag, test id, text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(body)';
    const id = el.getAttribute('data-testid');
    return `<${el.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ''}> ${(el.textContent ?? '').trim().slice(0, 40)}`;
  });
}

/** Whether the focused element matches `selector`. */
function focusIs(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/**
 * Presses Tab until the focused element matches `selector` (and fails, naming where the focus
 * went, when it never does). Every stop on the way must show a focus indicator: an outline or a
 * box shadow under :focus-visible.
 */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(key);
    const where = await focused(page);
    path.push(where);
    const visible = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || !el.matches(':focus-visible')) return true;
      const style = getComputedStyle(el);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    });
    expect(visible, `no visible focus indicator on ${where}`).toBe(true);
    if (await focusIs(page, selector)) return;
  }
  throw new Error(`${key} never reached ${selector}; the focus went: ${path.join(' → ')}`);
}

/** Moves the focus to `selector` by Tab unless it is there already (an autofocused field). */
async function focusOn(page: Page, selector: string): Promise<void> {
  if (!(await focusIs(page, selector))) await tabTo(page, selector);
}

describe('the visit by keyboard alone', () => {
  it('signs in, opens an event, chats, votes in a poll and opens a work from the hall list view', async () => {
    const errors: string[] = [];
    const visitor = await makeAccount(world.server, world.admin, 'keyboard-visitor');
    const context = await contextAt(browser, world.server.url, VIEWPORTS[0]!);
    try {
      const page = await context.newPage();
      collectPageErrors(page, errors);
      await page.goto(`${world.server.url}/`);
      await page.locator('[data-testid="event-card"]').first().waitFor({ timeout: DOM_MS });

      // The first Tab stop is the skip link; it moves the focus to the main content.
      await page.keyboard.press('Tab');
      expect(await focusIs(page, 'a[data-testid="skip-link"]'), await focused(page)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
      await page.keyboard.press('Enter');
      expect(await focusIs(page, 'main#main'), await focused(page)).toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('main') !== null), await focused(page)).toBe(true);

      // Back to the header's sign-in link, and sign in.
      await tabTo(page, 'header a[href^="/sign-in"]', 'Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByTestId('sign-in-form').waitFor({ timeout: DOM_MS });
      await focusOn(page, '[data-testid="sign-in-form"] input[autocomplete="username"]');
      await page.keyboard.type(visitor.username);
      await tabTo(page, 'input[type="password"]');
      await page.keyboard.type(`${visitor.username}-password`);
      await page.keyboard.press('Enter');
      await page.getByTestId('nav-account').waitFor({ timeout: DOM_MS });
      await page.waitForURL((url) => url.pathname === '/', { timeout: DOM_MS });

      // Large text from the header's display menu; it holds for the rest of the visit.
      await tabTo(page, '[data-testid="display-menu"] summary');
      await page.keyboard.press('Enter');
      await tabTo(page, '[data-testid="display-large-text"]');
      await page.keyboard.press('Space');
      await page.waitForFunction(() => document.documentElement.dataset.text === 'large', null, { timeout: DOM_MS });
      await page.keyboard.press('Escape');
      expect(await focusIs(page, '[data-testid="display-menu"] summary'), await focused(page)).toBe(true);
      expect(await page.evaluate(() => document.querySelector('details[data-testid="display-menu"]')?.hasAttribute('open'))).toBe(false);

      // Open the event from the lobby.
      await page.locator('[data-testid="event-card"]').first().waitFor({ timeout: DOM_MS });
      await tabTo(page, `a[href="/events/${POLL_EVENT}"]`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/events/${POLL_EVENT}`, { timeout: DOM_MS });

      // Send a chat message.
      const input = page.locator('[data-testid="chat-input"]:enabled');
      await input.waitFor({ timeout: DOM_MS });
      await tabTo(page, '[data-testid="chat-input"]');
      await page.keyboard.type('键盘也能聊天');
      // Enter submits the form only once its send button is enabled: the input takes text before
      // the chat's socket has connected, the button waits for it (a loaded machine shows the gap).
      await page.locator('[data-testid="chat-send"]:enabled').waitFor({ timeout: DOM_MS });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="chat-log"]', { hasText: '键盘也能聊天' }).waitFor({ timeout: DOM_MS });
      // Someone else's message is announced to screen readers (the viewer's own is not).
      await world.hostSays('欢迎各位来到音乐会');
      await page.locator('[data-testid="chat-announcer"]', { hasText: '欢迎各位来到音乐会' }).waitFor({ timeout: DOM_MS });
      expect(await page.getByTestId('chat-announcer').textContent()).not.toContain('键盘也能聊天');

      // Vote in the host's poll.
      await page.getByTestId('poll-card').waitFor({ timeout: DOM_MS });
      await tabTo(page, '[data-testid="poll-option-1"]');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="poll-result-1"][data-votes="1"]').waitFor({ timeout: DOM_MS });

      // Back to the lobby through the header, then into the exhibition.
      await tabTo(page, 'header nav a[href="/"]');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/', { timeout: DOM_MS });
      await page.getByTestId('lobby-exhibitions').waitFor({ timeout: DOM_MS });
      await tabTo(page, `a[href="/exhibitions/${DEMO_EXHIBITION}"]`);
      await page.keyboard.press('Enter');
      await page.getByTestId('exhibition-page').waitFor({ timeout: DOM_MS });

      // The hall's list view, and a work's panel opened from it.
      await tabTo(page, '[data-testid="hall-view-toggle"]');
      await page.keyboard.press('Enter');
      await page.getByTestId('hall-work-list').waitFor({ timeout: DOM_MS });
      expect(new URL(page.url()).searchParams.get('view')).toBe('list');
      await tabTo(page, '[data-testid="hall-work-open"]');
      const placementId = await page.evaluate(() => document.activeElement?.getAttribute('data-placement-id'));
      expect(placementId).toBeTruthy();
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid="work-panel"][data-placement-id="${placementId}"]`).waitFor({ timeout: DOM_MS });
      // The panel takes the focus (its title), and the URL names the work.
      await page.waitForFunction(() => document.activeElement?.closest('[data-testid="work-panel"]') != null, null, { timeout: DOM_MS });
      expect(new URL(page.url()).searchParams.get('work')).toBe(placementId);
      const title = await page.getByTestId('work-title').textContent();
      expect(title?.trim()).toBeTruthy();
      expect(await page.locator(`[data-testid="hall-work-open"][data-placement-id="${placementId}"]`).getAttribute('aria-label')).toContain(title!.trim());

      // Escape closes it; the focus returns to the button that opened it.
      await page.keyboard.press('Escape');
      await page.getByTestId('work-panel').waitFor({ state: 'detached', timeout: DOM_MS });
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-placement-id') === id, placementId, { timeout: DOM_MS });

      // The display setting outlives a reload.
      await page.reload();
      await page.getByTestId('hall-work-list').waitFor({ timeout: DOM_MS });
      expect(await page.evaluate(() => document.documentElement.dataset.text)).toBe('large');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
