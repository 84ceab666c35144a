import { z } from 'zod';
import { AssetId } from './batch-jobs';
import { AppError, ErrorInfo, type ErrorCode } from './errors';

// Uploaded media: what the uploader sends (tus), what ffprobe found, what the VOD transcode
// produced, and the asset as the API and the `asset:progress` socket event show it.

/** Where tus uploads go (POST to create, HEAD/PATCH/DELETE on `<endpoint>/<assetId>`). */
export const UPLOAD_ENDPOINT = '/api/uploads';

/** Limits every upload is checked against. */
export const UploadLimits = z.object({
  /** Largest file in bytes. Default 8 GiB. */
  maxBytes: z.number().int().positive(),
  /** Longest media in seconds. Default 4 hours. */
  maxDurationSeconds: z.number().positive(),
});
export type UploadLimits = z.infer<typeof UploadLimits>;

/** The default limits: 8 GiB and 4 hours. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 8 * 1024 ** 3, maxDurationSeconds: 4 * 3600 };

/** What an upload is: a video (HLS ladder), an image (texture renditions), a GLB 3D model or audio. */
export const AssetKind = z.enum(['video', 'image', 'model', 'audio']);
export type AssetKind = z.infer<typeof AssetKind>;

/** Largest GLB model accepted, in bytes (200 MB). */
export const MAX_MODEL_BYTES = 200 * 1000 * 1000;
/** Largest image accepted, in pixels (100 megapixels); the file size limit is MAX_IMAGE_BYTES. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Largest image file accepted, in bytes (200 MB). */
export const MAX_IMAGE_BYTES = 200 * 1000 * 1000;

/** Metadata a tus client sends with a new upload (`Upload-Metadata`). */
export const UploadMetadata = z.object({
  /** The file's name on the uploader's machine: no path, no control characters. */
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\p{Cc}]+$/u, 'a file name without folders or control characters'),
  /**
   * The browser's MIME type: a video type, a JPEG/PNG/WebP/AVIF image, `model/gltf-binary`, an
   * audio type, or empty / octet-stream when the browser does not know.
   */
  filetype: z
    .string()
    .max(100)
    .regex(
      /^(video\/[\w.+-]+|image\/(jpeg|png|webp|avif)|model\/gltf-binary|audio\/[\w.+-]+|application\/(octet-stream|mp4|x-matroska|mxf)|)$/,
      'a video, image, GLB model or audio type',
    ),
  /** What the uploader means the file to be. Default: from `filetype`, else from the file's first bytes. */
  kind: AssetKind.optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadata>;

/**
 * The kind an upload is checked as: the declared `kind`, else the one its MIME type names, else
 * undefined (the file's first bytes decide: a GLB or image signature, otherwise video).
 */
export function declaredKindOf(metadata: UploadMetadata): AssetKind | undefined {
  if (metadata.kind) return metadata.kind;
  if (metadata.filetype.startsWith('image/')) return 'image';
  if (metadata.filetype === 'model/gltf-binary') return 'model';
  if (metadata.filetype.startsWith('audio/')) return 'audio';
  if (metadata.filetype.startsWith('video/')) return 'video';
  return undefined;
}

