import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { ADMIN_PASSWORD, HOST_PASSWORD, startTestServer, waitFor, type TestServer } from '../helpers/server';

// The admins' job list in Chromium against the real server and its real in-process queue.
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const signedInPage = async (username: string, password: string) => {
  const ctx = await browser.newContext();
  const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, { data: { username, password } });
  expect(res.status()).toBe(200);
  return ctx.newPage();
};

describe('admin job list', () => {
  it('shows each job with its state, progress and error to admins only', async () => {
    // A recording of a stream that does not exist fails with NOT_FOUND: a real job, a real failure.
    await server.queue.enqueue(
      { type: 'recording-publish', payload: { eventId: 'spring-gala', streamId: 'missing-stream', streamDir: `${server.config.mediaDir}/hls/missing-stream` } },
      { id: 'recording-missing-stream', maxAttempts: 1 },
    );
    await waitFor(async () => (await server.queue.get('recording-missing-stream'))?.state === 'failed', 15_000, 'the job to fail');

    const admin = await signedInPage('admin', ADMIN_PASSWORD);
    await admin.goto(`${server.url}/admin/jobs`);
    const row = admin.locator('[data-testid="job-row"]', { hasText: 'recording-missing-stream' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-state')).toBe('failed');
    expect(await row.textContent()).toContain('NOT_FOUND');
    expect(await admin.getByTestId('nav-jobs').count()).toBe(1);

    const host = await signedInPage('host', HOST_PASSWORD);
    await host.goto(`${server.url}/admin/jobs`);
    await host.getByTestId('jobs-admins-only').waitFor({ timeout: 10_000 });
    expect(await host.getByTestId('jobs-table').count()).toBe(0);
    expect(await host.getByTestId('nav-jobs').count()).toBe(0);
  }, 60_000);
});
