import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { startTestServer, waitFor, type TestServer } from '../helpers/server';
import { api } from '../integration/support';
import { publishedVideoWork, putSubtitles, type PublishedVideoWork } from '../integration/video-work';

// Subtitles of a video work in Chromium (issue 14): the curator's SRT is approved by an admin;
// a visitor who opens the video in the hall finds 中文 in the panel's subtitle menu and, chosen,
// the cue in the playing video's text track (`video.textTracks`, loaded by hls.js from the
// work's master playlist) and shown in the panel. Asserted on state, never on timing.

const EXHIBITION = 'subtitles-e2e';
const SRT = '1\n00:00:00,000 --> 00:00:03,000\n你好，<b>字幕</b>\n';

let server: TestServer;
let browser: Browser;
let setup: PublishedVideoWork;

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  browser = await launchChromium();
  setup = await publishedVideoWork(server, EXHIBITION);
  const put = await putSubtitles(server, setup.curator, setup.work.id, 'zh-CN', SRT, 'application/x-subrip');
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const approved = await api(server, 'POST', `/api/works/${setup.work.id}/review`, setup.admin, { decision: 'approve' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** The text tracks of the playing video as the page's player hook publishes it. */
interface TrackState {
  kind: string;
  label: string;
  language: string;
  mode: string;
  cues: string[];
}

describe('subtitles of a video work, in Chromium', () => {
  it('lists the approved track in the visitor player and, selected, loads its cue into the video', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 600 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      collectPageErrors(page, errors);
      await page.goto(`${server.url}/exhibitions/${EXHIBITION}?work=p1&quality=low`);
      await page.locator('[data-testid="work-panel"][data-placement-id="p1"]').waitFor({ timeout: 60_000 });

      const select = page.locator('[data-testid="work-subtitles"]');
      await select.waitFor({ timeout: 60_000 });
      expect(await select.locator('option').allTextContents()).toEqual(['关闭', '中文']);
      // Keyboard reachable: it takes focus, and the choice is made on the element.
      await select.focus();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('work-subtitles');
      await select.selectOption({ label: '中文' });

      let tracks: TrackState[] = [];
      await waitFor(
        async () => {
          tracks = await page.evaluate(() =>
            Array.from(window.__yunzhan?.video?.textTracks ?? []).map((t) => ({
              kind: t.kind,
              label: t.label,
              language: t.language,
              mode: t.mode,
              cues: Array.from(t.cues ?? []).map((c) => (c as VTTCue).text),
            })),
          );
          return tracks.some((t) => t.cues.length > 0);
        },
        60_000,
        'the subtitle cue in the video text track',
      ).catch((err: Error) => {
        throw new Error(`${err.message}; text tracks: ${JSON.stringify(tracks)}`);
      });
      const chosen = tracks.find((t) => t.cues.length > 0)!;
      expect(chosen).toMatchObject({ kind: 'subtitles', label: '中文', language: 'zh-CN', mode: 'hidden' });
      expect(chosen.cues).toEqual(['你好，<b>字幕</b>']);
      // The panel shows the cue on now as text (the video itself is a texture in the hall).
      await page.locator('[data-testid="work-subtitle-cue"]', { hasText: '你好，字幕' }).waitFor({ timeout: 30_000 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
