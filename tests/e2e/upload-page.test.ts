import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { HOST_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

// The upload page in Chromium: a host picks a generated clip, watches the upload and processing
// bars, and the ready asset plays; a text file is refused with its code, translated.
let server: TestServer;
let browser: Browser;
let clipPath: string;
let notesPath: string;

/** Numeric `value` of a `<progress>`. */
const valueOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('value'));

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  clipPath = path.join(server.dataDir, 'clip.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clipPath,
  ]);
  notesPath = path.join(server.dataDir, 'notes.mp4');
  fs.writeFileSync(notesPath, 'Not a video, whatever the name says.\n');
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('upload page in Chromium', () => {
  it('uploads a clip with a progress bar, follows processing live and plays the result with its poster', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      collectPageErrors(page, errors);
      expect((await context.request.post(`${server.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } })).status()).toBe(200);
      await page.goto(`${server.url}/`);
      await page.getByTestId('nav-upload').click();
      await page.getByTestId('language-switch').selectOption('en');

      await page.getByTestId('upload-input').setInputFiles(clipPath);
      await page.locator('[data-testid="asset-status"]').waitFor({ timeout: 30_000 });
      expect(await valueOf(page, 'upload-progress')).toBe(100);
      await page.locator('[data-testid="asset-status"][data-status="ready"]').waitFor({ timeout: 60_000 });

      const player = page.getByTestId('asset-player');
      expect(await player.getAttribute('poster')).toMatch(/^\/hls\/[A-Za-z0-9_-]+\/poster\.jpg$/);
      await page.waitForFunction(
        () => {
          const v = document.querySelector<HTMLVideoElement>('[data-testid="asset-player"]');
          return v !== null && v.readyState >= 2 && v.currentTime > 0.3 && v.videoWidth === 640;
        },
        null,
        { timeout: 30_000, polling: 250 },
      );
      // The thumbnail track became a strip of previews, one a second.
      expect(await page.locator('[data-testid="thumbnail-strip"] button').count()).toBe(6);

      // A text file named .mp4 is refused: the code, in words.
      await page.getByRole('button', { name: 'Upload another' }).click();
      await page.getByTestId('upload-input').setInputFiles(notesPath);
      const refusal = page.locator('[data-testid="upload-error"][data-code="NOT_MEDIA"]');
      await refusal.waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toBe('This file is not a video.');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a viewer that only hosts and admins upload', async () => {
    const context = await browser.newContext();
    try {
      await context.request.post(`${server.url}/api/auth/sign-up`, { data: { username: 'watcher', password: 'watcher-password' } });
      const page = await context.newPage();
      await page.goto(`${server.url}/upload`);
      await page.getByTestId('upload-forbidden').waitFor();
      expect(await page.getByTestId('upload-input').count()).toBe(0);
      expect(await page.getByTestId('nav-upload').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
