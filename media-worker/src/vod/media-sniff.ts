// Container signatures, read from a file's first bytes. When ffprobe cannot open a file this
// tells a broken video (an MP4 whose index is missing) from something that is no video at all
// (a text file or random bytes, whatever its name says): ffprobe itself trusts the file name's
// extension, so its error message is the same for both.

/** Bytes of a file's start that `sniffContainer` needs. */
export const SNIFF_BYTES = 512;

const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/**
 * The container a file's first bytes announce (`mp4`, `matroska`, `avi`, `mpegts`, `mpeg`, `flv`,
 * `asf`, `ogg`, `mxf`), or undefined when they match none.
 */
export function sniffContainer(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 8 && ISO_BMFF_BOXES.has(ascii(bytes, 4, 4))) return 'mp4';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ') return 'avi';
  // Transport stream: a sync byte every 188 bytes.
  if (bytes.length > 376 && bytes[0] === 0x47 && bytes[188] === 0x47 && bytes[376] === 0x47) return 'mpegts';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0xba])) return 'mpeg';
  if (startsWith(bytes, [0x46, 0x4c, 0x56, 0x01])) return 'flv';
  if (startsWith(bytes, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
  if (startsWith(bytes, [0x06, 0x0e, 0x2b, 0x34])) return 'mxf';
  return undefined;
}
