import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seededAccount, type Account } from '../helpers/awards';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { DISPLAY_KEY, LOCALE_KEY } from './a11y-support';

// The site header never makes the page scroll sideways, at any width from a small phone to a
// desktop, whoever is signed in, in either language and at either text size, and every link of
// the role stays reachable: in the header's row when they all fit there, else in the menu button.
// An admin has seven links, English words are longer than Chinese ones and large text widens
// everything: at 640 px (a phone on its side) an admin's header was 723 px wide. Overflow is
// measured against documentElement.clientWidth: under phone emulation a wider page widens
// window.innerWidth to fit it. (This machine has no CJK font, so Chinese words measure narrower
// here than on a phone; the English runs measure Latin text as it is.)

/** The widths swept, CSS px: phones upright and sideways, tablets, a small and a usual desktop. */
const WIDTHS = [320, 360, 480, 568, 640, 740, 800, 900, 1024, 1280];
const HEIGHT = 640;

let server: TestServer;
let browser: Browser;
let admin: Account;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  admin = await seededAccount(server, 'admin');
}, 120_000);
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

const WORDS = {
  'zh-CN': { links: ['大厅', '评选', '上传', '作品库', '策展', '审核', '任务'], signIn: '登录', signOut: '退出登录', menu: '菜单' },
  en: { links: ['Lobby', 'Awards', 'Upload', 'Works', 'Curate', 'Reviews', 'Jobs'], signIn: 'Sign in', signOut: 'Sign out', menu: 'Menu' },
} as const;

/** A context with the language and text size stored, a touch phone or a mouse desktop, signed in with `cookie` unless anonymous. */
async function contextFor(locale: string, largeText: boolean, touch: boolean, cookie?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 640, height: HEIGHT }, ...(touch ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  contexts.push(context);
  if (cookie) {
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  await context.addInitScript(
    ([displayKey, localeKey, lng, large]) => {
      window.localStorage.setItem(displayKey!, JSON.stringify({ largeText: large === 'large', highContrast: false }));
      window.localStorage.setItem(localeKey!, lng!);
    },
    [DISPLAY_KEY, LOCALE_KEY, locale, largeText ? 'large' : 'normal'],
  );
  return context;
}

/** Waits until the window has the viewport's width and the header's controls and the page's width are unchanged over two animation frames. */
async function settle(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.evaluate(() => delete (window as unknown as { __headerLayout?: string }).__headerLayout);
  await page.waitForFunction(
    (w) => {
      if (document.documentElement.clientWidth !== w || document.fonts.status !== 'loaded') return false;
      const header = document.querySelector('header');
      if (!header) return false;
      const boxes = [...header.querySelectorAll('a, button, select, summary, nav')].map((el) => {
        const r = el.getBoundingClientRect();
        return `${r.x},${r.y},${r.width},${r.height}`;
      });
      const layout = `${(document.scrollingElement ?? document.documentElement).scrollWidth}|${boxes.join(';')}`;
      const win = window as unknown as { __headerLayout?: string };
      const still = win.__headerLayout === layout;
      win.__headerLayout = layout;
      return still;
    },
    width,
    { polling: 'raf', timeout: 15_000 },
  );
}

/** What the header shows: the page's and the header's sideways overflow, controls past an edge, and the links in its row (null when the row's links are hidden). */
function headerState(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const header = document.querySelector('header')!;
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      return el.checkVisibility({ visibilityProperty: true }) && box.width > 1 && box.height > 1;
    };
    const name = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim();
    const controls = [...header.querySelectorAll('a[href], button, select, summary')].filter(shown);
    const nav = header.querySelector('nav')!;
    return {
      overflow: Math.max(0, (document.scrollingElement ?? document.documentElement).scrollWidth - width),
      headerOverflow: Math.max(0, header.scrollWidth - header.clientWidth),
      offScreen: controls.filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5).map(name),
      inline: shown(nav) ? [...nav.querySelectorAll('a[href]')].filter(shown).map(name) : null,
    };
  });
}

describe('the header at every width', () => {
  const cases = [
    { role: 'admin', locale: 'en', touch: true },
    { role: 'admin', locale: 'zh-CN', touch: true },
    { role: 'anonymous', locale: 'en', touch: true },
    { role: 'anonymous', locale: 'zh-CN', touch: true },
    { role: 'admin', locale: 'en', touch: false },
    { role: 'admin', locale: 'zh-CN', touch: false },
  ] as const;
  for (const { role, locale, touch } of cases) {
    for (const largeText of [false, true]) {
      it(`${role}, ${locale}, ${largeText ? 'large' : 'normal'} text, ${touch ? 'touch phone' : 'mouse'}: from ${WIDTHS[0]} to ${WIDTHS.at(-1)} px and back, no sideways scroll and every link in the row or in the menu`, async () => {
        const words = WORDS[locale];
        const expected = role === 'admin' ? [...words.links] : words.links.slice(0, 2);
        const account = role === 'admin' ? words.signOut : words.signIn;
        const page = await (await contextFor(locale, largeText, touch, role === 'admin' ? admin.cookie : undefined)).newPage();
        // First a fresh load at 640 px (the reported width), then the sweep up and down by resizing.
        await page.goto(`${server.url}/`);
        await page.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
        // Until the session is known the header is busy and shows a visitor's links.
        await page.locator('header:not([aria-busy])').waitFor({ state: 'attached', timeout: 30_000 });
        const problems: string[] = [];
        for (const width of [640, ...WIDTHS, ...[...WIDTHS].reverse()]) {
          await page.setViewportSize({ width, height: HEIGHT });
          await settle(page);
          const state = await headerState(page);
          if (state.overflow > 0) problems.push(`${width}: the page scrolls sideways by ${state.overflow}px`);
          if (state.headerOverflow > 0) problems.push(`${width}: the header's content is ${state.headerOverflow}px wider than the header`);
          if (state.offScreen.length > 0) problems.push(`${width}: off screen: ${state.offScreen.join(', ')}`);
          if (state.inline !== null) {
            if (JSON.stringify(state.inline) !== JSON.stringify(expected)) problems.push(`${width}: the row shows ${JSON.stringify(state.inline)}`);
            continue;
          }
          // The links are not in the row: the menu button has them all, and the account's control last.
          const button = page.getByRole('button', { name: words.menu });
          if (!(await button.isVisible())) {
            problems.push(`${width}: neither the links nor the menu button show`);
            continue;
          }
          await button.click();
          const items = page.getByRole('menu').getByRole('menuitem');
          const opened = await items
            .first()
            .waitFor({ state: 'visible', timeout: 10_000 })
            .then(() => true)
            .catch(async () => {
              const header = await page.locator('header').innerHTML();
              problems.push(`${width}: the menu did not open; the header: ${header.slice(0, 1500)}`);
              return false;
            });
          if (!opened) break;
          const listed = await items.allTextContents();
          if (JSON.stringify(listed) !== JSON.stringify([...expected, account])) problems.push(`${width}: the menu lists ${JSON.stringify(listed)}`);
          await page.keyboard.press('Escape');
          await page.getByRole('menu').waitFor({ state: 'detached', timeout: 10_000 });
        }
        expect(problems).toEqual([]);
        // A desktop at normal text has the room: the links are in the row, not behind the menu button.
        if (!largeText) {
          await page.setViewportSize({ width: 1280, height: HEIGHT });
          await settle(page);
          expect((await headerState(page)).inline).toEqual(expected);
        }
      }, 120_000);
    }
  }
});
