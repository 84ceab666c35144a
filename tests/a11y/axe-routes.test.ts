import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { DISPLAY_KEY, LOCALE_KEY, VIEWPORTS, axeViolations, contextAt, describeViolations, waitForContent } from './a11y-support';
import { DEMO_AWARDS, DEMO_EXHIBITION, DRAFT_EXHIBITION, JUDGING_AWARD, POLL_EVENT, makeWorld, type A11yWorld } from './a11y-fixtures';

// Issue 12, scope item 5: axe-core in Chromium on every route, each signed in as the role that
// uses it, at 1280x800 and at 360x640 (touch): no violation of impact serious or critical. One
// test per route, so a failure names it; each lists every violation's rule, help and targets.
// Pages in zh-CN (the default) at both sizes, in English at 1280x800, and at 360x640 with large
// text and high contrast on. axe sees the DOM around a 3D canvas, not inside it.

let world: A11yWorld;
let browser: Browser;

beforeAll(async () => {
  world = await makeWorld();
  browser = await launchChromium(true);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await world?.server.dispose();
});

type Role = 'anonymous' | 'viewer' | 'host' | 'curator' | 'judge' | 'admin';

/** A route: where to go, as whom, what shows it has rendered, and optional steps before checking. */
interface Route {
  name: string;
  path: () => string;
  as: Role;
  /** A selector present once the main content is rendered. */
  ready: string;
  /** Runs before navigation (e.g. a stored preference). */
  init?: (page: Page) => Promise<void>;
  /** Runs after `ready` (e.g. opening a tab), and waits for what it shows. */
  then?: (page: Page) => Promise<void>;
}

const ROUTES: Route[] = [
  { name: 'lobby', path: () => '/', as: 'viewer', ready: '[data-testid="event-card"]' },
  { name: 'theatre (3D)', path: () => `/events/${POLL_EVENT}`, as: 'viewer', ready: '[data-testid="chat-panel"]' },
  {
    name: '2D player',
    path: () => `/events/${DEMO_REHEARSAL_EVENT}`,
    as: 'viewer',
    ready: '[data-testid="theatre-viewport"][data-view-mode="2d"] [data-testid="stream-video"]',
    init: async (page) => {
      await page.addInitScript(() => window.localStorage.setItem('yunzhan.viewMode', '2d'));
    },
  },
  { name: 'exhibition (3D hall)', path: () => `/exhibitions/${DEMO_EXHIBITION}`, as: 'viewer', ready: '[data-testid="hall-canvas"] canvas' },
  { name: 'exhibition list view', path: () => `/exhibitions/${DEMO_EXHIBITION}?view=list`, as: 'viewer', ready: '[data-testid="hall-work-list"] [data-testid="hall-work-open"]' },
  { name: 'work panel', path: () => `/exhibitions/${DEMO_EXHIBITION}?view=list&work=${world.placementId}`, as: 'viewer', ready: '[data-testid="work-panel"]' },
  { name: 'host console', path: () => `/host/${POLL_EVENT}`, as: 'host', ready: '[data-testid="go-live"]' },
  { name: 'curator list', path: () => '/curate', as: 'curator', ready: '[data-testid="curate-item"]' },
  { name: "curator's editor", path: () => `/curate/${DRAFT_EXHIBITION}`, as: 'curator', ready: '[data-testid="placement-item"]' },
  { name: 'works', path: () => '/works', as: 'curator', ready: '[data-testid="works-grid"]' },
  { name: 'work detail', path: () => `/works/${world.works[0]!.id}`, as: 'curator', ready: '[data-testid="work-drawer"]' },
  { name: 'work edit', path: () => `/works/${world.works[0]!.id}/edit`, as: 'curator', ready: '[data-testid="work-form"]' },
  { name: 'new work', path: () => '/works/new', as: 'curator', ready: '[data-testid="work-form"]' },
  { name: 'upload', path: () => '/upload', as: 'host', ready: '[data-testid="upload-input"]' },
  { name: 'awards list', path: () => '/awards', as: 'viewer', ready: '[data-testid="award-card"]' },
  { name: 'award page (voting)', path: () => `/awards/${DEMO_AWARDS}`, as: 'viewer', ready: '[data-testid="award-nominee"]' },
  { name: 'new award programme', path: () => '/awards/new', as: 'admin', ready: '[data-testid="award-new-form"]' },
  { name: 'award admin', path: () => `/awards/${DEMO_AWARDS}/admin`, as: 'admin', ready: '[data-testid="award-phase"]' },
  { name: 'judging sheet', path: () => `/awards/${JUDGING_AWARD}/judge`, as: 'judge', ready: '[data-testid="judge-page"] input, [data-testid="judge-page"] textarea' },
  { name: 'admin jobs', path: () => '/admin/jobs', as: 'admin', ready: '[data-testid="jobs-table"]' },
  { name: 'admin reviews', path: () => '/admin/reviews', as: 'admin', ready: '[data-testid="review-item"]' },
  { name: 'account', path: () => '/account', as: 'viewer', ready: '[data-testid="password-form"]' },
  { name: 'sign-in', path: () => '/sign-in', as: 'anonymous', ready: '[data-testid="sign-in-form"]' },
  {
    name: 'sign-up',
    path: () => '/sign-in',
    as: 'anonymous',
    ready: '[data-testid="sign-up-tab"]',
    then: async (page) => {
      await page.getByTestId('sign-up-tab').click();
      await page.getByTestId('sign-up-form').waitFor();
    },
  },
];

