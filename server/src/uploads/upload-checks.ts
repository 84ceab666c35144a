import fs from 'node:fs/promises';
import { looksLikeGlb, probeAudio, probeGlb, probeImage, probeUpload, sniffImage } from '@yunzhan/media-worker';
import type { AssetKind, UploadLimits } from '@yunzhan/shared';
import type { AcceptedFacts } from './asset-service';

/** Bytes of a file's start that tell a GLB or an image from anything else. */
const SNIFF_BYTES = 32;

async function readStart(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The kind a finished upload is checked as: the one it was declared as (metadata `kind` or its
 * MIME type), else what its first bytes announce (GLB magic, an image signature), else video.
 */
export async function kindOfUpload(file: string, declared: AssetKind | undefined): Promise<AssetKind> {
  if (declared) return declared;
  const start = await readStart(file);
  if (looksLikeGlb(start)) return 'model';
  if (sniffImage(start)) return 'image';
  return 'video';
}

/**
 * Checks a finished upload as its kind: ffprobe for video (the existing policy) and audio (audio
 * only), sharp for images (decodable header, at most 100 megapixels, a PNG not cut off), the GLB
 * header and JSON chunk for models (glTF 2.0, at most 200 MB). Nothing the uploader wrote is
 * parsed on this thread: ffprobe's report and the model's JSON go to the parse threads (limits on
 * size, nesting, time and memory), image headers to libvips's own threads. Rejects with a
 * MediaRejectedError and its code (MODEL_TOO_COMPLEX, IMAGE_TOO_LARGE, FILE_TOO_COMPLEX over a
 * limit); the caller deletes the file.
 */
export async function checkUpload(file: string, declared: AssetKind | undefined, limits: UploadLimits): Promise<AcceptedFacts> {
  const kind = await kindOfUpload(file, declared);
  switch (kind) {
    case 'video':
      return { kind, facts: await probeUpload(file, limits) };
    case 'image':
      return { kind, facts: await probeImage(file) };
    case 'model':
      return { kind, facts: await probeGlb(file) };
    case 'audio':
      return { kind, facts: await probeAudio(file, limits) };
  }
}
