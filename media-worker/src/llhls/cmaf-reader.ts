import { childBoxes, findBox, readInitSegment, type Box, type TrackInfo } from '../hls/mp4-boxes';

// Reads the fragmented MP4 (CMAF) byte stream ffmpeg's mp4 muxer writes to a pipe
// (`-movflags +empty_moov+frag_keyframe+default_base_moof`): first the CMAF header (ftyp + moov),
// then one fragment after another, each a moof + mdat (possibly preceded by styp/sidx/prft).
// Bytes arrive in arbitrary chunks; complete top-level boxes are grouped into the header and
// fragments, and each fragment is described per track: decode time, duration, sample count and
// whether it starts with a sync sample (ISO/IEC 14496-12 8.8).

/** A track of the header with its fragment defaults (trex). */
export interface CmafTrack extends TrackInfo {
  defaultSampleDuration: number;
  defaultSampleFlags: number;
}

/** The CMAF header: ftyp + moov, exactly the bytes of the init segment. */
export interface CmafHeader {
  bytes: Uint8Array;
  tracks: CmafTrack[];
}

/** One track's samples in a fragment. */
export interface TrackFragment {
  trackId: number;
  /** tfdt: decode time of the first sample, in the track's timescale. */
  baseMediaDecodeTime: number;
  /** Sum of the sample durations, in the track's timescale. */
  duration: number;
  sampleCount: number;
  /** Composition offset of the first sample (0 without B-frames). */
  firstCompositionOffset: number;
  /** The first sample is a sync sample (a key frame for video). */
  startsWithSync: boolean;
}

/** A fragment: its bytes (moof + mdat and any boxes before the moof) and per-track timing. */
export interface CmafFragment {
  bytes: Uint8Array;
  /** mfhd sequence number. */
  sequenceNumber: number;
  tracks: TrackFragment[];
}

const SAMPLE_IS_NON_SYNC = 0x10000;

const dataView = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

/** True when sample flags (ISO/IEC 14496-12 8.8.3.1) describe a sync sample. */
export function isSyncSample(flags: number): boolean {
  const dependsOn = (flags >>> 24) & 0x3;
  return dependsOn === 2 || (dependsOn === 0 && !(flags & SAMPLE_IS_NON_SYNC));
}

/** Reads a CMAF header: its tracks (tkhd/mdhd/hdlr/stsd) and their trex defaults. */
export function readCmafHeader(bytes: Uint8Array): CmafHeader {
  const tracks = readInitSegment(bytes);
  const dv = dataView(bytes);
  const mvex = findBox(bytes, ['moov', 'mvex']);
  const trexes = mvex ? childBoxes(bytes, mvex, 'trex') : [];
  const defaults = new Map<number, { duration: number; flags: number }>();
  for (const trex of trexes) {
    // version/flags (4), track_ID, default_sample_description_index, _duration, _size, _flags.
    const c = trex.contentStart;
    defaults.set(dv.getUint32(c + 4), { duration: dv.getUint32(c + 12), flags: dv.getUint32(c + 20) });
  }
  return {
    bytes,
    tracks: tracks.map((t) => ({ ...t, defaultSampleDuration: defaults.get(t.trackId)?.duration ?? 0, defaultSampleFlags: defaults.get(t.trackId)?.flags ?? 0 })),
  };
}

/** Describes the tracks of one fragment (its first moof), using the header's trex defaults. */
export function readCmafFragment(bytes: Uint8Array, header: CmafHeader): CmafFragment {
  const moof = findBox(bytes, ['moof']);
  if (!moof) throw new Error('not a CMAF fragment: no moof box');
  const dv = dataView(bytes);
  const mfhd = findBox(bytes, ['mfhd'], moof);
  const sequenceNumber = mfhd ? dv.getUint32(mfhd.contentStart + 4) : 0;
  const tracks = childBoxes(bytes, moof, 'traf').flatMap((traf) => {
    const t = readTraf(bytes, dv, traf, header);
    return t ? [t] : [];
  });
  return { bytes, sequenceNumber, tracks };
}