/** What ffprobe found in an accepted upload. */
export const MediaFacts = z.object({
  /** ffprobe's format name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: z.string(),
  durationSeconds: z.number().positive(),
  sizeBytes: z.number().int().nonnegative(),
  video: z.object({
    /** Stream index in the file. */
    index: z.number().int().nonnegative(),
    codec: z.string(),
    /** Display size: rotation and sample aspect ratio applied. */
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** Average frame rate; undefined when the file does not say. */
    fps: z.number().positive().optional(),
  }),
  audio: z
    .object({
      index: z.number().int().nonnegative(),
      codec: z.string(),
      channels: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type MediaFacts = z.infer<typeof MediaFacts>;

/** One rendition the VOD transcode wrote. */
export const VodRendition = z.object({
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Peak segment bit rate, bit/s (BANDWIDTH). */
  bandwidth: z.number().int().positive(),
  /** Average bit rate, bit/s (AVERAGE-BANDWIDTH). */
  averageBandwidth: z.number().int().positive(),
  /** RFC 6381 codec strings. */
  codecs: z.array(z.string()),
  /** Media playlist, relative to the output folder. */
  playlist: z.string(),
  /** How its video was made: copied from the source (`passthrough`) or encoded. */
  encoder: z.enum(['x264', 'h264_nvenc', 'passthrough']).optional(),
});
export type VodRendition = z.infer<typeof VodRendition>;

/** What the `vod-hls` handler returns: paths relative to the output folder (`/hls/<assetId>/`). */
export const VodHlsResult = z.object({
  master: z.string(),
  poster: z.string(),
  /** WebVTT track whose cues point into the sprite sheets with `#xywh=` fragments. */
  thumbnails: z.string(),
  /** Sprite sheets (JPEG grids of thumbnails). */
  sprites: z.array(z.string()),
  durationSeconds: z.number().nonnegative(),
  renditions: z.array(VodRendition).min(1),
});
export type VodHlsResult = z.infer<typeof VodHlsResult>;

/** One WebP rendition the `image-renditions` job wrote (file relative to the asset's media folder). */
export const ImageRenditionFile = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  file: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type ImageRenditionFile = z.infer<typeof ImageRenditionFile>;

/** What the `image-renditions` handler returns: the upright source size and the renditions, smallest first. */
export const ImageRenditionsResult = z.object({
  /** Size of the source after EXIF rotation, px. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** sharp's name of the source format (`jpeg`, `png`, `webp`, `heif` for AVIF, `svg`). */
  format: z.string(),
  renditions: z.array(ImageRenditionFile).min(1),
});
export type ImageRenditionsResult = z.infer<typeof ImageRenditionsResult>;

/** A browser-playable audio file (AAC in MP4, or MP3) relative to the asset's media folder. */
export const AudioResult = z.object({
  file: z.string(),
  codec: z.enum(['aac', 'mp3']),
  durationSeconds: z.number().nonnegative(),
});
export type AudioResult = z.infer<typeof AudioResult>;

/** A GLB model copied to the asset's media folder. */
export const ModelResult = z.object({ file: z.string(), bytes: z.number().int().positive() });
export type ModelResult = z.infer<typeof ModelResult>;

/** Processing output of an asset, by kind. */
export type AssetResult = VodHlsResult | ImageRenditionsResult | AudioResult | ModelResult;
/** The schema of an asset's processing output, by its kind. */
export const ASSET_RESULT_SCHEMAS: { [K in AssetKind]: z.ZodType<AssetResult> } = {
  video: VodHlsResult,
  image: ImageRenditionsResult,
  audio: AudioResult,
  model: ModelResult,
};

/** Lifecycle of an asset: transcoding (queued or running), playable, or failed with a code. */
export const AssetStatus = z.enum(['processing', 'ready', 'failed']);
export type AssetStatus = z.infer<typeof AssetStatus>;

/** An uploaded asset as the API and `asset:progress` show it. */
export const Asset = z.object({
  id: AssetId,
  /** Older clients may not know this field; assets from before it are videos. */
  kind: AssetKind.default('video'),
  ownerId: z.string(),
  filename: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  status: AssetStatus,
  /** Transcode progress, 0..100. */
  progress: z.number().min(0).max(100),
  durationSeconds: z.number().nonnegative().nullable(),
  /** Display size of the source. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** URLs of the outputs once ready. */
  hls: z
    .object({
      master: z.string(),
      poster: z.string(),
      thumbnails: z.string(),
    })
    .nullable(),
  /** Image, model and audio outputs once ready (same-origin `/media/<assetId>/...` URLs); null for videos. */
  files: z
    .object({
      /** WebP renditions, smallest first. */
      images: z.array(z.object({ width: z.number().int(), height: z.number().int(), url: z.string(), bytes: z.number().int() })),
      model: z.string().nullable(),
      audio: z.string().nullable(),
    })
    .nullable()
    .default(null),
  /** Why processing failed (stable code), when status is `failed`. */
  error: ErrorInfo.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof Asset>;

/**
 * The codes an upload is refused with after ffprobe (or sharp, or the GLB check) has looked at it;
 * the last three name a parser's limit (nesting, time, memory, pixels). Each names a fault of the
 * file itself, so a job failing with one is not retried.
 */
export const MEDIA_REJECTION_CODES = [
  'NOT_MEDIA',
  'MEDIA_CORRUPT',
  'MEDIA_TOO_LONG',
  'MEDIA_TOO_LARGE',
  'UNSUPPORTED_CODEC',
  'MEDIA_NO_VIDEO',
  'MODEL_TOO_COMPLEX',
  'IMAGE_TOO_LARGE',
  'FILE_TOO_COMPLEX',
] as const;
/** One of MEDIA_REJECTION_CODES. */
export type MediaRejectionCode = (typeof MEDIA_REJECTION_CODES)[number] & ErrorCode;

/** An upload was refused: not media, corrupt, too long, too large, an unsupported codec, no video, or over a parser's limit. */
export class MediaRejectedError extends AppError {
  constructor(code: MediaRejectionCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}
