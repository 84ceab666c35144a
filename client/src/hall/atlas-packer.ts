// Shelf packing of rectangles into fixed-size square pages (texture atlases). Works are sorted
// by height so each shelf wastes little; a hall's few hundred tiles pack in milliseconds.

/** A rectangle to place, in pixels. */
export interface PackItem {
  id: string;
  width: number;
  height: number;
}

/** Where an item landed: its page and its top-left corner in pixels (canvas coordinates). */
export interface PackedRect {
  id: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Result of packing: how many pages, and one rect per item in input order. */
export interface PackResult {
  pageCount: number;
  rects: PackedRect[];
}

/** Options of packAtlas. */
export interface PackOptions {
  /** Side of a square page in pixels. Default 2048. */
  pageSize?: number;
  /** Empty pixels kept around every item (against mipmap bleeding). Default 4. */
  padding?: number;
}

/**
 * Packs `items` into as few square pages as a shelf packer manages. Items are placed with
 * `padding` pixels free on every side, never overlap and never cross a page's edge. An item
 * larger than a page (padding included) throws.
 */
export function packAtlas(items: readonly PackItem[], options: PackOptions = {}): PackResult {
  const pageSize = options.pageSize ?? 2048;
  const padding = options.padding ?? 4;
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.height - a.item.height || b.item.width - a.item.width || a.index - b.index);
  const rects: PackedRect[] = new Array<PackedRect>(items.length);
  let page = 0;
  let used = false;
  let shelfY = 0;
  let shelfHeight = 0;
  let cursorX = 0;

  for (const { item, index } of order) {
    const w = Math.ceil(item.width) + padding * 2;
    const h = Math.ceil(item.height) + padding * 2;
    if (item.width <= 0 || item.height <= 0 || w > pageSize || h > pageSize) {
      throw new RangeError(`atlas item ${item.id} (${item.width}x${item.height}) does not fit a ${pageSize}px page`);
    }
    if (cursorX + w > pageSize) {
      // Next shelf.
      shelfY += shelfHeight;
      shelfHeight = 0;
      cursorX = 0;
    }
    if (shelfY + h > pageSize) {
      page += 1;
      shelfY = 0;
      shelfHeight = 0;
      cursorX = 0;
    }
    rects[index] = { id: item.id, page, x: cursorX + padding, y: shelfY + padding, width: Math.ceil(item.width), height: Math.ceil(item.height) };
    used = true;
    cursorX += w;
    shelfHeight = Math.max(shelfHeight, h);
  }
  return { pageCount: used ? page + 1 : 0, rects };
}

/** Fits `width`×`height` inside a `max`-pixel square keeping its aspect (never enlarges past max). */
export function fitTile(width: number, height: number, max: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: max, height: max };
  const scale = max / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The UV offset and scale (`[u0, v0, du, dv]`) of a packed rect on a page `pageSize` pixels wide
 * and `pageHeight` high (default square) whose texture has flipY (canvas row 0 at v = 1), as the
 * instanced `atlasRect` attribute wants it.
 */
export function rectUv(rect: Pick<PackedRect, 'x' | 'y' | 'width' | 'height'>, pageSize: number, pageHeight = pageSize): [number, number, number, number] {
  return [rect.x / pageSize, 1 - (rect.y + rect.height) / pageHeight, rect.width / pageSize, rect.height / pageHeight];
}

/**
 * Height each of `pageCount` pages needs for its rects (bottom edge plus `padding`), rounded up
 * to a multiple of `step` and at most `pageSize`: a part-filled last page is uploaded only as
 * tall as its content, not as a full square.
 */
export function usedHeights(rects: readonly Pick<PackedRect, 'page' | 'y' | 'height'>[], pageCount: number, pageSize: number, padding = 4, step = 16): number[] {
  const heights = Array.from({ length: pageCount }, () => step);
  for (const rect of rects) {
    const bottom = rect.y + rect.height + padding;
    heights[rect.page] = Math.max(heights[rect.page] ?? step, Math.min(pageSize, Math.ceil(bottom / step) * step));
  }
  return heights;
}