function readTraf(buf: Uint8Array, dv: DataView, traf: Box, header: CmafHeader): TrackFragment | undefined {
  const tfhd = findBox(buf, ['tfhd'], traf);
  if (!tfhd) return undefined;
  const tfhdFlags = dv.getUint32(tfhd.contentStart) & 0xffffff;
  const trackId = dv.getUint32(tfhd.contentStart + 4);
  const track = header.tracks.find((t) => t.trackId === trackId);
  let offset = tfhd.contentStart + 8;
  if (tfhdFlags & 0x1) offset += 8; // base_data_offset
  if (tfhdFlags & 0x2) offset += 4; // sample_description_index
  let defaultDuration = track?.defaultSampleDuration ?? 0;
  let defaultFlags = track?.defaultSampleFlags ?? 0;
  if (tfhdFlags & 0x8) {
    defaultDuration = dv.getUint32(offset);
    offset += 4;
  }
  if (tfhdFlags & 0x10) offset += 4; // default_sample_size
  if (tfhdFlags & 0x20) defaultFlags = dv.getUint32(offset);

  const tfdt = findBox(buf, ['tfdt'], traf);
  const baseMediaDecodeTime = !tfdt ? 0 : buf[tfdt.contentStart] === 1 ? Number(dv.getBigUint64(tfdt.contentStart + 4)) : dv.getUint32(tfdt.contentStart + 4);

  let duration = 0;
  let sampleCount = 0;
  let firstFlags: number | undefined;
  let firstCompositionOffset: number | undefined;
  for (const trun of childBoxes(buf, traf, 'trun')) {
    const version = buf[trun.contentStart]!;
    const flags = dv.getUint32(trun.contentStart) & 0xffffff;
    const count = dv.getUint32(trun.contentStart + 4);
    let p = trun.contentStart + 8;
    if (flags & 0x1) p += 4; // data_offset
    let firstSampleFlags: number | undefined;
    if (flags & 0x4) {
      firstSampleFlags = dv.getUint32(p);
      p += 4;
    }
    for (let i = 0; i < count; i++) {
      let sampleDuration = defaultDuration;
      let sampleFlags = i === 0 && firstSampleFlags !== undefined ? firstSampleFlags : defaultFlags;
      let cto = 0;
      if (flags & 0x100) {
        sampleDuration = dv.getUint32(p);
        p += 4;
      }
      if (flags & 0x200) p += 4; // sample_size
      if (flags & 0x400) {
        sampleFlags = dv.getUint32(p);
        p += 4;
      }
      if (flags & 0x800) {
        cto = version === 1 ? dv.getInt32(p) : dv.getUint32(p);
        p += 4;
      }
      if (sampleCount === 0) {
        firstFlags = sampleFlags;
        firstCompositionOffset = cto;
      }
      duration += sampleDuration;
      sampleCount++;
    }
  }
  return {
    trackId,
    baseMediaDecodeTime,
    duration,
    sampleCount,
    firstCompositionOffset: firstCompositionOffset ?? 0,
    startsWithSync: firstFlags !== undefined && isSyncSample(firstFlags),
  };
}

/** What the stream reader yields. */
export type CmafItem = { kind: 'header'; header: CmafHeader } | { kind: 'fragment'; fragment: CmafFragment };

/** Box types that may precede a moof and belong to its fragment (CMAF chunk). */
const FRAGMENT_PREFIX_BOXES = new Set(['styp', 'sidx', 'prft', 'emsg', 'free', 'skip']);

/**
 * Splits a CMAF byte stream into the header and fragments as complete boxes arrive. Throws on a
 * malformed stream (a box smaller than its header, an mdat before any moof, media before the
 * header): the pipe is then unusable and the run should be treated as broken.
 */
export class CmafStreamReader {
  private pending: Buffer = Buffer.alloc(0);
  private header: CmafHeader | undefined;
  private headerBoxes: Buffer[] = [];
  private fragmentBoxes: Buffer[] = [];
  private sawMoof = false;

  /** Bytes received but not yet part of a complete box. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  /** Feeds bytes; returns the header and fragments they completed, in order. */
  push(chunk: Uint8Array): CmafItem[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const items: CmafItem[] = [];
    let offset = 0;
    for (;;) {
      const box = this.nextBox(offset);
      if (!box) break;
      const bytes = this.pending.subarray(offset, offset + box.size);
      offset += box.size;
      const item = this.take(box.type, bytes);
      if (item) items.push(item);
    }
    this.pending = offset === 0 ? this.pending : Buffer.from(this.pending.subarray(offset));
    return items;
  }

  private nextBox(offset: number): { type: string; size: number } | undefined {
    const buf = this.pending;
    if (buf.length - offset < 8) return undefined;
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      if (buf.length - offset < 16) return undefined;
      size = Number(buf.readBigUInt64BE(offset + 8));
      header = 16;
    }
    // size 0 ("to the end of the file") cannot be used on a stream whose end is unknown.
    if (size < header) throw new Error(`malformed CMAF stream: box '${type}' of size ${size}`);
    if (buf.length - offset < size) return undefined;
    return { type, size };
  }

  private take(type: string, bytes: Buffer): CmafItem | undefined {
    if (!this.header) {
      if (type === 'moof' || type === 'mdat') throw new Error(`malformed CMAF stream: '${type}' before the moov`);
      this.headerBoxes.push(Buffer.from(bytes));
      if (type !== 'moov') return undefined;
      this.header = readCmafHeader(Buffer.concat(this.headerBoxes));
      this.headerBoxes = [];
      return { kind: 'header', header: this.header };
    }
    if (type === 'moof') {
      this.sawMoof = true;
      this.fragmentBoxes.push(Buffer.from(bytes));
      return undefined;
    }
    if (type === 'mdat') {
      if (!this.sawMoof) throw new Error("malformed CMAF stream: 'mdat' without a 'moof'");
      this.fragmentBoxes.push(Buffer.from(bytes));
      const fragment = readCmafFragment(Buffer.concat(this.fragmentBoxes), this.header);
      this.fragmentBoxes = [];
      this.sawMoof = false;
      return { kind: 'fragment', fragment };
    }
    // Boxes before a moof go with its fragment; anything else (mfra at the end) is dropped.
    if (FRAGMENT_PREFIX_BOXES.has(type) && !this.sawMoof) this.fragmentBoxes.push(Buffer.from(bytes));
    return undefined;
  }
}
