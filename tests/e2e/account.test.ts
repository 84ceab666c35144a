import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { passwordOf, signUp } from '../helpers/chat';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

// A viewer changes their password on /account in one browser; the theatre open in their other
// browser (another device) is signed out by itself, without a reload: its realtime connection is
// told the session ended, reconnects anonymously and the page asks again who is signed in.

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const NEW_PASSWORD = 'Saffron-Ferry-Compass-6093';

const newContext = async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  return ctx;
};

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the account page', () => {
  it('changes the password and signs the other device out of the open theatre', async () => {
    const errors: string[] = [];
    const { cookie } = await signUp(server.url, 'two-devices');

    // Device 1: the theatre, signed in, its room joined.
    const phone = await newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await phone.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const theatre = await phone.newPage();
    collectPageErrors(theatre, errors);
    await theatre.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await theatre.getByTestId('viewer-count').waitFor({ timeout: 15_000 });
    await theatre.getByTestId('nav-account').waitFor();

    // Device 2: signs in through the page, opens the account page from the header, changes the password.
    const laptop = await (await newContext()).newPage();
    collectPageErrors(laptop, errors);
    await laptop.goto(`${server.url}/sign-in`);
    await laptop.getByTestId('sign-in-username').fill('two-devices');
    await laptop.getByTestId('sign-in-password').fill(passwordOf('two-devices'));
    await laptop.getByTestId('sign-in-submit').click();
    await laptop.getByTestId('nav-account').click();
    await laptop.getByTestId('current-password').fill('not my password at all');
    await laptop.getByTestId('new-password').fill(NEW_PASSWORD);
    await laptop.getByTestId('password-submit').click();
    await laptop.getByTestId('password-error').waitFor();
    await laptop.getByTestId('current-password').fill(passwordOf('two-devices'));
    await laptop.getByTestId('password-submit').click();
    await laptop.getByTestId('password-changed').waitFor();

    // Device 1 is signed out without a reload; device 2 stays signed in.
    await theatre.getByTestId('nav-account').waitFor({ state: 'detached', timeout: 10_000 });
    await theatre.getByTestId('viewer-count').waitFor();
    await laptop.reload();
    await laptop.getByTestId('nav-account').waitFor();
    const signIn = (password: string) => fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'two-devices', password }) });
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } }).then((r) => r.json())) as { user: unknown }).toEqual({ user: null });
    expect(errors).toEqual([]);
  });

  it('fits a phone and works by keyboard alone', async () => {
    const { cookie } = await signUp(server.url, 'phone-user');
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    contexts.push(ctx);
    const [name, value] = cookie.split('=') as [string, string];
    await ctx.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByTestId('password-form').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // Tab from the current-password field reaches the new password, then the submit button.
    await page.getByTestId('current-password').focus();
    await page.keyboard.type(passwordOf('phone-user'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Juniper-Lagoon-Beacon-5521');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('password-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('password-changed').waitFor();
  });
});
