import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { generateHallLayout, getTemplate } from '@yunzhan/scenes';
import { validateLayout } from '@yunzhan/shared';
import { launchChromium } from '../../tests/helpers/browser';
import { ADMIN_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from '../../tests/helpers/server';
import { createUpload, patchUpload, uploadUrlOf } from '../../tests/helpers/tus';

// A generated hall of 200 image works rendered by the real visitor page in headless Chromium
// (WebGL through SwiftShader): renderer.info figures, a texture memory estimate and the time to
// the first frame with every picture in, against bare three.js drawing the same number of
// textured planes the naive way (one mesh and one texture each); plus the lobby's gzip size.

const WORKS = 200;
/** How long to wait for every picture to be in, seconds (BENCH_HALL_TIMEOUT_S). Default 300. */
const HALL_TIMEOUT_S = Number(process.env.BENCH_HALL_TIMEOUT_S ?? 300);
const VIEWPORT = { width: 1280, height: 720 };
/** Forces a quality tier (`?quality=`): high, medium or low. Default: the page's own choice. */
const HALL_QUALITY = process.env.BENCH_HALL_QUALITY ?? '';
/** Side of each generated picture, px (the atlas packs 256 px tiles of it). */
const PICTURE_PX = 512;

/** What the hall renderer publishes (`window.__yunzhanHall`, client/src/hall/hall-stats.tsx). */
interface HallFigures {
  drawCalls: number;
  triangles: number;
  textures: number;
  geometries: number;
  textureBytes: number;
  firstFrameMs: number | null;
  ready: boolean;
  works: number;
  atlasPages: number;
  labelPages: number;
  fps: number;
  quality: string;
  qualityStep: number;
  dpr: number;
  antialias: boolean;
}

/** Figures of one renderer. */
export interface RenderFigures {
  drawCalls: number;
  triangles: number;
  textures: number;
  textureMB: number;
  /** Navigation start to the first frame with every picture in, ms; null if never reached. */
  firstFrameMs: number | null;
}

/** Result of the hall section. */
export interface HallRenderResult {
  works: number;
  hall: RenderFigures & {
    atlasPages: number;
    labelPages: number;
    ready: boolean;
    /** Frames a second, median of a few samples once everything is in. */
    fps: number | null;
    /** The quality tier the page chose (BENCH_HALL_QUALITY forces one) and its run-time step down. */
    quality: string | null;
    qualityStep: number | null;
    dpr: number | null;
    antialias: boolean | null;
    waitedSeconds: number;
  };
  bare: RenderFigures;
  /** The lobby's up-front assets, gzip level 9. */
  lobby: { files: { file: string; bytes: number; gzip: number }[]; gzipTotal: number; threeUpFront: boolean };
}

/** A varied picture: gradient, circles and stripes from the index. */
function pictureSvg(i: number): string {
  const hue = (i * 137.5) % 360;
  const circles = Array.from({ length: 3 + (i % 5) }, (_, k) => {
    const x = (((i + 1) * (k + 3) * 53) % PICTURE_PX).toFixed(0);
    const y = (((i + 7) * (k + 1) * 31) % PICTURE_PX).toFixed(0);
    return `<circle cx="${x}" cy="${y}" r="${30 + ((i * k * 17) % 90)}" fill="hsl(${(hue + k * 47) % 360} 70% ${40 + (k % 3) * 12}%)" opacity="0.85"/>`;
  }).join('');
  const stripes = Array.from({ length: i % 4 }, (_, k) => `<rect x="0" y="${60 + k * 110}" width="${PICTURE_PX}" height="18" fill="hsl(${(hue + 180) % 360} 40% 85%)"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE_PX}" height="${PICTURE_PX}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 60% 30%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360} 60% 70%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${stripes}${circles}<text x="24" y="${PICTURE_PX - 30}" font-size="48" font-family="sans-serif" fill="#fff">${i + 1}</text></svg>`;
}

async function json<T>(server: TestServer, method: string, url: string, cookie: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Uploads picture `i` through tus, waits for its renditions, catalogues it as a work; returns the work id. */
async function createWork(server: TestServer, curator: string, i: number): Promise<string> {
  const png = await sharp(Buffer.from(pictureSvg(i))).png().toBuffer();
  const created = await createUpload(server.url, curator, png.length, { filename: `bench-${i + 1}.png`, filetype: 'image/png' });
  if (created.status !== 201) throw new Error(`upload ${i}: ${created.status} ${created.body}`);
  const done = await patchUpload(uploadUrlOf(server.url, created), curator, 0, png);
  const assetId = (JSON.parse(done.body) as { asset: { id: string } }).asset.id;
  await waitFor(async () => (await json<{ status: string }>(server, 'GET', `/api/assets/${assetId}`, curator)).body.status === 'ready', 120_000, `renditions of picture ${i + 1}`);
  const metadata = {
    title: { 'zh-CN': `基准作品 ${i + 1}`, en: `Bench work ${i + 1}` },
    creator: '基准 Bench',
    date: '2026',
    dimensions: { widthCm: 100, heightCm: 80 },
    rights: { holder: 'Yunzhan', licence: 'cc-by' },
  };
  return (await json<{ id: string }>(server, 'POST', '/api/works', curator, { assetId, kind: 'image', metadata })).body.id;
}

/** Runs `fn` over 0..count-1, `limit` at a time. */
async function mapLimit<R>(count: number, limit: number, fn: (i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  }));
  return results;
}

/** Creates the 200 works and an approved exhibition hanging them in `generated-hall-200`. */
async function createExhibition(server: TestServer, log: (s: string) => void): Promise<string> {
  const password = server.seeded.find((a) => a.username === 'curator')?.password;
  if (!password) throw new Error('the curator was not seeded');
  const curator = await signIn(server.url, 'curator', password);
  const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  const t0 = Date.now();
  const workIds = await mapLimit(WORKS, 4, (i) => createWork(server, curator, i));
  log(`  ${WORKS} works uploaded, rendered and catalogued through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const templateId = `generated-hall-${WORKS}`;
  const scene = getTemplate(templateId);
  const layout = generateHallLayout(scene, workIds);
  const problems = validateLayout(scene, layout);
  if (problems.length > 0) throw new Error(`generated layout invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  const id = 'bench-hall-200';
  await json(server, 'POST', '/api/exhibitions', curator, { id, title: { 'zh-CN': '两百件作品', en: 'Two hundred works' }, templateId });
  await json(server, 'PUT', `/api/exhibitions/${id}/draft`, curator, { baseRevision: 0, layout });
  await json(server, 'POST', `/api/exhibitions/${id}/submit`, curator);
  await json(server, 'POST', `/api/exhibitions/${id}/review`, admin, { decision: 'approve' });
  return id;
}

/** Loads the visitor page and waits until every picture is in (the hall's `ready`). */
async function measureHall(browser: Browser, server: TestServer, id: string): Promise<HallRenderResult['hall']> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}/exhibitions/${id}${HALL_QUALITY ? `?quality=${encodeURIComponent(HALL_QUALITY)}` : ''}`);
  // A machine without a GPU may never get there (SwiftShader on a busy CPU): then the figures
  // are those of the last frame drawn, reported as not ready, rather than no figures at all.
  const t0 = Date.now();
  const ready = await page
    .waitForFunction(() => window.__yunzhanHall?.ready === true && window.__yunzhanHall.firstFrameMs !== null, undefined, { timeout: HALL_TIMEOUT_S * 1000, polling: 250 })
    .then(() => true, () => false);
  const waitedSeconds = (Date.now() - t0) / 1000;
  // A few publishes (4 a second) once everything is in: figures of frames drawn with all in
  // place, and the median frame rate.
  const samples: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(1000);
    const fps = await page.evaluate(() => window.__yunzhanHall?.fps ?? null);
    if (fps !== null) samples.push(fps);
  }
  samples.sort((a, b) => a - b);
  const h = (await page.evaluate(() => window.__yunzhanHall)) as Partial<HallFigures> & Omit<HallFigures, 'fps' | 'quality' | 'qualityStep' | 'dpr' | 'antialias'> | null;
  await context.close();
  if (!h) throw new Error(`the hall never rendered; page errors ${JSON.stringify(errors.slice(0, 5))}`);
  if (errors.length > 0) process.stdout.write(`  page errors: ${JSON.stringify(errors.slice(0, 5))}\n`);
  return {
    drawCalls: h.drawCalls,
    triangles: h.triangles,
    textures: h.textures,
    textureMB: h.textureBytes / 2 ** 20,
    firstFrameMs: h.firstFrameMs,
    atlasPages: h.atlasPages,
    labelPages: h.labelPages,
    ready,
    fps: samples.length > 0 ? (samples[Math.floor(samples.length / 2)] ?? null) : null,
    quality: h.quality ?? null,
    qualityStep: h.qualityStep ?? null,
    dpr: h.dpr ?? null,
    antialias: h.antialias ?? null,
    waitedSeconds,
  };
}

const require = createRequire(import.meta.url);

/** Bare three.js: `count` planes, each its own mesh, material and 256 px canvas texture, all in view. */
async function measureBare(browser: Browser, origin: string, count: number): Promise<RenderFigures> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page: Page = await context.newPage();
  // three's package exports only its entry points; three.module.js imports ./three.core.js beside it.
  const threeBuild = path.dirname(require.resolve('three'));
  const html = `<!doctype html><html><body style="margin:0"><script type="importmap">{"imports":{"three":"/bench-three/three.module.js"}}</script>
<script type="module">
import * as THREE from 'three';
const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setSize(innerWidth, innerHeight);
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera(70, innerWidth / innerHeight, 0.05, 250);
camera.position.set(0, 0, 14);
const plane = new THREE.PlaneGeometry(1, 0.8);
const textures = [];
for (let i = 0; i < ${count}; i++) {
  const canvas = document.createElement('canvas');
  canvas.width = 256; canvas.height = 256;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'hsl(' + ((i * 137.5) % 360) + ' 60% 45%)';
  ctx.fillRect(0, 0, 256, 256);
  ctx.fillStyle = '#fff'; ctx.font = '64px sans-serif'; ctx.fillText(String(i + 1), 40, 150);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  textures.push(texture);
  const mesh = new THREE.Mesh(plane, new THREE.MeshStandardMaterial({ map: texture, roughness: 0.8 }));
  mesh.position.set((i % 20) * 1.2 - 11.4, Math.floor(i / 20) * 1 - 4.5, 0);
  scene.add(mesh);
}
scene.add(new THREE.HemisphereLight('#ffffff', '#444444', 1.5));
renderer.render(scene, camera);
const firstFrameMs = Math.round(performance.now());
const bytes = textures.reduce((sum, t) => sum + t.image.width * t.image.height * 4 * (t.generateMipmaps ? 4 / 3 : 1), 0);
window.__bare = { drawCalls: renderer.info.render.calls, triangles: renderer.info.render.triangles, textures: renderer.info.memory.textures, textureBytes: bytes, firstFrameMs };
</script></body></html>`;
  await page.route(`${origin}/bench-bare`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.route(`${origin}/bench-three/*`, (route) => {
    const file = path.join(threeBuild, path.basename(new URL(route.request().url()).pathname));
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: fs.readFileSync(file) });
  });
  await page.goto(`${origin}/bench-bare`);
  await page.waitForFunction(() => (window as unknown as { __bare?: unknown }).__bare !== undefined, undefined, { timeout: 120_000 });
  const b = (await page.evaluate(() => (window as unknown as { __bare: { drawCalls: number; triangles: number; textures: number; textureBytes: number; firstFrameMs: number } }).__bare));
  await context.close();
  return { drawCalls: b.drawCalls, triangles: b.triangles, textures: b.textures, textureMB: b.textureBytes / 2 ** 20, firstFrameMs: b.firstFrameMs };
}

/** The JS and CSS client/dist/index.html loads up front, each gzipped at level 9. */
export function lobbyBundle(distDir = path.resolve('client/dist')): HallRenderResult['lobby'] {
  const index = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const refs = [...index.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)].map((ref) => {
    const data = fs.readFileSync(path.join(distDir, ref.replace(/^\//, '')));
    return { file: ref, bytes: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length, three: data.includes('isWebGLRenderer') };
  });
  return {
    files: files.map(({ file, bytes, gzip }) => ({ file, bytes, gzip })),
    gzipTotal: files.reduce((sum, f) => sum + f.gzip, 0),
    threeUpFront: files.some((f) => f.three),
  };
}

/** Runs the hall section: server, 200 works, exhibition, hall and bare renders, lobby size. */
export async function measureHallRender(log: (s: string) => void): Promise<HallRenderResult> {
  const lobby = lobbyBundle();
  const server = await startTestServer({ seedExhibition: false });
  let browser: Browser | undefined;
  try {
    const id = await createExhibition(server, log);
    browser = await launchChromium();
    const hall = await measureHall(browser, server, id);
    log(`  hall: quality ${hall.quality ?? '?'} (stepped down ${hall.qualityStep ?? '?'}×, dpr ${hall.dpr ?? '?'}, antialias ${hall.antialias ?? '?'}), ${hall.fps ?? '?'} fps at ${VIEWPORT.width}×${VIEWPORT.height}`);
    log(`  hall: ${hall.drawCalls} draw calls, ${hall.triangles} triangles, ${hall.textures} textures (~${hall.textureMB.toFixed(1)} MB; ${hall.atlasPages} picture + ${hall.labelPages} label atlas pages), ${hall.ready ? `all works in, first frame with every picture ${hall.firstFrameMs} ms after navigation (${hall.waitedSeconds.toFixed(1)} s waited)` : `NOT fully loaded after ${hall.waitedSeconds.toFixed(0)} s`}`);
    const bare = await measureBare(browser, server.url, WORKS);
    log(`  bare three.js: ${bare.drawCalls} draw calls, ${bare.textures} textures (~${bare.textureMB.toFixed(1)} MB), first frame ${bare.firstFrameMs} ms`);
    return { works: WORKS, hall, bare, lobby };
  } finally {
    await browser?.close();
    await server.dispose();
  }
}
