import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildMinimalGlb } from '@yunzhan/media-worker';
import { Asset, Exhibition, Work, type FloorPlacement, type WallPlacement, type WorkKind } from '@yunzhan/shared';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { ADMIN_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from '../helpers/server';
import { api, metadataOf, signInCurator, uploadWhole } from '../integration/support';

// The hall's non-picture works in Chromium, against the real server: a curator uploads a short
// H.264 clip (transcoded to HLS by the real vod-hls job), a GLB model and a picture, hangs the
// clip and the picture on the white cube's partition and stands the model on a plinth; an admin
// approves; a visitor deep-linked to the clip sees it play in place (its time advances) and the
// model load. Asserted on what the page publishes (`window.__yunzhanHall`), never on timing.

const EXHIBITION = 'media-hall';

let server: TestServer;
let browser: Browser;
const works: Partial<Record<WorkKind, Work>> = {};

/** What the page publishes on `window.__yunzhanHall` (client/src/hall/hall-stats.tsx), the parts read here. */
type HallState = Pick<NonNullable<Window['__yunzhanHall']>, 'ready' | 'works' | 'drawCalls' | 'video' | 'models'>;

/** Uploads `bytes`, waits until the asset is processed, catalogues it as a `kind` work and waits until that is ready. */
async function addWork(cookie: string, bytes: Uint8Array, filename: string, filetype: string, kind: WorkKind, timeoutMs: number): Promise<Work> {
  const { res } = await uploadWhole(server, cookie, bytes, { filename, filetype });
  expect(res.status, res.body).toBeLessThan(300);
  const asset = Asset.parse(JSON.parse(res.body).asset);
  await waitFor(async () => Asset.parse((await api(server, 'GET', `/api/assets/${asset.id}`, cookie)).body).status === 'ready', timeoutMs, `${kind} asset ready`);
  const created = await api(server, 'POST', '/api/works', cookie, { assetId: asset.id, kind, metadata: metadataOf(`${kind}作品`, `A ${kind} work`, { widthCm: 160, heightCm: 90 }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = Work.parse(created.body).id;
  let work: Work | null = null;
  await waitFor(
    async () => {
      work = Work.parse((await api(server, 'GET', `/api/works/${id}`, cookie)).body);
      return work.status === 'ready';
    },
    timeoutMs,
    `${kind} work ready`,
  );
  return work!;
}

/** A work on the white cube's partition, front face (0.2–4.8 m along, 0.6–2.9 m high). */
const onPartition = (id: string, workId: string, u: number): WallPlacement => ({
  id,
  workId,
  mount: 'wall',
  wallId: 'partition',
  side: 'front',
  u,
  v: 1.5,
  width: 1.6,
  height: 0.9,
  rotationDeg: 0,
  label: 'none',
  spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
});

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  browser = await launchChromium();
  const curator = await signInCurator(server);

  // A 3 s, 320x180 H.264 test pattern without sound (tens of kilobytes).
  const clip = path.join(server.dataDir, '..', 'clip.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-an', clip]);
  works.video = await addWork(curator, fs.readFileSync(clip), 'clip.mp4', 'video/mp4', 'video', 120_000);
  expect(works.video.media.hls).toMatch(/^\/.+\.m3u8$/);
  works.model = await addWork(curator, buildMinimalGlb(), 'vase.glb', 'model/gltf-binary', 'model', 30_000);
  expect(works.model.media.model).toMatch(/^\/media\//);
  const png = await sharp({ create: { width: 400, height: 225, channels: 3, background: '#e9c46a' } }).png().toBuffer();
  works.image = await addWork(curator, png, 'still.png', 'image/png', 'image', 30_000);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const hallState = (page: Page) =>
  page.evaluate((): HallState | null => {
    const h = window.__yunzhanHall;
    return h ? { ready: h.ready, works: h.works, drawCalls: h.drawCalls, video: h.video, models: h.models } : null;
  });

/** Waits until the published hall state satisfies `test`; returns it. */
async function waitForHall(page: Page, test: (s: HallState) => boolean, what: string, timeoutMs: number): Promise<HallState> {
  let last: HallState | null = null;
  try {
    await waitFor(
      async () => {
        last = await hallState(page);
        return last !== null && test(last);
      },
      timeoutMs,
      what,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last __yunzhanHall: ${JSON.stringify(last)}`);
  }
  return last!;
}

describe('video and model works in the hall, in Chromium', () => {
  it('plays a video work in place and stands a GLB model on its plinth', async () => {
    const curator = await signInCurator(server);
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const created = await api(server, 'POST', '/api/exhibitions', curator, { id: EXHIBITION, title: { 'zh-CN': '影像与雕塑', en: 'Moving and standing' }, templateId: 'white-cube' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The model stands west of the partition, well inside the room and clear of every wall.
    const model: FloorPlacement = {
      id: 'm1',
      workId: works.model!.id,
      mount: 'floor',
      position: [-4, 2],
      yawDeg: 0,
      footprint: 0.8,
      height: 1,
      plinth: true,
      label: 'none',
      spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
    };
    const layout = { templateId: 'white-cube', lighting: 'gallery-neutral', placements: [onPartition('v1', works.video!.id, 1.2), onPartition('i1', works.image!.id, 3.6), model], tour: [] };
    const saved = await api(server, 'PUT', `/api/exhibitions/${EXHIBITION}/draft`, curator, { baseRevision: 0, layout });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(Exhibition.parse((await api(server, 'POST', `/api/exhibitions/${EXHIBITION}/submit`, curator)).body).status).toBe('in-review');
    const approved = await api(server, 'POST', `/api/exhibitions/${EXHIBITION}/review`, admin, { decision: 'approve' });
    expect(Exhibition.parse(approved.body).status).toBe('approved');

    // A visitor deep-linked to the video work, at the low tier in a small window (SwiftShader).
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, locale: 'en-US' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      collectPageErrors(page, errors);
      await page.goto(`${server.url}/exhibitions/${EXHIBITION}?work=v1&quality=low`);
      await page.locator('[data-testid="work-panel"][data-placement-id="v1"]').waitFor({ timeout: 60_000 });

      const ready = await waitForHall(page, (s) => s.ready && s.drawCalls > 0 && s.models === 1, 'the hall ready with its model loaded', 120_000);
      expect(ready.works).toBe(3);

      // The selected video plays in place: shown over its poster, its time advancing.
      const first = await waitForHall(page, (s) => s.video?.placementId === 'v1' && s.video.playing && s.video.shown, 'the video playing in place', 60_000);
      await waitForHall(page, (s) => s.video !== null && s.video.playing && s.video.currentTime !== first.video!.currentTime, 'the video time to advance', 30_000);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
