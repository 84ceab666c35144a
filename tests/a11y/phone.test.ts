import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { buildProgramme, call, category, expectStatus, makeAccount, makeWorks, seededAccount, BEHIND_PROXY, type Account } from '../helpers/awards';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from '../helpers/browser';
import { startTestServer, waitFor, type TestServer } from '../helpers/server';
import { oneWorkLayout } from '../integration/support';

// Phones first (issue 12, scope item 6): real Chromium at 360x640 with isMobile and touch. Every
// main route scrolls only vertically and its visible controls are at least 44x44 CSS px; a
// visitor watches a live, walks a hall with the on-screen joystick by touch, and votes by tap.

const PHONE = { width: 360, height: 640 };
/** The same phone turned sideways. */
const LANDSCAPE = { width: PHONE.height, height: PHONE.width };
/** The smallest touch target, CSS px (WCAG 2.5.5, and the rule). */
const TARGET = 44;

let server: TestServer;
let browser: Browser;
let admin: Account;
let voter: Account;
let programmeId: string;
let categoryId: string;
let entryId: string;
const contexts: BrowserContext[] = [];

async function phone(cookie?: string, size = PHONE): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: size, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  contexts.push(context);
  if (cookie) {
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  return context;
}

/** What counts as a control (a touch target) on a page. */
const CONTROLS =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="slider"], [role="menuitem"], [tabindex]:not([tabindex="-1"])';

/** A control that breaks the phone rules: what it is and its size. */
interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * The page's horizontal overflow (scrollWidth - the layout viewport's width, 0 when none) and its visible
 * interactive controls smaller than TARGET in either direction. Links inside running text are
 * WCAG 2.5.8's inline exception and are not counted; neither is a control covered by a larger
 * tappable element that carries it (a label around a visually hidden input).
 */
function phoneProblems(page: Page): Promise<{ overflow: number; small: SmallTarget[] }> {
  return page.evaluate(([target, selector]) => {
    const scroller = document.scrollingElement ?? document.documentElement;
    // Against documentElement.clientWidth, the phone's width: under phone emulation (as on a real
    // phone) a page wider than the screen widens window.innerWidth to fit it, up to 4x.
    const overflow = Math.max(0, scroller.scrollWidth - document.documentElement.clientWidth);
    const small: { what: string; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[aria-hidden="true"], [inert]')) continue;
      const box = el.getBoundingClientRect();
      // Visually hidden (the skip link until focused, inputs styled through their label): not a target of its own.
      if (box.width <= 1 || box.height <= 1) continue;
      // Inline links in running text.
      if (el.tagName === 'A' && style.display === 'inline' && el.parentElement && /^(P|LI|DD|SPAN|SMALL)$/.test(el.parentElement.tagName) && (el.parentElement.textContent ?? '').trim().length > (el.textContent ?? '').trim().length) continue;
      // A control inside a label that is itself big enough (checkbox rows).
      const label = el.closest('label');
      if (label) {
        const l = label.getBoundingClientRect();
        if (l.width >= target && l.height >= target) continue;
      }
      if (box.width + 0.5 < target || box.height + 0.5 < target) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 30);
        const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '';
        small.push({ what: `${el.tagName.toLowerCase()}${id} "${name}"`, width: Math.round(box.width), height: Math.round(box.height) });
      }
    }
    return { overflow, small };
  }, [TARGET, CONTROLS] as const);
}

/**
 * Waits for a route's main content at the page's current viewport: its ready element and h1,
 * nothing in <main> still busy, the web fonts loaded, and then the layout at rest: the window at the
 * viewport's size and the page's width and every control's box the same over two animation
 * frames in a row (after a load, or after the phone is turned with setViewportSize).
 */
