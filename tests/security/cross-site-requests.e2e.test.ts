import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { call, expectStatus, makeWorks, seededAccount, type Account } from '../helpers/awards';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { freePort } from '../helpers/util';
import { oneWorkLayout } from '../integration/support';

// Finding 3: the HTTP API checked no Origin and relied on SameSite=Lax, which does not cover
// pages of the same site. A page served from another port of the same host (a different origin,
// the same site) made a signed-in curator's browser submit their exhibition for review and sign
// them out. Real Chromium, a real second web server on another port, the real Yunzhan server.

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let curator: Account;
let evil: http.Server;
let evilOrigin = '';
const SHOW = 'csrf-show';

/** The attacker's pages: an auto-submitting form, or fetch() with the visitor's cookies. */
function evilPage(target: string, how: 'form' | 'fetch'): string {
  if (how === 'form') return `<!doctype html><form id="f" method="POST" action="${target}"><input name="x" value="1"></form><script>document.getElementById('f').submit()</script>`;
  return `<!doctype html><script>
    window.done = fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors' })
      .then(() => 'sent', (e) => 'failed: ' + e.message);
  </script>`;
}

const statusOf = async () => (expectStatus(await call<{ status: string }>(server, 'GET', `/api/exhibitions/${SHOW}`, { cookie: curator.cookie }), 200, 'exhibition') as { status: string }).status;
const signedIn = async () => ((await call<{ user: unknown }>(server, 'GET', '/api/auth/me', { cookie: curator.cookie })).body as { user: unknown }).user !== null;

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  curator = await seededAccount(server, 'curator');
  const [work] = await makeWorks(server, curator, 1, 'CSRF');
  expectStatus(await call(server, 'POST', '/api/exhibitions', { cookie: curator.cookie, body: { id: SHOW, title: { 'zh-CN': '跨站测试' }, templateId: 'white-cube' } }), 201, 'create');
  const layout = oneWorkLayout(work!.id);
  expectStatus(await call(server, 'PUT', `/api/exhibitions/${SHOW}/draft`, { cookie: curator.cookie, body: { baseRevision: 0, layout } }), 200, 'draft');

  const port = await freePort();
  evilOrigin = `http://127.0.0.1:${port}`;
  evil = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', evilOrigin);
    const target = `${server.url}${url.searchParams.get('target') ?? '/'}`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(evilPage(target, url.pathname === '/form' ? 'form' : 'fetch'));
  });
  await new Promise<void>((resolve) => evil.listen(port, '127.0.0.1', resolve));

  browser = await launchChromium();
  context = await browser.newContext();
  // The curator is signed in in this browser: the cookie the server gave them, as the server set it.
  const [name, value] = curator.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => evil?.close(resolve));
  await server?.dispose();
});

describe('state changes from another origin of the same site', () => {
  it("a form posted from a page on another port changes nothing and is answered CSRF_REJECTED", async () => {
    const page = await context.newPage();
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/exhibitions/${SHOW}/submit`));
    await page.goto(`${evilOrigin}/form?target=${encodeURIComponent(`/api/exhibitions/${SHOW}/submit`)}`);
    const res = await answer;
    // The browser did send the curator's cookie (same site): only the Origin check stops it.
    expect((await res.request().allHeaders()).cookie).toContain(curator.cookie);
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    expect(await statusOf()).toBe('draft');

    const signOut = page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-out'));
    await page.goto(`${evilOrigin}/form?target=${encodeURIComponent('/api/auth/sign-out')}`);
    expect((await signOut).status()).toBe(403);
    expect(await signedIn()).toBe(true);
    await page.close();
  });

  it("fetch() with the visitor's cookies from that page changes nothing either", async () => {
    const page = await context.newPage();
    for (const target of [`/api/exhibitions/${SHOW}/submit`, '/api/auth/sign-out']) {
      const answer = page.waitForResponse((r) => r.url() === `${server.url}${target}`);
      await page.goto(`${evilOrigin}/fetch?target=${encodeURIComponent(target)}`);
      expect(await page.evaluate(() => (window as unknown as { done: Promise<string> }).done)).toBe('sent');
      expect((await answer).status()).toBe(403);
    }
    expect(await statusOf()).toBe('draft');
    expect(await signedIn()).toBe(true);
    await page.close();
  });

  it("the site's own pages still change state, with the same cookie in the same browser", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/works`);
    const status = await page.evaluate(async (url) => (await fetch(url, { method: 'POST' })).status, `/api/exhibitions/${SHOW}/submit`);
    expect(status).toBe(200);
    expect(await statusOf()).toBe('in-review');
    await page.close();
  });
});
