import type { Work } from '@yunzhan/shared';
import { useEffect, useMemo } from 'react';
import type { Locale } from '../i18n/dictionary';
import { rectUv } from './atlas-packer';
import { CanvasAtlas } from './canvas-atlas';
import type { AtlasTile } from './use-work-atlas';
import { localized } from './localized';

/**
 * A label card's size in pixels (2:1, like its size on the wall): 680 px a metre, sharp from
 * about a metre away, and 200 cards fill one 2048 px page exactly.
 */
export const LABEL_PX = { width: 204, height: 102 };
/** A label card's size on the wall, metres. */
export const LABEL_SIZE = { width: 0.3, height: 0.15 };

/**
 * The narrowest page (512, 1024 or 2048 px wide) holding `count` labels, labels per page, and
 * each page's height: full pages are square, the last only as tall as its rows.
 */
export function labelPageLayout(count: number): { pageSize: number; columns: number; perPage: number; heights: number[] } {
  for (const pageSize of [512, 1024, 2048]) {
    const columns = Math.floor(pageSize / LABEL_PX.width);
    const perPage = columns * Math.floor(pageSize / LABEL_PX.height);
    if (count <= perPage || pageSize === 2048) {
      const pages = Math.max(1, Math.ceil(count / perPage));
      const heights = Array.from({ length: pages }, (_, page) => {
        const rows = Math.ceil(Math.max(1, Math.min(perPage, count - page * perPage)) / columns);
        return Math.min(pageSize, Math.ceil((rows * LABEL_PX.height) / 16) * 16);
      });
      return { pageSize, columns, perPage, heights };
    }
  }
  throw new Error('unreachable');
}

/** Breaks `text` into at most `maxLines` lines fitting `width` pixels (CJK breaks anywhere). */
function wrap(context: CanvasRenderingContext2D, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of Array.from(text)) {
    if (context.measureText(line + char).width > width && line !== '') {
      lines.push(line);
      line = char.trimStart();
      if (lines.length === maxLines) break;
    } else line += char;
  }
  if (lines.length < maxLines && line) lines.push(line);
  else if (lines.length === maxLines) lines[maxLines - 1] = `${(lines[maxLines - 1] ?? '').slice(0, -1)}…`;
  return lines;
}

function paintLabel(context: CanvasRenderingContext2D, work: Work, locale: Locale, x: number, y: number) {
  const { width, height } = LABEL_PX;
  // The layout was drawn for a 320 px card; every measure scales with the card.
  const k = width / 320;
  const px = (n: number) => Math.round(n * k);
  const pad = px(16);
  context.fillStyle = '#f3f0e8';
  context.fillRect(x, y, width, height);
  context.fillStyle = '#1c1c1f';
  context.textBaseline = 'top';
  context.font = `bold ${px(24)}px sans-serif`;
  const title = wrap(context, localized(work.metadata.title, locale), width - pad * 2, 2);
  let cursor = y + pad;
  for (const line of title) {
    context.fillText(line, x + pad, cursor);
    cursor += px(29);
  }
  context.font = `${px(19)}px sans-serif`;
  context.fillStyle = '#3a3a40';
  const byline = [work.metadata.creator, work.metadata.date].filter(Boolean).join(', ');
  context.fillText(byline, x + pad, cursor + px(4), width - pad * 2);
  const medium = localized(work.metadata.medium, locale);
  if (medium) context.fillText(medium, x + pad, cursor + px(28), width - pad * 2);
  context.font = `${px(16)}px monospace`;
  context.fillStyle = '#6b6b73';
  context.fillText(work.catalogueNumber, x + pad, y + height - pad - px(16), width - pad * 2);
}

/**
 * Wall labels of `works` drawn in the current language into atlas pages (one tile per work;
 * a work shown twice shares it; 200 labels to a 2048 px page). Redrawn when the language
 * changes; disposed on unmount.
 */
export function useLabelAtlas(works: readonly Work[], locale: Locale): { atlas: CanvasAtlas; tiles: ReadonlyMap<string, AtlasTile> } {
  const result = useMemo(() => {
    const unique = [...new Map(works.map((w) => [w.id, w])).values()];
    const { pageSize, columns, perPage, heights } = labelPageLayout(unique.length);
    const atlas = new CanvasAtlas(heights.length, pageSize, '#f3f0e8', heights);
    const tiles = new Map<string, AtlasTile>();
    unique.forEach((work, i) => {
      const page = Math.floor(i / perPage);
      const slot = i % perPage;
      const x = (slot % columns) * LABEL_PX.width;
      const y = Math.floor(slot / columns) * LABEL_PX.height;
      atlas.draw(page, (context) => paintLabel(context, work, locale, x, y));
      // Half a pixel in from the edge so filtering never reaches the neighbouring card.
      tiles.set(work.id, { page, uv: rectUv({ x: x + 1, y: y + 1, width: LABEL_PX.width - 2, height: LABEL_PX.height - 2 }, pageSize, heights[page]) });
    });
    atlas.flush();
    return { atlas, tiles };
  }, [works, locale]);
  useEffect(() => () => result.atlas.dispose(), [result]);
  return result;
}