const cookieOf = (role: Role): string | undefined => (role === 'anonymous' ? undefined : world[role].cookie);

describe('axe-core finds no serious or critical violation', () => {
  for (const route of ROUTES) {
    it(`on the ${route.name} page, as ${route.as}, at 1280x800 and 360x640`, async () => {
      const problems: string[] = [];
      const errors: string[] = [];
      // Both viewports in zh-CN (the default), the desktop once more in English (other words, other
      // names), and the phone once more with large text and high contrast (the display settings).
      const runs = [
        ...VIEWPORTS.map((viewport) => ({ viewport, locale: 'zh-CN', display: false })),
        { viewport: VIEWPORTS[0]!, locale: 'en', display: false },
        { viewport: VIEWPORTS[1]!, locale: 'zh-CN', display: true },
      ];
      // The four pages load side by side (each in its own context): most of a page's time is
      // waiting on the network and the server, not on the two cores.
      await Promise.all(
        runs.map(async ({ viewport, locale, display }) => {
          const where = `${viewport.name} ${locale}${display ? ' large text, high contrast' : ''}`;
          const context = await contextAt(browser, world.server.url, viewport, cookieOf(route.as), true);
          try {
            const page = await context.newPage();
            collectPageErrors(page, errors);
            if (locale !== 'zh-CN') await page.addInitScript(([key, value]) => window.localStorage.setItem(key!, value!), [LOCALE_KEY, locale]);
            if (display) await page.addInitScript(([key, value]) => window.localStorage.setItem(key!, value!), [DISPLAY_KEY, JSON.stringify({ largeText: true, highContrast: true })]);
            await route.init?.(page);
            await page.goto(`${world.server.url}${route.path()}`);
            await waitForContent(page, route.ready);
            await route.then?.(page);
            if (display) {
              const applied = await page.evaluate(() => [document.documentElement.dataset.text, document.documentElement.dataset.contrast]);
              expect(applied, 'the display settings are on <html>').toEqual(['large', 'high']);
            }
            problems.push(...describeViolations(where, await axeViolations(page)));
            // One h1 per page (axe only asks for at least one).
            const h1s = await page.locator('h1').allTextContents();
            if (h1s.length !== 1) problems.push(`[${where}] ${h1s.length} h1 elements: ${JSON.stringify(h1s)}`);
          } finally {
            await context.close();
          }
        }),
      );
      expect(problems, problems.join('\n')).toEqual([]);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});
