import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import sharp from 'sharp';
import { renderImageRenditions } from '@yunzhan/media-worker';
import { getTemplate } from '@yunzhan/scenes';
import {
  EYE_LEVEL,
  ExhibitionLayout,
  IMAGE_RENDITION_SIZES,
  ImageRenditionsResult,
  WorkMetadata,
  assertLayout,
  defaultWorkSize,
  distributeEvenly,
  type HangingArea,
  type Scene,
  type Wall,
  type WallPlacement,
} from '@yunzhan/shared';
import type { Store, WorkRecord } from './db/store';
import { demoCatalogue, type DemoArtwork } from './seed-catalogue';
import { drawArtwork } from './seed-art';
import { deriveMedia } from './works/work-media';

/** Id of the demo exhibition: a published hang of the generated catalogue. */
export const DEMO_EXHIBITION = 'demo-exhibition';
/** Hall template the demo hangs in. */
export const DEMO_TEMPLATE = 'classical-gallery';
/** Longest side of the generated pictures, px: renditions up to 1024 (never enlarged) keep seeding quick. */
const SOURCE_PX = 1024;
/** Pictures drawn and processed at once (sharp runs each on libvips threads too). */
const PARALLEL = 4;

/** What the exhibition seed needs. */
export interface SeedExhibitionOptions {
  store: Store;
  /** Generated pictures are cached in `<dataDir>/seed-art/`. */
  dataDir: string;
  /** Renditions go to `<mediaDir>/media/<assetId>/` (served as `/media/...`). */
  mediaDir: string;
  /** Owner of the works and the exhibition. */
  curatorId: string;
  /** The admin recorded as its reviewer. */
  reviewerId: string;
  logger?: Logger;
  /** Stops between works (and inside a rendition job): the server is closing. */
  signal?: AbortSignal;
  /** With several hosts: this node's origin, recorded for the renditions it makes so the others proxy to it. */
  origin?: string;
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The work of one catalogue entry: its picture drawn (or taken from the cache), its renditions made, its asset and work stored. */
async function ensureWork(opts: SeedExhibitionOptions, art: DemoArtwork): Promise<WorkRecord> {
  const { store, curatorId } = opts;
  opts.signal?.throwIfAborted();
  const workId = `wk_${art.slug}`;
  const existing = await store.works.get(workId);
  if (existing) return existing;
  const outputDir = path.join(opts.mediaDir, 'media', art.slug);
  let asset = await store.assets.get(art.slug);
  if (!asset) {
    const source = path.join(opts.dataDir, 'seed-art', `${art.slug}.jpg`);
    if (!(await exists(source))) {
      const width = Math.round(art.aspect >= 1 ? SOURCE_PX : SOURCE_PX * art.aspect);
      const height = Math.round(art.aspect >= 1 ? SOURCE_PX / art.aspect : SOURCE_PX);
      await fs.mkdir(path.dirname(source), { recursive: true });
      const tmp = `${source}.tmp`;
      await sharp(Buffer.from(drawArtwork(art.style, width, height, art.palette, art.n))).jpeg({ quality: 90 }).toFile(tmp);
      await fs.rename(tmp, source);
    }
    // The same handler the `image-renditions` job runs, called directly: no queue round trip at start-up.
    const result = ImageRenditionsResult.parse(
      await renderImageRenditions(
        { assetId: art.slug, sourcePath: source, outputDir, sizes: [...IMAGE_RENDITION_SIZES], quality: 82 },
        { signal: opts.signal ?? new AbortController().signal, progress: () => undefined, attempt: 1 },
      ),
    );
    const { size } = await fs.stat(source);
    asset = await store.assets.create({
      id: art.slug,
      kind: 'image',
      ownerId: curatorId,
      filename: `${art.slug}.jpg`,
      contentType: 'image/jpeg',
      sizeBytes: size,
      status: 'ready',
      progress: 100,
      jobId: null,
      durationSeconds: null,
      width: result.width,
      height: result.height,
      result,
      error: null,
    });
    if (opts.origin) await store.assetOrigins.set(asset.id, opts.origin);
  }
  return store.works.create(
    { id: workId, kind: 'image', metadata: WorkMetadata.parse(art.metadata), assetId: asset.id, audioGuideAssetId: null, ownerId: curatorId, ...deriveMedia(asset, null) },
    new Date().getUTCFullYear(),
  );
}

/** Hanging areas at eye level on the front faces, longest first: where the demo hangs its works. */
function eyeLevelAreas(scene: Scene): { wall: Wall; area: HangingArea }[] {
  return scene.walls
    .flatMap((wall) => wall.hangingAreas.filter((a) => a.side === 'front' && a.bottom <= EYE_LEVEL && a.top >= EYE_LEVEL).map((area) => ({ wall, area })))
    .sort((a, b) => b.area.to - b.area.from - (a.area.to - a.area.from));
}

/**
 * Hangs the works along the eye-level hanging areas, as many in each as its share of their
 * total length, at real size (scaled down where an area would be crowded), then spaces each
 * wall evenly with `distributeEvenly`.
 */
export function hangWorks(scene: Scene, works: readonly WorkRecord[]): WallPlacement[] {
  const areas = eyeLevelAreas(scene);
  const total = areas.reduce((sum, { area }) => sum + area.to - area.from, 0);
  const counts = areas.map(({ area }) => Math.floor((works.length * (area.to - area.from)) / total));
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < works.length; i = (i + 1) % areas.length) counts[i]!++;
  const placements: WallPlacement[] = [];
  let next = 0;
  areas.forEach(({ wall, area }, a) => {
    const group = works.slice(next, next + counts[a]!);
    next += group.length;
    const sizes = group.map((w) => defaultWorkSize(w.metadata.dimensions, (w.media.width ?? 1) / (w.media.height ?? 1)));
    const widths = sizes.reduce((sum, s) => sum + s.width, 0);
    const tallest = Math.max(...sizes.map((s) => s.height));
    const scale = Math.min(1, (0.7 * (area.to - area.from)) / widths, (0.85 * (area.top - area.bottom)) / tallest);
    let u = area.from;
    const gap = (area.to - area.from - widths * scale) / (group.length + 1);
    group.forEach((work, i) => {
      const width = Math.round(sizes[i]!.width * scale * 1000) / 1000;
      const height = Math.round(sizes[i]!.height * scale * 1000) / 1000;
      u += gap + width / 2;
      placements.push({
        id: `p-${String(placements.length + 1).padStart(2, '0')}`,
        workId: work.id,
        mount: 'wall',
        wallId: wall.id,
        side: 'front',
        u,
        v: Math.min(area.top - height / 2, Math.max(area.bottom + height / 2, EYE_LEVEL)),
        width,
        height,
        rotationDeg: 0,
        label: 'right',
        spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
      });
      u += width / 2;
    });
  });
  let layout = { placements };
  for (const wallId of new Set(placements.map((p) => p.wallId))) layout = distributeEvenly(scene, layout, wallId, 'front');
  return layout.placements as WallPlacement[];
}

