import type { Work } from '@yunzhan/shared';
import { useEffect, useMemo, useState } from 'react';
import { fitTile, packAtlas, rectUv, usedHeights } from './atlas-packer';
import { CanvasAtlas, drawTile, loadBitmap, runLimited } from './canvas-atlas';
import { ATLAS_TILE_PX, atlasRendition, isSameOriginPath } from './work-images';

/** Side of an atlas page in pixels. */
export const ATLAS_PAGE_PX = 2048;
/** Images decoded at once while building the atlas. */
const CONCURRENT_LOADS = 6;
/** Longest gap between re-uploads of a page while tiles arrive, milliseconds (default). */
const FLUSH_MS = 200;
/** Empty pixels around each tile (mipmap bleeding). */
const PADDING = 4;

/** Where a work's tile is: its page and UV rect `[u0, v0, du, dv]`. */
export interface AtlasTile {
  page: number;
  uv: [number, number, number, number];
}

/** The works' atlas: pages (textures), tiles by work id, and whether every image has arrived. */
export interface WorkAtlas {
  atlas: CanvasAtlas;
  tiles: ReadonlyMap<string, AtlasTile>;
  /** True once every tile has loaded (or failed) and been uploaded. */
  ready: boolean;
}

/** Paints a stand-in tile: the work's kind symbol and catalogue number (media still missing). */
function paintPlaceholder(context: CanvasRenderingContext2D, work: Work, rect: { x: number; y: number; width: number; height: number }) {
  const symbols: Record<Work['kind'], string> = { image: '▧', video: '▶', model: '◆', audio: '♪' };
  context.fillStyle = work.kind === 'video' ? '#15171d' : '#3a3d46';
  context.fillRect(rect.x - 3, rect.y - 3, rect.width + 6, rect.height + 6);
  context.fillStyle = '#c9ccd6';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = `${Math.round(rect.height * 0.32)}px sans-serif`;
  context.fillText(symbols[work.kind], rect.x + rect.width / 2, rect.y + rect.height * 0.42);
  context.font = `${Math.round(rect.height * 0.07)}px monospace`;
  context.fillText(work.catalogueNumber, rect.x + rect.width / 2, rect.y + rect.height * 0.78, rect.width * 0.9);
}

/**
 * Packs every work's small rendition (its poster for non-image works), `tilePx` along its
 * longest side, into 2048 px wide atlas pages, each only as tall as its tiles need. The layout
 * is known from the renditions' sizes before any image arrives, so the hall renders at once
 * with stand-in tiles that fill in as images decode (pages re-uploaded at most every `flushMs`).
 * Textures are disposed on change and unmount.
 */
export function useWorkAtlas(works: readonly Work[], tilePx = ATLAS_TILE_PX, flushMs = FLUSH_MS): WorkAtlas {
  // Only what the atlas depends on: a metadata edit does not rebuild it.
  const key = works.map((w) => `${w.id}:${atlasRendition(w, tilePx)?.url ?? ''}`).join('|');
  const packed = useMemo(() => {
    const unique = [...new Map(works.map((w) => [w.id, w])).values()];
    const items = unique.map((work) => {
      const rendition = atlasRendition(work, tilePx);
      const size = rendition ? fitTile(rendition.width, rendition.height, tilePx) : { width: tilePx, height: tilePx };
      return { id: work.id, ...size, work, url: isSameOriginPath(rendition?.url) ? rendition.url : null };
    });
    const result = packAtlas(items, { pageSize: ATLAS_PAGE_PX, padding: PADDING });
    const heights = usedHeights(result.rects, Math.max(1, result.pageCount), ATLAS_PAGE_PX, PADDING);
    const atlas = new CanvasAtlas(Math.max(1, result.pageCount), ATLAS_PAGE_PX, '#2a2c33', heights);
    const tiles = new Map<string, AtlasTile>();
    result.rects.forEach((rect, i) => {
      const item = items[i];
      if (!item) return;
      tiles.set(rect.id, { page: rect.page, uv: rectUv(rect, ATLAS_PAGE_PX, heights[rect.page]) });
      atlas.draw(rect.page, (context) => paintPlaceholder(context, item.work, rect));
    });
    atlas.flush(true);
    return { atlas, tiles, jobs: items.map((item, i) => ({ item, rect: result.rects[i] })) };
    // Keyed on the atlas-relevant data only (`key`), not on the works array itself.
  }, [key, tilePx]);

  const [readyFor, setReadyFor] = useState<CanvasAtlas | null>(null);

  useEffect(() => {
    const { atlas, jobs } = packed;
    const controller = new AbortController();
    const timer = setInterval(() => atlas.flush(true), flushMs);
    const tasks = jobs.flatMap(({ item, rect }) => {
      if (!item.url || !rect) return [];
      const url = item.url;
      return [
        async () => {
          const bitmap = await loadBitmap(url, { width: rect.width, height: rect.height }, controller.signal);
          if (controller.signal.aborted) return bitmap.close();
          atlas.draw(rect.page, (context) => drawTile(context, bitmap, rect));
          bitmap.close();
        },
      ];
    });
    void runLimited(tasks, CONCURRENT_LOADS).then(() => {
      if (controller.signal.aborted) return;
      clearInterval(timer);
      atlas.finish();
      setReadyFor(atlas);
    });
    return () => {
      controller.abort();
      clearInterval(timer);
      atlas.dispose();
    };
  }, [packed, flushMs]);

  return { atlas: packed.atlas, tiles: packed.tiles, ready: readyFor === packed.atlas };
}
