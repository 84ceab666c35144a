import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Asset, Exhibition, Work } from '@yunzhan/shared';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { ADMIN_PASSWORD, startTestServer, waitFor, type TestServer } from '../helpers/server';
import { api, metadataOf, signInCurator, uploadWhole } from '../integration/support';

// Issue 4 end to end in Chromium: a curator creates an exhibition in the white cube, places a
// work through the editor (the accessible path: select, pick a wall, Place), autosave stores it,
// the curator submits; the hall is not open to visitors until an admin approves it in the review
// queue; then an anonymous visitor sees the hall render and opens the work's panel, by clicking
// the work in the 3D view and by its deep link.

let server: TestServer;
let browser: Browser;
let work: Work;
const EXHIBITION = 'spring-hall';

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  browser = await launchChromium();
  const curator = await signInCurator(server);
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2a9d8f' } }).png().toBuffer();
  const { res } = await uploadWhole(server, curator, png, { filename: 'morning.png', filetype: 'image/png' });
  const asset = Asset.parse(JSON.parse(res.body).asset);
  await waitFor(async () => Asset.parse((await api(server, 'GET', `/api/assets/${asset.id}`, curator)).body).status === 'ready', 30_000, 'renditions');
  const created = await api(server, 'POST', '/api/works', curator, { assetId: asset.id, kind: 'image', metadata: metadataOf('晨光', 'Morning light') });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  work = Work.parse(created.body);
  await waitFor(async () => Work.parse((await api(server, 'GET', `/api/works/${work.id}`, curator)).body).status === 'ready', 30_000, 'work ready');
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A new context signed in as `username`, in English. */
async function signedIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const response = await context.request.post(`${server.url}/api/auth/sign-in`, { data: { username, password } });
  expect(response.status()).toBe(200);
  await context.addInitScript(() => window.localStorage.setItem('yunzhan.locale', 'en'));
  return { context, page: await context.newPage() };
}

describe('curate, review, publish and visit an exhibition in Chromium', () => {
  it('places a work in the editor, submits, is approved by an admin and is opened by a visitor', async () => {
    const errors: string[] = [];
    const curatorPassword = server.seeded.find((a) => a.username === 'curator')!.password!;
    const curator = await signedIn('curator', curatorPassword);
    const visitor = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    let admin: { context: BrowserContext; page: Page } | null = null;
    try {
      // The curator starts an exhibition from the white cube template.
      const page = curator.page;
      collectPageErrors(page, errors);
      await page.goto(`${server.url}/`);
      await page.getByTestId('nav-curate').click();
      await page.getByTestId('curate-empty').waitFor();
      await page.getByTestId('new-exhibition-id').fill(EXHIBITION);
      await page.getByTestId('new-exhibition-title-zh').fill('春之厅');
      await page.getByTestId('new-exhibition-title-en').fill('Spring hall');
      await page.locator('[data-testid="template-card"][data-template-id="white-cube"]').click();
      await page.getByTestId('new-exhibition-create').click();
      await page.waitForURL(`**/curate/${EXHIBITION}`);
      await page.locator('[data-testid="curate-editor"]').waitFor();
      await page.locator('[data-testid="editor-canvas"] canvas').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('submit-review').isDisabled()).toBe(true);

      // Place the work on the partition's front face without dragging; autosave stores it.
      await page.locator(`[data-testid="library-work"][data-work-id="${work.id}"]`).click();
      await page.getByTestId('place-wall').selectOption('partition:front');
      await page.getByTestId('place-work').click();
      const item = page.locator(`[data-testid="placement-item"][data-work-id="${work.id}"]`);
      await item.waitFor();
      const placementId = (await item.getAttribute('data-placement-id'))!;
      // Undo takes the placement back, redo restores it (keyboard shortcuts).
      await page.keyboard.press('Control+z');
      await item.waitFor({ state: 'detached' });
      await page.keyboard.press('Control+Shift+z');
      await item.waitFor();
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 30_000 });
      const saved = Exhibition.parse((await api(server, 'GET', `/api/exhibitions/${EXHIBITION}`, await cookieOf(curator.context))).body);
      expect(saved.revision).toBeGreaterThanOrEqual(1);
      expect(saved.draft.placements).toMatchObject([{ id: placementId, workId: work.id, mount: 'wall', wallId: 'partition', side: 'front', v: 1.5, width: 0.8, height: 0.6 }]);

      await page.getByTestId('submit-review').click();
      await page.locator('[data-testid="curate-editor"] [data-testid="exhibition-status"][data-status="in-review"]').waitFor();
      await page.getByTestId('editor-read-only').waitFor();

      // Before approval the hall is not open to visitors.
      const early = await visitor.newPage();
      await early.goto(`${server.url}/exhibitions/${EXHIBITION}`);
      await early.locator('[data-testid="exhibition-error"][data-code="NOT_FOUND"]').waitFor({ timeout: 30_000 });
      await early.close();

      // The admin approves it from the review queue.
      admin = await signedIn('admin', ADMIN_PASSWORD);
      collectPageErrors(admin.page, errors);
      await admin.page.goto(`${server.url}/`);
      await admin.page.getByTestId('nav-reviews').click();
      const entry = admin.page.locator(`[data-testid="review-item"][data-exhibition-id="${EXHIBITION}"]`);
      await entry.waitFor();
      expect(await entry.getByTestId('review-return').isDisabled()).toBe(true);
      await entry.getByTestId('review-approve').click();
      await admin.page.getByTestId('review-done').waitFor();
      await admin.page.getByTestId('reviews-empty').waitFor();

      // The curator sees it published.
      await page.goto(`${server.url}/curate`);
      await page.locator(`[data-testid="curate-item"][data-exhibition-id="${EXHIBITION}"][data-status="approved"]`).waitFor();

      // An anonymous visitor: the hall renders, and a click on the work in 3D opens its panel.
      const hall = await visitor.newPage();
      collectPageErrors(hall, errors);
      await hall.addInitScript(() => window.localStorage.setItem('yunzhan.locale', 'en'));
      await hall.goto(`${server.url}/exhibitions/${EXHIBITION}`);
      const canvas = hall.locator('[data-testid="hall-canvas"] canvas');
      await canvas.waitFor({ timeout: 60_000 });
      await hall.waitForFunction(() => (window.__yunzhanHall?.drawCalls ?? 0) > 0 && window.__yunzhanHall?.ready === true, null, { timeout: 90_000, polling: 250 });
      // The visitor starts at the entrance looking north at the partition, the work at its centre.
      const box = (await canvas.boundingBox())!;
      await hall.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const panel = hall.locator(`[data-testid="work-panel"][data-placement-id="${placementId}"]`);
      await panel.waitFor({ timeout: 30_000 });
      expect(await hall.getByTestId('work-title').textContent()).toBe('Morning light');

      // The deep link opens the same panel directly.
      const linked = await visitor.newPage();
      await linked.addInitScript(() => window.localStorage.setItem('yunzhan.locale', 'en'));
      await linked.goto(`${server.url}/exhibitions/${EXHIBITION}?work=${placementId}`);
      await linked.locator(`[data-testid="work-panel"][data-placement-id="${placementId}"]`).waitFor({ timeout: 60_000 });
      expect(await linked.getByTestId('work-title').textContent()).toBe('Morning light');
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([curator.context.close(), admin?.context.close(), visitor.close()]);
    }
  }, 300_000);
});

/** The session cookie of a context, as a request header value. */
async function cookieOf(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
