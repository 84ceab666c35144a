import type { WorkKind } from '@yunzhan/shared';

// Which kind of work a picked file is, from its MIME type and, where browsers do not know the
// type (GLB files, some audio), from its extension. Plain data: tested without a browser.

/** Every kind of work, in the order the UI lists them. */
export const WORK_KINDS: readonly WorkKind[] = ['image', 'video', 'model', 'audio'];

/** Image types the server turns into renditions (shared UploadMetadata's filetype rule). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif']);

const EXTENSION_KINDS: Readonly<Record<string, WorkKind>> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  webp: 'image',
  avif: 'image',
  mp4: 'video',
  m4v: 'video',
  mov: 'video',
  mkv: 'video',
  webm: 'video',
  avi: 'video',
  ts: 'video',
  flv: 'video',
  mxf: 'video',
  glb: 'model',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  wav: 'audio',
  flac: 'audio',
  ogg: 'audio',
  oga: 'audio',
  opus: 'audio',
};

/** The `accept` attribute of the work file input: every type and extension the catalogue takes. */
export const WORK_FILE_ACCEPT = [...IMAGE_TYPES, 'video/*', 'audio/*', 'model/gltf-binary', ...Object.keys(EXTENSION_KINDS).map((e) => `.${e}`)].join(',');

/** The `accept` attribute of the audio guide input. */
export const AUDIO_FILE_ACCEPT = ['audio/*', ...Object.entries(EXTENSION_KINDS).flatMap(([e, k]) => (k === 'audio' ? [`.${e}`] : []))].join(',');

/** The lower-case extension of a file name without the dot (`''` when it has none). */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/**
 * The kind of work a file is: its MIME type decides when it names one the server takes
 * (JPEG/PNG/WebP/AVIF images, any video or audio type, `model/gltf-binary`), else its extension
 * (browsers give `.glb` files no type, and sometimes `application/octet-stream`). Null when
 * neither says: GIF or SVG images, documents, unknown files.
 */
export function inferWorkKind(filename: string, mimeType: string): WorkKind | null {
  const type = mimeType.trim().toLowerCase().split(';')[0]!;
  if (IMAGE_TYPES.has(type)) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'model/gltf-binary') return 'model';
  // A known but unsupported image type (GIF, SVG, TIFF) is not rescued by its extension.
  if (type.startsWith('image/')) return null;
  return EXTENSION_KINDS[extensionOf(filename)] ?? null;
}

/**
 * The MIME type to declare for an upload: the browser's when the server's rule accepts it, else
 * `model/gltf-binary` for GLB models and `''` (the server sniffs the first bytes) otherwise.
 */
export function uploadFiletype(mimeType: string, kind: WorkKind): string {
  const type = mimeType.trim().toLowerCase();
  if (IMAGE_TYPES.has(type) || /^(video|audio)\/[\w.+-]+$/.test(type) || type === 'model/gltf-binary') return type;
  if (/^application\/(octet-stream|mp4|x-matroska|mxf)$/.test(type)) return type;
  return kind === 'model' ? 'model/gltf-binary' : '';
}
