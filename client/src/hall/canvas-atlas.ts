import { CanvasTexture, LinearFilter, LinearMipmapLinearFilter, SRGBColorSpace } from 'three';
import { requestBlob } from '../lib/http';

// Atlas pages: 2D canvases the works' tiles are drawn into, each uploaded as one texture. Tiles
// arrive one by one (images decode asynchronously); a page is re-uploaded at most once per flush.

/** One page: its canvas and the texture made from it. */
export interface AtlasPage {
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
  texture: CanvasTexture;
}

/**
 * A set of canvas pages `pageSize` pixels wide (square, or as tall as `heights` says) with
 * textures; `dispose()` frees the GPU side.
 */
export class CanvasAtlas {
  readonly pages: AtlasPage[] = [];
  private readonly dirty = new Set<number>();

  /** `pageCount` pages of `pageSize` pixels (`heights[i]` high if given), filled with `background`. */
  constructor(
    pageCount: number,
    readonly pageSize: number,
    background: string,
    heights?: readonly number[],
  ) {
    for (let i = 0; i < pageCount; i++) {
      const canvas = document.createElement('canvas');
      canvas.width = pageSize;
      canvas.height = heights?.[i] ?? pageSize;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('2D canvas is not available');
      context.fillStyle = background;
      context.fillRect(0, 0, canvas.width, canvas.height);
      const texture = new CanvasTexture(canvas);
      texture.colorSpace = SRGBColorSpace;
      texture.minFilter = LinearMipmapLinearFilter;
      texture.anisotropy = 4;
      this.pages.push({ canvas, context, texture });
    }
  }

  /** Draws on page `page` and marks it for upload at the next flush. */
  draw(page: number, paint: (context: CanvasRenderingContext2D) => void): void {
    const target = this.pages[page];
    if (!target) return;
    target.context.save();
    paint(target.context);
    target.context.restore();
    this.dirty.add(page);
  }

  /**
   * Uploads every page drawn on since the last flush; returns whether any was. While tiles are
   * still arriving (`partial`), pages go up without mipmaps: building a 2048 px mip chain on every
   * interim upload is what made loading slow on software GL. The last flush builds them once.
   */
  flush(partial = false): boolean {
    if (this.dirty.size === 0) return false;
    for (const page of this.dirty) {
      const target = this.pages[page];
      if (!target) continue;
      target.texture.generateMipmaps = !partial;
      target.texture.minFilter = partial ? LinearFilter : LinearMipmapLinearFilter;
      target.texture.needsUpdate = true;
    }
    this.dirty.clear();
    return true;
  }

  /** The last flush once every tile is in: every page goes up once more, with its mipmaps. */
  finish(): void {
    this.pages.forEach((_, i) => this.dirty.add(i));
    this.flush(false);
  }

  /**
   * Frees the textures' GPU memory. The canvases stay, so a texture used again (React's strict
   * mode re-runs effects) is simply uploaded again; they go with the garbage collector.
   */
  dispose(): void {
    for (const page of this.pages) page.texture.dispose();
  }
}

/**
 * Draws `image` into the rect and smears its edges into the `bleed` pixels around it, so mipmaps
 * and filtering never pull in a neighbour's colours.
 */
export function drawTile(
  context: CanvasRenderingContext2D,
  image: CanvasImageSource,
  rect: { x: number; y: number; width: number; height: number },
  bleed = 3,
): void {
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, rect.x - bleed, rect.y - bleed, rect.width + bleed * 2, rect.height + bleed * 2);
  context.drawImage(image, rect.x, rect.y, rect.width, rect.height);
}

/**
 * Fetches and decodes a same-origin image off the main thread, resized by the browser to `size`
 * when given; `flipY` flips it for textures (WebGL ignores flipY for ImageBitmaps).
 */
export async function loadBitmap(url: string, size?: { width: number; height: number }, signal?: AbortSignal, flipY = false): Promise<ImageBitmap> {
  const blob = await requestBlob(url, signal);
  const options: ImageBitmapOptions = { imageOrientation: flipY ? 'flipY' : 'from-image' };
  if (size) Object.assign(options, { resizeWidth: Math.max(1, Math.round(size.width)), resizeHeight: Math.max(1, Math.round(size.height)), resizeQuality: 'high' });
  return createImageBitmap(blob, options);
}

/** Runs `tasks` with at most `limit` in flight; resolves when all have settled. */
export async function runLimited(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