/** Six stops through the hall, each with a few sentences in both languages. */
function tourOf(placements: readonly WallPlacement[], works: ReadonlyMap<string, WorkRecord>): ExhibitionLayout['tour'] {
  const stops = 6;
  return Array.from({ length: stops }, (_, i) => {
    const placement = placements[Math.floor((i * placements.length) / stops)]!;
    const m = works.get(placement.workId)!.metadata;
    const zhOpen = i === 0 ? '欢迎来到“形与色”。我们从这里开始。' : i === stops - 1 ? '最后一站。' : '';
    const enOpen = i === 0 ? 'Welcome to Form and Colour. We begin here. ' : i === stops - 1 ? 'Our last stop. ' : '';
    const zhClose = i === stops - 1 ? '感谢您的参观，欢迎继续自由浏览。' : '请跟随我走向下一件作品。';
    const enClose = i === stops - 1 ? 'Thank you for visiting; feel free to wander on.' : 'Follow me to the next work.';
    return {
      placementId: placement.id,
      narration: {
        'zh-CN': `${zhOpen}这是${m.creator}的《${m.title['zh-CN']}》，${m.date}。${m.description?.['zh-CN'] ?? ''}${zhClose}`,
        en: `${enOpen}This is ${m.title.en || m.title['zh-CN']} by ${m.creator}, ${m.date}. ${m.description?.en ?? ''} ${enClose}`,
      },
    };
  });
}

/**
 * The demo exhibition, created once: 32 generated pictures catalogued as the curator's works
 * (bilingual metadata), turned into WebP renditions by the image-renditions handler, hung in the
 * classical gallery, a six-stop guided tour, and published as approved. Each step skips what an
 * earlier run left (cached pictures, assets, works), so a restart redoes nothing.
 */
export async function seedExhibition(opts: SeedExhibitionOptions): Promise<{ created: boolean; works: number }> {
  const { store } = opts;
  const existing = await store.exhibitions.get(DEMO_EXHIBITION);
  if (existing) return { created: false, works: existing.published?.placements.length ?? 0 };
  const started = Date.now();
  const works = await mapLimit(demoCatalogue(), PARALLEL, (art) => ensureWork(opts, art));
  opts.signal?.throwIfAborted();
  const scene = getTemplate(DEMO_TEMPLATE);
  const placements = hangWorks(scene, works).map((p, i) => (i % 5 === 0 ? { ...p, spotlight: { on: true, intensity: 60, colour: '#fff4e0' } } : p));
  const layout = ExhibitionLayout.parse({
    templateId: DEMO_TEMPLATE,
    lighting: 'warm',
    placements,
    tour: tourOf(placements, new Map(works.map((w) => [w.id, w]))),
  });
  assertLayout(scene, layout);
  const now = new Date().toISOString();
  await store.exhibitions.create({
    id: DEMO_EXHIBITION,
    title: { 'zh-CN': '形与色 · 云展演示展', en: 'Form and Colour · a Yunzhan demo exhibition' },
    summary: {
      'zh-CN': '三十二件由程序生成的抽象作品，悬挂在古典长廊中：色域、网格、山水、波纹与镶嵌。附六站语音导览。',
      en: 'Thirty-two generated abstract works hung in the classical gallery: colour fields, grids, landscapes, waves and mosaics, with a six-stop guided tour.',
    },
    ownerId: opts.curatorId,
    status: 'approved',
    draft: layout,
    revision: 1,
    published: layout,
    review: { decision: 'approve', comment: '演示展览 · Demo exhibition', reviewerId: opts.reviewerId, at: now },
    publishedAt: now,
  });
  opts.logger?.info({ works: placements.length, ms: Date.now() - started }, 'demo exhibition seeded');
  return { created: true, works: placements.length };
}
