import type { Rendition } from '@yunzhan/shared';

// The public HLS playlists as plain data in, text out (RFC 8216 plus Apple's fMP4 rules).

/** One segment of a public media playlist. */
export interface PublicSegment {
  uri: string;
  /** Duration in seconds (EXTINF). */
  duration: number;
  /** Capture time of the segment's first frame, Unix ms (EXT-X-PROGRAM-DATE-TIME). */
  programDateTimeMs: number;
  /** Init segment of the segment's run (EXT-X-MAP). */
  map: string;
  /** First segment of a restarted run: preceded by EXT-X-DISCONTINUITY. */
  discontinuity: boolean;
}

/** A public media playlist. */
export interface MediaPlaylistModel {
  segments: readonly PublicSegment[];
  /** The nominal segment length in seconds; the target duration is at least its ceiling. */
  segmentSeconds: number;
  /** The live has ended: EXT-X-ENDLIST. */
  ended: boolean;
  /** EXT-X-MEDIA-SEQUENCE: the first segment's number. Default 0. */
  mediaSequence?: number;
  /** EXT-X-DISCONTINUITY-SEQUENCE, when not 0 (a live taken over from another worker). */
  discontinuitySequence?: number;
}

/**
 * EXT-X-TARGETDURATION: every EXTINF rounded to the nearest integer must be at most this
 * (RFC 8216 4.3.3.1). It starts at the nominal segment length and only grows if ffmpeg ever
 * writes a longer segment, which a fixed GOP prevents.
 */
export function targetDuration(segments: readonly PublicSegment[], segmentSeconds: number): number {
  return Math.max(1, Math.ceil(segmentSeconds), ...segments.map((s) => Math.round(s.duration)));
}

/** Renders a media playlist: EVENT type, fMP4 (version 7), PDT on every segment. */
export function renderMediaPlaylist(model: MediaPlaylistModel): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${targetDuration(model.segments, model.segmentSeconds)}`,
    `#EXT-X-MEDIA-SEQUENCE:${model.mediaSequence ?? 0}`,
    ...(model.discontinuitySequence ? [`#EXT-X-DISCONTINUITY-SEQUENCE:${model.discontinuitySequence}`] : []),
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  let map: string | undefined;
  for (const s of model.segments) {
    if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (s.map !== map || s.discontinuity) {
      map = s.map;
      lines.push(`#EXT-X-MAP:URI="${s.map}"`);
    }
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.programDateTimeMs).toISOString()}`);
    lines.push(`#EXTINF:${s.duration.toFixed(3)},`);
    lines.push(s.uri);
  }
  if (model.ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/** One variant of the master playlist. */
export interface VariantModel {
  uri: string;
  /** Peak bits per second. */
  bandwidth: number;
  /** Average bits per second. */
  averageBandwidth: number;
  width: number;
  height: number;
  frameRate: number;
  /** RFC 6381 codec strings, e.g. `avc1.64001f`, `mp4a.40.2`. */
  codecs: readonly string[];
}

/** Renders the master playlist, variants in the given order. */
export function renderMasterPlaylist(variants: readonly VariantModel[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const attrs = [
      `BANDWIDTH=${Math.round(v.bandwidth)}`,
      `AVERAGE-BANDWIDTH=${Math.round(v.averageBandwidth)}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `FRAME-RATE=${v.frameRate.toFixed(3)}`,
      `CODECS="${v.codecs.join(',')}"`,
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return lines.join('\n') + '\n';
}

/** fMP4 overhead over the elementary streams (moof/trun per fragment, ~2-4% in practice). */
const CONTAINER_OVERHEAD = 1.05;

/**
 * BANDWIDTH and AVERAGE-BANDWIDTH of a rendition in bit/s. The encoder's VBV (maxrate = target,
 * buffer = `vbvSeconds` of it) lets one segment of `segmentSeconds` carry at most
 * target * (segmentSeconds + vbvSeconds) bits, which bounds the peak.
 */
export function renditionBandwidth(r: Rendition, segmentSeconds: number, vbvSeconds = 1): { bandwidth: number; averageBandwidth: number } {
  const peakVideo = r.videoKbps * (1 + vbvSeconds / segmentSeconds);
  return {
    bandwidth: Math.round((peakVideo + r.audioKbps) * 1000 * CONTAINER_OVERHEAD),
    averageBandwidth: Math.round((r.videoKbps + r.audioKbps) * 1000 * CONTAINER_OVERHEAD),
  };
}

/** A media playlist as ffmpeg writes it (its private copy). */
export interface ParsedMediaPlaylist {
  /** EXT-X-MAP URI of the last map before the segments. */
  map: string | undefined;
  segments: { uri: string; duration: number }[];
  ended: boolean;
}

/** Parses the parts of a media playlist the writer needs: map, EXTINF + URI pairs, ENDLIST. */
export function parseMediaPlaylist(text: string): ParsedMediaPlaylist {
  const result: ParsedMediaPlaylist = { map: undefined, segments: [], ended: false };
  let duration: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    let m: RegExpExecArray | null;
    if ((m = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line))) result.map = m[1];
    else if ((m = /^#EXTINF:([\d.]+)/.exec(line))) duration = Number(m[1]);
    else if (line === '#EXT-X-ENDLIST') result.ended = true;
    else if (!line.startsWith('#') && duration !== undefined) {
      result.segments.push({ uri: line, duration });
      duration = undefined;
    }
  }
  return result;
}
