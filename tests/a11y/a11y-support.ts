import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

// Shared by the accessibility suites: the two viewports every route is checked at, a context
// signed in with a session cookie, and axe-core run inside the page.

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into pages as a script (see axeViolations). */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** A viewport to check a route at. */
export interface Viewport {
  name: string;
  width: number;
  height: number;
  /** Phone emulation: isMobile and hasTouch. */
  phone: boolean;
}

/** The desktop and the phone viewport of the issue's acceptance (1280x800, 360x640 with touch). */
export const VIEWPORTS: readonly Viewport[] = [
  { name: 'desktop 1280x800', width: 1280, height: 800, phone: false },
  { name: 'phone 360x640', width: 360, height: 640, phone: true },
];

/** The app's stored language choice (localStorage key); pages default to zh-CN without it. */
export const LOCALE_KEY = 'yunzhan.locale';
/** The display settings' localStorage key (client/src/app/display-settings.ts). */
export const DISPLAY_KEY = 'yunzhan.display';

/** Rule tags axe runs: WCAG 2.0 and 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * A browser context at `viewport`, signed in with `cookie` (`name=value`) unless anonymous.
 * `forAxe` bypasses the app's Content-Security-Policy, which (script-src 'self') would refuse
 * axe-core's script tag.
 */
export async function contextAt(browser: Browser, baseUrl: string, viewport: Viewport, cookie?: string, forAxe = false): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    bypassCSP: forAxe,
    ...(viewport.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  if (cookie) {
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  }
  return context;
}

/** One axe violation as the test reports it. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (injected from node_modules) and returns its serious and critical violations. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT });
  const found = await page.evaluate(async (tags) => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, AXE_TAGS);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The violations as readable lines: `[viewport] id (impact): help — targets`. */
export function describeViolations(where: string, violations: readonly Violation[]): string[] {
  return violations.map((v) => `[${where}] ${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 8).join(' ')}${v.targets.length > 8 ? ` (+${v.targets.length - 8} more)` : ''}`);
}

/**
 * Waits until a page has rendered its main content: `ready` is visible, the page has its one
 * h1, nothing in <main> is marked aria-busy, and the network has been quiet briefly.
 */
export async function waitForContent(page: Page, ready: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await page.locator('h1').first().waitFor({ state: 'attached', timeout: timeoutMs });
    await page.waitForFunction(() => document.querySelector('main [aria-busy="true"]') === null, null, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    // Say what the page showed instead, so a failure tells a missing page from a slow one.
    const shown = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 600)).catch(() => '(unreadable)');
    throw new Error(`${(err as Error).message}\nThe page at ${page.url()} showed: ${shown}`);
  }
  // Lazily loaded parts (fonts, chunks, images) settle; a socket.io websocket does not count.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}