async function settle(page: Page, ready: string): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  const size = page.viewportSize()!;
  await page.evaluate(() => delete (window as unknown as { __phoneLayout?: string }).__phoneLayout);
  await page.waitForFunction(
    ([width, height, selector]) => {
      if (document.documentElement.clientWidth !== width || document.documentElement.clientHeight !== height) return false;
      if (document.querySelector('h1') === null || document.querySelector('main [aria-busy="true"]') !== null) return false;
      if (document.fonts.status !== 'loaded') return false;
      const scroller = document.scrollingElement ?? document.documentElement;
      const boxes = [...document.querySelectorAll(selector)].map((el) => {
        const r = el.getBoundingClientRect();
        return `${r.x},${r.y},${r.width},${r.height}`;
      });
      const layout = `${scroller.scrollWidth}|${boxes.join(';')}`;
      const w = window as unknown as { __phoneLayout?: string };
      const still = w.__phoneLayout === layout;
      w.__phoneLayout = layout;
      return still;
    },
    [size.width, size.height, CONTROLS] as const,
    { polling: 'raf', timeout: 30_000 },
  );
}

beforeAll(async () => {
  // The rehearsal pattern is the live whose stream runs (the demo rehearsal event).
  server = await startTestServer({ rehearsal: true, seedExhibition: false, ...BEHIND_PROXY });
  // The fake-media flags let the stream autoplay with sound settings as a test needs.
  browser = await launchChromium(true);
  admin = await seededAccount(server, 'admin');
  const curator = await seededAccount(server, 'curator');
  const works = await makeWorks(server, curator, 2, 'Phone');
  expectStatus(
    await call(server, 'POST', '/api/exhibitions', { cookie: curator.cookie, body: { id: 'phone-show', title: { 'zh-CN': '手机展', en: 'Phone show' }, templateId: 'white-cube' } }),
    201,
    'create exhibition',
  );
  expectStatus(await call(server, 'PUT', '/api/exhibitions/phone-show/draft', { cookie: curator.cookie, body: { baseRevision: 0, layout: oneWorkLayout(works[0]!.id) } }), 200, 'save');
  expectStatus(await call(server, 'POST', '/api/exhibitions/phone-show/submit', { cookie: curator.cookie }), 200, 'submit');
  expectStatus(await call(server, 'POST', '/api/exhibitions/phone-show/review', { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve');
  const built = await buildProgramme(server, admin, { id: 'phone-awards', categories: [category('best')], entries: { best: works }, phase: 'voting' });
  programmeId = built.programme.id;
  categoryId = 'best';
  entryId = built.entries.best![0]!.id;
  voter = await makeAccount(server, admin, 'phone-voter');
}, 180_000);
// Each test's pages close with it: a hall left rendering in software GL, or a live left playing,
// would take the CPU from every test after it.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('phones at 360x640 with touch', () => {
  it('watches the live in the theatre, and the share poster opens with its QR code', async () => {
    const errors: string[] = [];
    const page = await (await phone()).newPage();
    collectPageErrors(page, errors);
    await page.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 60_000 });
    // A phone opens the plain 2D player (the 3D room is a tap away on the toggle): the picture plays.
    await page.locator('[data-testid="theatre-viewport"][data-view-mode="2d"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('toggle-2d').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('toggle-2d').isEnabled()).toBe(true);
    await page.getByTestId('stream-video').waitFor({ state: 'visible', timeout: 10_000 });
    // The machine may be shared: generous, it is not a timing assertion.
    await waitForPlayingVideo(page, 60_000);
    const video = await page.getByTestId('stream-video').boundingBox();
    expect(video).not.toBeNull();
    expect(video!.x).toBeGreaterThanOrEqual(0);
    expect(video!.x + video!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
    // Turned to landscape, it still fits and plays on.
    await page.setViewportSize(LANDSCAPE);
    await waitForPlayingVideo(page, 15_000);
    expect(await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: /^分享/ }).tap();
    const poster = page.getByTestId('share-poster');
    await poster.waitFor({ timeout: 15_000 });
    expect(await poster.getAttribute('alt')).toContain('二维码');
    const drawn = await poster.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
    expect(drawn).toEqual({ w: 720, h: 1080 });
    expect(await page.getByRole('link', { name: '保存图片' }).getAttribute('download')).toMatch(/\.png$/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('walks the hall by dragging the on-screen joystick with a finger', async () => {
    const page = await (await phone()).newPage();
    await page.goto(`${server.url}/exhibitions/phone-show`);
    await page.waitForFunction(() => window.__yunzhanHall?.ready === true, null, { timeout: 90_000, polling: 250 });
    const joystick = page.getByTestId('joystick');
    await joystick.waitFor({ state: 'visible' });
    const box = (await joystick.boundingBox())!;
    const start = await page.evaluate(() => window.__yunzhanHall!.camera);
    // A real touch sequence (touchstart, moves, hold, touchend) through the DevTools protocol.
    const cdp: CDPSession = await page.context().newCDPSession(page);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    // What a finger there touches, and the pointer events the page gets (for the failure message).
    const onTop = await page.evaluate(([px, py]) => {
      const el = document.elementFromPoint(px!, py!);
      const w = window as unknown as { __phonePointers: string[] };
      w.__phonePointers = [];
      for (const type of ['pointerdown', 'pointermove', 'pointercancel', 'pointerup']) {
        document.addEventListener(type, (e) => w.__phonePointers.push(`${type}:${(e as PointerEvent).pointerType}:${(e.target as Element).className}`), true);
      }
      return el ? { what: `${el.tagName}.${el.className}`, inJoystick: el.closest('[data-testid="joystick"]') !== null } : null;
    }, [x, y]);
    // Nothing covers the joystick where the thumb goes (the hall chat once did, on a phone).
    expect(onTop?.inJoystick, `touched ${onTop?.what}`).toBe(true);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 1 }] });
    for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 10, id: 1 }] });
    let last = start;
    await waitFor(
      async () => {
        last = await page.evaluate(() => window.__yunzhanHall!.camera);
        return Math.hypot(last.x - start.x, last.z - start.z) > 0.5;
      },
      45_000,
      'the visitor to walk',
    ).catch(async (err: Error) => {
      const stats = await page.evaluate(() => ({
        fps: window.__yunzhanHall?.fps,
        knob: document.querySelector<HTMLElement>('[data-testid="joystick-knob"]')?.style.transform,
        pointers: (window as unknown as { __phonePointers: string[] }).__phonePointers.slice(0, 8),
      }));
      throw new Error(`${err.message}; from ${JSON.stringify(start)} to ${JSON.stringify(last)}, touched ${onTop?.what}, ${JSON.stringify(stats)}`);
    });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // Let go: the visitor stops.
    await page.waitForTimeout(500);
    const stopped = await page.evaluate(() => window.__yunzhanHall!.camera);
    await page.waitForTimeout(700);
    const later = await page.evaluate(() => window.__yunzhanHall!.camera);
    expect(Math.hypot(later.x - stopped.x, later.z - stopped.z)).toBeLessThan(0.05);
    // Forward is the way the visitor faces (yaw 0 looks along -z).
    const moved = { x: stopped.x - start.x, z: stopped.z - start.z };
    const forward = { x: -Math.sin(start.yaw), z: -Math.cos(start.yaw) };
    expect(moved.x * forward.x + moved.z * forward.z).toBeGreaterThan(0.5);
    // Landscape: the joystick is still there and inside the screen.
    await page.setViewportSize(LANDSCAPE);
    const turned = (await joystick.boundingBox())!;
    expect(turned.y + turned.height).toBeLessThanOrEqual(PHONE.width);
    const coveredBy = await page.evaluate(
      ([px, py]) => {
        const el = document.elementFromPoint(px!, py!);
        return el ? { what: `${el.tagName}.${el.className}`, inJoystick: el.closest('[data-testid="joystick"]') !== null } : null;
      },
      [turned.x + turned.width / 2, turned.y + turned.height / 2],
    );
    expect(coveredBy?.inJoystick, `touched ${coveredBy?.what}`).toBe(true);
  }, 150_000);

  it('in landscape (640x360) the theatre shows the whole picture and the hall walks by joystick', async () => {
    const landscape = LANDSCAPE;
    const context = await phone(undefined, landscape);

    // The theatre, opened sideways: the 2D player plays, and scrolled to it the whole picture is on
    // screen under the sticky header; nothing scrolls sideways and every control is a 44 px target.
    const theatre = await context.newPage();
    await theatre.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await theatre.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 60_000 });
    await theatre.locator('[data-testid="theatre-viewport"][data-view-mode="2d"]').waitFor({ timeout: 10_000 });
    await waitForPlayingVideo(theatre, 60_000);
    const viewport = theatre.getByTestId('theatre-viewport');
    await viewport.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const header = (await theatre.locator('#root header').first().boundingBox())!;
    const picture = (await viewport.boundingBox())!;
    expect(picture.x).toBeGreaterThanOrEqual(0);
    expect(picture.x + picture.width).toBeLessThanOrEqual(landscape.width + 0.5);
    expect(picture.y, 'the picture starts below the header').toBeGreaterThanOrEqual(header.y + header.height - 0.5);
    expect(picture.y + picture.height).toBeLessThanOrEqual(landscape.height + 0.5);
    expect(await phoneProblems(theatre)).toEqual({ overflow: 0, small: [] });

    // The hall, opened sideways: the joystick is on screen, nothing covers it, and a thumb on it walks.
    const hall = await context.newPage();
    await hall.goto(`${server.url}/exhibitions/phone-show`);
    await hall.waitForFunction(() => window.__yunzhanHall?.ready === true, null, { timeout: 90_000, polling: 250 });
    const joystick = hall.getByTestId('joystick');
    await joystick.waitFor({ state: 'visible' });
    const stick = (await joystick.boundingBox())!;
    expect(stick.x).toBeGreaterThanOrEqual(0);
    expect(stick.y + stick.height).toBeLessThanOrEqual(landscape.height);
    const x = stick.x + stick.width / 2;
    const y = stick.y + stick.height / 2;
    const onTop = await hall.evaluate(([px, py]) => {
      const el = document.elementFromPoint(px!, py!);
      return el ? { what: `${el.tagName}.${el.className}`, inJoystick: el.closest('[data-testid="joystick"]') !== null } : null;
    }, [x, y]);
    expect(onTop?.inJoystick, `touched ${onTop?.what}`).toBe(true);
    const start = await hall.evaluate(() => window.__yunzhanHall!.camera);
    const cdp: CDPSession = await context.newCDPSession(hall);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 1 }] });
    for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 10, id: 1 }] });
    let last = start;
    await waitFor(
      async () => {
        last = await hall.evaluate(() => window.__yunzhanHall!.camera);
        return Math.hypot(last.x - start.x, last.z - start.z) > 0.5;
      },
      45_000,
      'the visitor to walk in landscape',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; from ${JSON.stringify(start)} to ${JSON.stringify(last)}`);
    });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    expect(await phoneProblems(hall)).toEqual({ overflow: 0, small: [] });
  }, 180_000);

  it('votes by tapping a nominee', async () => {
    const page = await (await phone(voter.cookie)).newPage();
    await page.goto(`${server.url}/awards/${programmeId}`);
    const vote = page.getByTestId(`award-vote-${entryId}`);
    await vote.waitFor({ state: 'visible', timeout: 30_000 });
    await vote.tap();
    await waitFor(
      async () => {
        // The account's votes per category.
        const mine = await call<Record<string, string[]>>(server, 'GET', `/api/awards/${programmeId}/votes/mine`, { cookie: voter.cookie });
        return mine.status === 200 && (mine.body[categoryId] ?? []).includes(entryId);
      },
      15_000,
      'the vote to count',
    );
    // The page says so: the button is pressed and disabled.
    await page.locator(`[data-testid="award-vote-${entryId}"][aria-pressed="true"]`).waitFor({ timeout: 15_000 });
    expect(await vote.isDisabled()).toBe(true);
  }, 60_000);

  it('reaches the pages through the header menu by tap, with the links of the role', async () => {
    // A viewer: the header's links are hidden at this width; the menu button stands for them.
    const viewerPage = await (await phone(voter.cookie)).newPage();
    await viewerPage.goto(`${server.url}/`);
    await settle(viewerPage, 'h1');
    expect(await viewerPage.locator('header nav').isVisible()).toBe(false);
    const trigger = viewerPage.getByRole('button', { name: '菜单' });
    expect(await trigger.isVisible()).toBe(true);
    const box = (await trigger.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(TARGET);
    expect(box.height).toBeGreaterThanOrEqual(TARGET);
    await trigger.tap();
    const menu = viewerPage.getByRole('menu');
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    // The links of the role, then the account's control (the header has no room for it on a phone).
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['大厅', '评选', '退出登录']);
    // Escape closes it and gives the focus back to the button.
    await viewerPage.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 10_000 });
    // Radix gives the focus back on a timer after the menu leaves the DOM: wait for it.
    await expect.poll(() => trigger.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    // Tap, then tap an item: the page changes in place (no reload) and the menu closes.
    await viewerPage.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await trigger.tap();
    await viewerPage.getByRole('menuitem', { name: '评选' }).tap();
    await viewerPage.waitForURL(`${server.url}/awards`, { timeout: 10_000 });
    await settle(viewerPage, 'h1');
    expect(await viewerPage.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await viewerPage.getByRole('menu').count()).toBe(0);

    // An admin sees every link of the wide header, and reaches the works page through the menu.
    const adminPage = await (await phone(admin.cookie)).newPage();
    await adminPage.goto(`${server.url}/`);
    await settle(adminPage, 'h1');
    await adminPage.getByRole('button', { name: '菜单' }).tap();
    const adminMenu = adminPage.getByRole('menu');
    await adminMenu.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await adminMenu.getByRole('menuitem').allTextContents()).toEqual(['大厅', '评选', '上传', '作品库', '策展', '审核', '任务', '退出登录']);
    await adminPage.getByTestId('nav-menu-works').tap();
    await adminPage.waitForURL(`${server.url}/works`, { timeout: 10_000 });
    await settle(adminPage, 'h1');

    // At a wide size the links are back in the header and the menu button is gone.
    await adminPage.setViewportSize({ width: 1024, height: 768 });
    expect(await adminPage.locator('header nav').isVisible()).toBe(true);
    expect(await adminPage.getByRole('button', { name: '菜单' }).isVisible()).toBe(false);
  }, 90_000);

  it('no main route scrolls sideways and every visible control is at least 44x44 px', async () => {
    // Hall routes: the 3D view's canvas is there too (its overlays sit beside it).
    const routes: { path: string; ready: string; signedIn?: boolean }[] = [
      { path: '/', ready: 'h1' },
      { path: `/events/${DEMO_REHEARSAL_EVENT}`, ready: '[data-testid="stream-status"]' },
      { path: '/exhibitions/phone-show', ready: '[data-testid="exhibition-page"] [data-testid="hall-canvas"]' },
      { path: '/exhibitions/phone-show?work=p1', ready: '[data-testid="exhibition-page"]:has([data-testid="hall-canvas"]) [data-testid="work-panel"]' },
      { path: '/works', ready: 'h1', signedIn: true },
      { path: '/upload', ready: 'h1', signedIn: true },
      { path: '/awards', ready: 'h1' },
      { path: `/awards/${programmeId}`, ready: '[data-testid="award-page"]' },
      { path: '/sign-in', ready: 'h1' },
    ];
    const anonymous = await phone();
    const signedIn = await phone(admin.cookie);
    const problems: string[] = [];
    for (const [i, route] of routes.entries()) {
      // One load per route, checked in both orientations by turning the phone. Every other route
      // opens sideways, so each orientation is seen both on a fresh load and after a turn.
      const [first, turned] = i % 2 === 0 ? [PHONE, LANDSCAPE] : [LANDSCAPE, PHONE];
      const page = await (route.signedIn ? signedIn : anonymous).newPage();
      await page.setViewportSize(first);
      await page.goto(`${server.url}${route.path}`);
      for (const size of [first, turned]) {
        const where = `${route.path} ${size.width}x${size.height}${size === turned ? ' (turned)' : ''}`;
        await page.setViewportSize(size);
        await settle(page, route.ready).catch((err: Error) => {
          throw new Error(`${where}: ${err.message}`);
        });
        const { overflow, small } = await phoneProblems(page);
        if (overflow > 0) problems.push(`${where}: scrolls sideways by ${overflow}px`);
        for (const s of small) problems.push(`${where}: ${s.what} is ${s.width}x${s.height}`);
      }
      await page.close();
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
