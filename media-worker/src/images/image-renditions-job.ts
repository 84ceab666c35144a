import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS, MediaRejectedError, type BatchHandler, type ImageRenditionFile, type ImageRenditionsResult } from '@yunzhan/shared';
import { uprightSize } from './image-probe';

/** Width and height of a rendition whose longest side is `longest`, keeping the aspect ratio. */
export function renditionSize(width: number, height: number, longest: number): { width: number; height: number } {
  if (width >= height) return { width: longest, height: Math.max(1, Math.round((height * longest) / width)) };
  return { width: Math.max(1, Math.round((width * longest) / height)), height: longest };
}

/**
 * The longest sides to produce for a source of `width`×`height`: the requested sizes not larger
 * than the source's longest side (never enlarged), smallest first; a source smaller than all of
 * them gets one rendition at its own size.
 */
export function plannedSizes(width: number, height: number, sizes: readonly number[]): number[] {
  const longest = Math.max(width, height);
  const fit = [...new Set(sizes)].filter((s) => s <= longest).sort((a, b) => a - b);
  return fit.length > 0 ? fit : [longest];
}

/** File name of the rendition with this longest side. */
export const renditionFile = (longest: number) => `image-${longest}.webp`;

/**
 * `image-renditions`: decodes the source once (EXIF orientation applied, converted to sRGB with
 * its ICC profile), then writes one WebP per planned longest side into `outputDir`, each through
 * a temporary name and a rename so a reader never sees half a file. Progress per rendition.
 * An image sharp cannot decode (cut off, corrupt) fails the job with MEDIA_CORRUPT, one over
 * 100 megapixels with IMAGE_TOO_LARGE; neither is retried.
 */
export const renderImageRenditions: BatchHandler<'image-renditions'> = async (payload, ctx) => {
  await fs.mkdir(payload.outputDir, { recursive: true });
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  let upright: { width: number; height: number };
  let format: string;
  let sizes: number[];
  try {
    const source = sharp(payload.sourcePath, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await source.metadata();
    format = meta.format ?? 'unknown';
    upright = uprightSize(meta.width ?? 0, meta.height ?? 0, meta.orientation);
    sizes = plannedSizes(upright.width, upright.height, payload.sizes);
    // Decode once, straight to the largest size needed (JPEG shrink-on-load keeps a 100 MP
    // source cheap); each rendition is resized from these pixels.
    decoded = await source
      .clone()
      .rotate()
      .resize({ ...renditionSize(upright.width, upright.height, sizes.at(-1)!), fit: 'fill' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const reason = (err as Error).message.slice(0, 200);
    // Both name a fault of the file, so the queue does not try again.
    if (/pixel limit/i.test(reason)) throw new MediaRejectedError('IMAGE_TOO_LARGE', `The image has more than ${MAX_IMAGE_PIXELS} pixels`, { maxPixels: MAX_IMAGE_PIXELS });
    throw new MediaRejectedError('MEDIA_CORRUPT', 'The image cannot be decoded', { reason });
  }
  const { width, height, channels } = decoded.info;
  const renditions: ImageRenditionFile[] = [];
  for (const [i, longest] of sizes.entries()) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const size = renditionSize(upright.width, upright.height, longest);
    const file = renditionFile(longest);
    const target = path.join(payload.outputDir, file);
    const tmp = path.join(payload.outputDir, `.${file}.tmp`);
    const info = await sharp(decoded.data, { raw: { width, height, channels } })
      .resize({ ...size, fit: 'fill', kernel: 'lanczos3' })
      .webp({ quality: payload.quality, effort: 4 })
      .toFile(tmp);
    await fs.rename(tmp, target);
    renditions.push({ width: info.width, height: info.height, file, bytes: info.size });
    ctx.progress(((i + 1) / sizes.length) * 100);
  }
  const result: ImageRenditionsResult = { width: upright.width, height: upright.height, format, renditions };
  return result;
};
