// A small ISO-BMFF (MP4) box reader: what the playlist writer needs from ffmpeg's fMP4 output.
// From an init segment: each track's id, handler (vide/soun), timescale and RFC 6381 codec
// string (from avcC / esds). From a media segment: each track's tfdt and the first sample's
// composition offset, i.e. when the segment starts on the media timeline.

/** A box: its type and where its header and contents are in the buffer. */
export interface Box {
  type: string;
  start: number;
  /** Start of the contents (after size, type and any 64-bit size). */
  contentStart: number;
  end: number;
}

/** The boxes directly inside `buf[start..end)`; stops at the first malformed one. */
export function readBoxes(buf: Uint8Array, start = 0, end = buf.length): Box[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(buf[offset + 4]!, buf[offset + 5]!, buf[offset + 6]!, buf[offset + 7]!);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) break;
    boxes.push({ type, start: offset, contentStart: offset + header, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** The first box of each type along `path`, e.g. `['moov', 'trak']`, searching from `parent`. */
export function findBox(buf: Uint8Array, path: readonly string[], parent?: Box): Box | undefined {
  let scope: Box | undefined = parent;
  for (const type of path) {
    scope = readBoxes(buf, scope?.contentStart ?? 0, scope?.end ?? buf.length).find((b) => b.type === type);
    if (!scope) return undefined;
  }
  return scope;
}

/** Every child of `parent` with this type. */
export function childBoxes(buf: Uint8Array, parent: Box, type: string): Box[] {
  return readBoxes(buf, parent.contentStart, parent.end).filter((b) => b.type === type);
}

const view = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** A track of an init segment. */
export interface TrackInfo {
  trackId: number;
  /** Handler type: `vide`, `soun`, ... */
  handler: string;
  /** Media timescale (ticks per second). */
  timescale: number;
  /** RFC 6381 codec string (`avc1.64001f`, `mp4a.40.2`), when recognised. */
  codec?: string;
}

/** Reads the tracks of an fMP4 init segment (`moov`). */
export function readInitSegment(buf: Uint8Array): TrackInfo[] {
  const moov = findBox(buf, ['moov']);
  if (!moov) throw new Error('not an init segment: no moov box');
  const dv = view(buf);
  return childBoxes(buf, moov, 'trak').map((trak) => {
    const tkhd = findBox(buf, ['tkhd'], trak);
    const mdhd = findBox(buf, ['mdia', 'mdhd'], trak);
    const hdlr = findBox(buf, ['mdia', 'hdlr'], trak);
    if (!tkhd || !mdhd || !hdlr) throw new Error('incomplete trak box');
    const trackId = dv.getUint32(tkhd.contentStart + (buf[tkhd.contentStart] === 1 ? 20 : 12));
    const timescale = dv.getUint32(mdhd.contentStart + (buf[mdhd.contentStart] === 1 ? 20 : 12));
    const h = hdlr.contentStart + 8;
    const handler = String.fromCharCode(buf[h]!, buf[h + 1]!, buf[h + 2]!, buf[h + 3]!);
    const stsd = findBox(buf, ['mdia', 'minf', 'stbl', 'stsd'], trak);
    const codec = stsd ? codecOfSampleEntry(buf, stsd) : undefined;
    return codec ? { trackId, handler, timescale, codec } : { trackId, handler, timescale };
  });
}

function codecOfSampleEntry(buf: Uint8Array, stsd: Box): string | undefined {
  // stsd: version/flags (4) + entry count (4), then the sample entries.
  const entry = readBoxes(buf, stsd.contentStart + 8, stsd.end)[0];
  if (!entry) return undefined;
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    // VisualSampleEntry fields take 78 bytes before its child boxes.
    const avcC = readBoxes(buf, entry.contentStart + 78, entry.end).find((b) => b.type === 'avcC');
    if (!avcC || avcC.contentStart + 4 > avcC.end) return undefined;
    const c = avcC.contentStart;
    return `${entry.type}.${hex2(buf[c + 1]!)}${hex2(buf[c + 2]!)}${hex2(buf[c + 3]!)}`;
  }
  if (entry.type === 'mp4a') {
    // AudioSampleEntry fields take 28 bytes before its child boxes.
    const esds = readBoxes(buf, entry.contentStart + 28, entry.end).find((b) => b.type === 'esds');
    return esds ? mp4aCodec(buf, esds.contentStart + 4, esds.end) : undefined;
  }
  return undefined;
}

// esds: ES_Descriptor (tag 3) > DecoderConfigDescriptor (tag 4: object type) >
// DecoderSpecificInfo (tag 5: AudioSpecificConfig, whose first 5 bits are the audio object type).
function mp4aCodec(buf: Uint8Array, start: number, end: number): string | undefined {
  let offset = start;
  const descriptor = () => {
    const tag = buf[offset++];
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const b = buf[offset++]!;
      size = (size << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, size };
  };
  if (descriptor().tag !== 3) return undefined;
  const flags = buf[offset + 2]!;
  offset += 3;
  if (flags & 0x80) offset += 2;
  if (flags & 0x40) offset += 1 + buf[offset]!;
  if (flags & 0x20) offset += 2;
  if (descriptor().tag !== 4 || offset >= end) return undefined;
  const objectType = buf[offset]!;
  offset += 13;
  if (objectType !== 0x40) return `mp4a.${hex2(objectType)}`;
  if (descriptor().tag !== 5 || offset >= end) return 'mp4a.40';
  let audioObjectType = buf[offset]! >> 3;
  if (audioObjectType === 31) audioObjectType = 32 + (((buf[offset]! & 0x07) << 3) | (buf[offset + 1]! >> 5));
  return `mp4a.40.${audioObjectType}`;
}

/** Where one track's samples start in a media segment. */
export interface FragmentTiming {
  trackId: number;
  /** tfdt: decode time of the first sample, in the track's timescale. */
  baseMediaDecodeTime: number;
  /** Composition offset of the first sample (0 without B-frames). */
  firstCompositionOffset: number;
}

/** Reads the first `moof` of a media segment: per track, its tfdt and first composition offset. */
export function readFragmentTimings(buf: Uint8Array): FragmentTiming[] {
  const moof = findBox(buf, ['moof']);
  if (!moof) throw new Error('not a media segment: no moof box');
  const dv = view(buf);
  return childBoxes(buf, moof, 'traf').flatMap((traf) => {
    const tfhd = findBox(buf, ['tfhd'], traf);
    const tfdt = findBox(buf, ['tfdt'], traf);
    if (!tfhd || !tfdt) return [];
    const trackId = dv.getUint32(tfhd.contentStart + 4);
    const baseMediaDecodeTime =
      buf[tfdt.contentStart] === 1 ? Number(dv.getBigUint64(tfdt.contentStart + 4)) : dv.getUint32(tfdt.contentStart + 4);
    const trun = findBox(buf, ['trun'], traf);
    return [{ trackId, baseMediaDecodeTime, firstCompositionOffset: trun ? firstCompositionOffset(buf, dv, trun) : 0 }];
  });
}

function firstCompositionOffset(buf: Uint8Array, dv: DataView, trun: Box): number {
  const version = buf[trun.contentStart]!;
  const flags = dv.getUint32(trun.contentStart) & 0xffffff;
  if (!(flags & 0x800) || dv.getUint32(trun.contentStart + 4) === 0) return 0;
  let offset = trun.contentStart + 8;
  if (flags & 0x1) offset += 4; // data_offset
  if (flags & 0x4) offset += 4; // first_sample_flags
  if (flags & 0x100) offset += 4; // sample_duration
  if (flags & 0x200) offset += 4; // sample_size
  if (flags & 0x400) offset += 4; // sample_flags
  return version === 1 ? dv.getInt32(offset) : dv.getUint32(offset);
}
