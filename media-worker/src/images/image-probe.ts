import fs from 'node:fs/promises';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MediaRejectedError } from '@yunzhan/shared';

/** Image formats accepted as sharp names them (AVIF is a HEIF container with AV1 inside). */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif']);

/** What the image check learnt about an accepted image. */
export interface ImageFacts {
  /** sharp's format name: `jpeg`, `png`, `webp` or `heif` (AVIF). */
  format: string;
  /** Size as displayed: EXIF orientation applied, px. */
  width: number;
  height: number;
  sizeBytes: number;
}

/** Options of `probeImage`. */
export interface ProbeImageOptions {
  /** Largest accepted image in pixels. Default MAX_IMAGE_PIXELS (100 megapixels). */
  maxPixels?: number;
  /** Largest accepted file in bytes. Default MAX_IMAGE_BYTES (200 MB). */
  maxBytes?: number;
}

/** The image format a file's first bytes announce (JPEG, PNG, WebP, AVIF), or undefined. */
export function sniffImage(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | 'avif' | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && ['avif', 'avis'].includes(b.toString('latin1', 8, 12))) return 'avif';
  return undefined;
}

/** The IEND chunk every PNG ends with: length 0, type `IEND`, its fixed CRC. */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** Bytes at the end of a PNG searched for IEND (some tools leave a little after it). */
const PNG_TAIL_BYTES = 4096;

/** Whether a PNG file has its IEND chunk near its end: without it the file was cut off. Reads only the tail. */
async function pngIsComplete(file: string, size: number): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const length = Math.min(size, PNG_TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    return tail.includes(PNG_IEND);
  } finally {
    await handle.close();
  }
}

/** Size as displayed: EXIF orientations 5..8 turn the picture by 90°. */
export function uprightSize(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
  return orientation !== undefined && orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

/**
 * Checks an uploaded image with sharp before it is accepted: JPEG, PNG, WebP or AVIF whose
 * header sharp decodes (else NOT_MEDIA), at most `maxPixels` (else IMAGE_TOO_LARGE), not over
 * `maxBytes` (MEDIA_TOO_LARGE), and a PNG not cut off before its IEND chunk (MEDIA_CORRUPT).
 * Reads the header and a PNG's last 4 KiB only; the renditions job decodes the pixels. libvips
 * reads the header on its own threads, so the main thread parses none of the image.
 */
export async function probeImage(file: string, options: ProbeImageOptions = {}): Promise<ImageFacts> {
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const { size } = await fs.stat(file);
  if (size > maxBytes) throw new MediaRejectedError('MEDIA_TOO_LARGE', `The image is larger than ${maxBytes} bytes`, { sizeBytes: size, maxBytes });
  if (size === 0) throw new MediaRejectedError('NOT_MEDIA', 'The file is empty');
  let meta: sharp.Metadata;
  try {
    // limitInputPixels off here: the pixel limit is ours to report with its own code below.
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaRejectedError('NOT_MEDIA', 'This file is not an image that can be read');
  }
  const format = meta.format ?? '';
  if (!ACCEPTED_FORMATS.has(format) || (format === 'heif' && meta.compression !== 'av1')) {
    throw new MediaRejectedError('NOT_MEDIA', 'Only JPEG, PNG, WebP and AVIF images are accepted', { format: format || null });
  }
  if (!meta.width || !meta.height) throw new MediaRejectedError('NOT_MEDIA', 'The image has no size');
  if (meta.width * meta.height > maxPixels) {
    throw new MediaRejectedError('IMAGE_TOO_LARGE', `The image has more than ${maxPixels} pixels`, { width: meta.width, height: meta.height, maxPixels });
  }
  // A cut-off PNG has a header that reads; only decoding it (in the renditions job) would tell.
  if (format === 'png' && !(await pngIsComplete(file, size))) throw new MediaRejectedError('MEDIA_CORRUPT', 'The image is cut off: its end is missing');
  return { format, ...uprightSize(meta.width, meta.height, meta.orientation), sizeBytes: size };
}
