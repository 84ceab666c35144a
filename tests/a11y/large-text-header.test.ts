import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { seededAccount, type Account } from '../helpers/awards';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { DISPLAY_KEY, LOCALE_KEY, VIEWPORTS, contextAt, waitForContent } from './a11y-support';

// 适老化: with the display menu's large text on, the site header still fits a 360 px phone, in
// one row. The header's tools (display menu, language switch, sign-in or sign-out) sat in one
// row that large text widened to 419 px (zh-CN) and 528 px (English), past the screen's edge. On
// a phone the sign-in or sign-out is now in the menu button and the language switch in the
// display menu. (This machine has no CJK font, so Chinese words measure narrower here than on a
// phone; the English runs measure Latin text as it is.)

const PHONE = VIEWPORTS.find((v) => v.phone)!;

let server: TestServer;
let browser: Browser;
let admin: Account;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  admin = await seededAccount(server, 'admin');
}, 120_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

/** A phone context with large text on and the language given, signed in with `cookie` unless anonymous. */
async function largeTextPhone(locale: string, cookie?: string): Promise<BrowserContext> {
  const context = await contextAt(browser, server.url, PHONE, cookie);
  contexts.push(context);
  await context.addInitScript(
    ([displayKey, localeKey, lng]) => {
      window.localStorage.setItem(displayKey!, JSON.stringify({ largeText: true, highContrast: false }));
      window.localStorage.setItem(localeKey!, lng!);
    },
    [DISPLAY_KEY, LOCALE_KEY, locale],
  );
  return context;
}

const WORDS = {
  'zh-CN': { menu: '菜单', signIn: '登录', signOut: '退出登录', display: '显示', language: '语言' },
  en: { menu: 'Menu', signIn: 'Sign in', signOut: 'Sign out', display: 'Display', language: 'Language' },
} as const;

describe('the header at large text on a 360 px phone', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const signedIn of [false, true]) {
      it(`fits in one row, ${signedIn ? 'signed in' : 'signed out'}, in ${locale}: no sideways scroll, every control on screen and at least 44 px, sign-in or sign-out in the menu`, async () => {
        const words = WORDS[locale];
        const page = await (await largeTextPhone(locale, signedIn ? admin.cookie : undefined)).newPage();
        await page.goto(`${server.url}/`);
        await waitForContent(page, 'h1');
        const menuButton = page.getByRole('button', { name: words.menu });
        await menuButton.waitFor({ state: 'visible', timeout: 10_000 });
        const found = await page.evaluate((width) => {
          const header = document.querySelector('header')!;
          // What is on screen: not display:none, not hidden, not inside a folded <details>.
          const controls = [...header.querySelectorAll<HTMLElement>('a[href], button, select, summary')].filter((el) => {
            const box = el.getBoundingClientRect();
            return el.checkVisibility({ visibilityProperty: true }) && box.width > 1 && box.height > 1;
          });
          const name = (el: HTMLElement) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
          const middles = controls.map((el) => el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2);
          return {
            large: document.documentElement.dataset.text,
            // Against the phone's width: a mobile browser widens its layout viewport to fit what overflows.
            pageWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
            headerWidth: header.scrollWidth,
            offScreen: controls.filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5).map(name),
            small: controls.filter((el) => el.getBoundingClientRect().width + 0.5 < 44 || el.getBoundingClientRect().height + 0.5 < 44).map(name),
            // One row: every control's middle at the same height (to a pixel), in a header of one row's height.
            oneRow: Math.max(...middles) - Math.min(...middles) <= 1 && Math.round(header.getBoundingClientRect().height) === parseFloat(getComputedStyle(header).getPropertyValue('--header-height')),
          };
        }, PHONE.width);
        expect(found).toEqual({ large: 'large', pageWidth: PHONE.width, headerWidth: PHONE.width, offScreen: [], small: [], oneRow: true });

        // The account's control is the menu's last item.
        await menuButton.tap();
        const items = page.getByRole('menu').getByRole('menuitem');
        await items.first().waitFor({ state: 'visible', timeout: 10_000 });
        expect((await items.allTextContents()).at(-1)).toBe(signedIn ? words.signOut : words.signIn);
        await page.keyboard.press('Escape');
        await page.getByRole('menu').waitFor({ state: 'detached', timeout: 10_000 });

        // The language switch is in the display menu, labelled, and still switches the language.
        await page.locator('[data-testid="display-menu"] summary').tap();
        const language = page.getByLabel(words.language);
        expect(await language.isVisible()).toBe(true);
        expect(await page.locator('[data-testid="display-menu"] [data-testid="language-switch"]').count()).toBe(1);
        await language.selectOption(locale === 'en' ? 'zh-CN' : 'en');
        const other = WORDS[locale === 'en' ? 'zh-CN' : 'en'];
        await page.getByRole('button', { name: other.menu }).waitFor({ state: 'visible', timeout: 10_000 });
      }, 60_000);
    }
  }
});
