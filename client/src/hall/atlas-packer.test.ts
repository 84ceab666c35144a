import { describe, expect, it } from 'vitest';
import { fitTile, packAtlas, rectUv, usedHeights } from './atlas-packer';

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('packAtlas', () => {
  it('places 200 tiles of mixed shapes on 2048 px pages without overlaps or crossing an edge', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `w${i}`, ...fitTile(100 + ((i * 37) % 300), 100 + ((i * 53) % 300), 256) }));
    const { pageCount, rects } = packAtlas(items, { pageSize: 2048, padding: 4 });
    expect(rects).toHaveLength(200);
    for (const [i, rect] of rects.entries()) {
      expect(rect.id).toBe(`w${i}`);
      expect(rect.x).toBeGreaterThanOrEqual(4);
      expect(rect.y).toBeGreaterThanOrEqual(4);
      expect(rect.x + rect.width).toBeLessThanOrEqual(2048 - 4);
      expect(rect.y + rect.height).toBeLessThanOrEqual(2048 - 4);
      expect(rect.page).toBeLessThan(pageCount);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!;
        const b = rects[j]!;
        if (a.page === b.page) expect(overlaps(a, b)).toBe(false);
      }
    }
    // 200 tiles of at most 264 px (padding included) need at least 4 pages; shelves keep it close.
    expect(pageCount).toBeGreaterThanOrEqual(3);
    expect(pageCount).toBeLessThanOrEqual(5);
  });

  it('keeps padding between neighbours', () => {
    const { rects } = packAtlas(
      [
        { id: 'a', width: 100, height: 100 },
        { id: 'b', width: 100, height: 100 },
      ],
      { pageSize: 512, padding: 4 },
    );
    const [a, b] = rects;
    expect(b!.x - (a!.x + a!.width)).toBe(8);
  });

  it('opens a new page when one is full', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, width: 240, height: 240 }));
    const { pageCount, rects } = packAtlas(items, { pageSize: 512, padding: 4 });
    // Two 248 px tiles per row and two rows per 512 px page: four per page.
    expect(pageCount).toBe(2);
    expect(rects.filter((r) => r.page === 1)).toHaveLength(1);
  });

  it('packs nothing into no pages', () => {
    expect(packAtlas([])).toEqual({ pageCount: 0, rects: [] });
  });

  it('refuses a tile larger than a page', () => {
    expect(() => packAtlas([{ id: 'huge', width: 600, height: 10 }], { pageSize: 512 })).toThrow(RangeError);
  });
});

describe('fitTile and rectUv', () => {
  it('fits a tile inside the square keeping its aspect', () => {
    expect(fitTile(4000, 2000, 256)).toEqual({ width: 256, height: 128 });
    expect(fitTile(100, 400, 256)).toEqual({ width: 64, height: 256 });
  });

  it('maps a canvas rect to flipped-Y texture coordinates', () => {
    expect(rectUv({ x: 0, y: 0, width: 1024, height: 512 }, 2048)).toEqual([0, 0.75, 0.5, 0.25]);
  });
});

describe('usedHeights', () => {
  it('trims each page to its content, in steps, never past the page', () => {
    const rects = [
      { page: 0, y: 4, height: 2040 },
      { page: 1, y: 4, height: 100 },
      { page: 1, y: 200, height: 100 },
    ];
    expect(usedHeights(rects, 2, 2048, 4, 16)).toEqual([2048, 304]);
  });

  it('packs 200 works of 192 px into two pages, the second trimmed', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `w${i}`, width: 192, height: 154 }));
    const { pageCount, rects } = packAtlas(items, { pageSize: 2048, padding: 4 });
    expect(pageCount).toBe(2);
    const heights = usedHeights(rects, pageCount, 2048);
    expect(heights[1]).toBeLessThan(2048);
    expect(rectUv({ x: 0, y: 0, width: 1024, height: 256 }, 2048, 512)).toEqual([0, 0.5, 0.5, 0.5]);
  });
});
