import type { LowLatencyTiming } from './part-timing';

// The LL-HLS media playlist as plain data in, text out (draft-pantos-hls-rfc8216bis, Low-Latency
// Server Configuration Profile of its Appendix B.1). The standard playlist of the same rendition
// lists the same segments with the same Media Sequence Numbers (hls/playlist.ts renders it).

/** A Partial Segment (EXT-X-PART). */
export interface LlPart {
  /** File name in the rendition folder. */
  uri: string;
  /** Seconds of video. */
  duration: number;
  /** Starts with a key frame (INDEPENDENT=YES). */
  independent: boolean;
}

/** A Parent Segment: complete once it has a URI, open (parts only) at the live edge. */
export interface LlSegment {
  msn: number;
  /** File name of the complete segment; undefined while it is open. */
  uri: string | undefined;
  /** EXTINF once complete; the sum of the parts so far while open. In seconds. */
  duration: number;
  /** Capture time of the first frame, Unix ms. */
  programDateTimeMs: number;
  /** Init segment file name (EXT-X-MAP). */
  map: string;
  /** First segment of a restarted run. */
  discontinuity: boolean;
  parts: readonly LlPart[];
}

/** Another rendition's position, for EXT-X-RENDITION-REPORT. */
export interface RenditionReport {
  /** Its LL media playlist, relative to this one. */
  uri: string;
  /** MSN of its last Partial Segment (or last segment when it has no parts). */
  lastMsn: number;
  /** Part index of that last Partial Segment. */
  lastPart: number | undefined;
}

/** One rendition's LL-HLS playlist state. */
export interface LlMediaPlaylistModel {
  /** Every segment from MSN `segments[0].msn`; only the last may be open. */
  segments: readonly LlSegment[];
  ended: boolean;
  /** Resources announced ahead (EXT-X-PRELOAD-HINT), file names. Ignored once ended. */
  preloadHint: { part?: string | undefined; map?: string | undefined };
  timing: Pick<LowLatencyTiming, 'targetDuration' | 'partTarget' | 'partHoldBack' | 'skipBoundary'>;
  reports: readonly RenditionReport[];
  /** Prefix turning a file name into a URI relative to the playlist, e.g. `../720p/`. */
  uriPrefix: string;
  /** EXT-X-DISCONTINUITY-SEQUENCE of the first segment, when not 0. */
  discontinuitySequence?: number;
}

/** A Playlist Delta Update request (`_HLS_skip`). */
export type SkipRequest = 'YES' | 'v2';

/** Start of each segment on the playlist timeline (seconds from the first one) and the end. */
export function playlistTimeline(segments: readonly LlSegment[]): { starts: number[]; end: number } {
  const starts: number[] = [];
  let t = 0;
  for (const s of segments) {
    starts.push(t);
    t += s.duration;
  }
  return { starts, end: t };
}

/**
 * Index of the first segment whose parts are listed. EXT-X-PART tags SHOULD go once they are
 * more than three target durations from the end (6.2.2); removing them a whole Parent Segment at
 * a time, judged by its first part, keeps every listed part within that distance and removes
 * them in playlist order.
 */
export function firstSegmentWithParts(model: Pick<LlMediaPlaylistModel, 'segments' | 'timing'>): number {
  const { starts, end } = playlistTimeline(model.segments);
  const limit = 3 * model.timing.targetDuration;
  const i = starts.findIndex((start) => end - start <= limit + 1e-9);
  return i === -1 ? model.segments.length : i;
}

/**
 * How many leading segments a Playlist Delta Update replaces with EXT-X-SKIP: those that end at
 * least the Skip Boundary before the end of the last Parent Segment (6.2.5.1), complete ones only.
 */
export function skippableSegments(model: Pick<LlMediaPlaylistModel, 'segments' | 'timing'>): number {
  const { starts, end } = playlistTimeline(model.segments);
  let n = 0;
  while (n < model.segments.length) {
    const s = model.segments[n]!;
    if (s.uri === undefined || end - (starts[n]! + s.duration) < model.timing.skipBoundary - 1e-9) break;
    n++;
  }
  return n;
}

const seconds = (n: number) => n.toFixed(5);
const attr = (n: number) => n.toFixed(3);

/** The EXT-X-SERVER-CONTROL line every LL playlist of the ladder carries, identical in all of them. */
export function serverControlLine(timing: LlMediaPlaylistModel['timing']): string {
  return `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=${attr(timing.skipBoundary)},PART-HOLD-BACK=${attr(timing.partHoldBack)}`;
}

/**
 * Renders the LL-HLS media playlist, or its Delta Update when `skip` is asked and the playlist
 * has no EXT-X-ENDLIST (6.2.5.1: the server ignores _HLS_skip once it has one).
 */
export function renderLowLatencyPlaylist(model: LlMediaPlaylistModel, options: { skip?: SkipRequest | undefined } = {}): string {
  const skip = model.ended ? undefined : options.skip;
  const skipped = skip ? skippableSegments(model) : 0;
  // Version 6 for EXT-X-MAP; 9 for EXT-X-SKIP; 10 when the skip covers EXT-X-DATERANGE (v2).
  const version = skipped > 0 ? (skip === 'v2' ? 10 : 9) : 6;
  const { timing, uriPrefix } = model;
  const first = model.segments[0];
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${version}`,
    `#EXT-X-TARGETDURATION:${timing.targetDuration}`,
    serverControlLine(timing),
    `#EXT-X-PART-INF:PART-TARGET=${attr(timing.partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${first?.msn ?? 0}`,
    ...(model.discontinuitySequence ? [`#EXT-X-DISCONTINUITY-SEQUENCE:${model.discontinuitySequence}`] : []),
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (skipped > 0) {
    // No date ranges are ever published, so none was removed recently.
    lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}${skip === 'v2' ? ',RECENTLY-REMOVED-DATERANGES=""' : ''}`);
  }
  const withParts = firstSegmentWithParts(model);
  let map: string | undefined;
  model.segments.forEach((s, i) => {
    if (i < skipped) {
      map = s.map;
      return;
    }
    if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    // The first segment after a skip states its map again: the client merges the delta with the
    // playlist it has, but a map tag that applies to this segment is never left out.
    if (s.map !== map || s.discontinuity || i === skipped) {
      map = s.map;
      lines.push(`#EXT-X-MAP:URI="${uriPrefix}${s.map}"`);
    }
    // DISCONTINUITY, MAP and PROGRAM-DATE-TIME come before the segment's first EXT-X-PART (4.4.4.9).
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.programDateTimeMs).toISOString()}`);
    if (i >= withParts) {
      for (const p of s.parts) {
        lines.push(`#EXT-X-PART:DURATION=${seconds(p.duration)},URI="${uriPrefix}${p.uri}"${p.independent ? ',INDEPENDENT=YES' : ''}`);
      }
    }
    if (s.uri !== undefined) lines.push(`#EXTINF:${seconds(s.duration)},`, `${uriPrefix}${s.uri}`);
  });
  if (model.ended) {
    lines.push('#EXT-X-ENDLIST');
  } else {
    if (model.preloadHint.map) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=MAP,URI="${uriPrefix}${model.preloadHint.map}"`);
    if (model.preloadHint.part) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${uriPrefix}${model.preloadHint.part}"`);
  }
  for (const r of model.reports) {
    lines.push(`#EXT-X-RENDITION-REPORT:URI="${r.uri}",LAST-MSN=${r.lastMsn}${r.lastPart === undefined ? '' : `,LAST-PART=${r.lastPart}`}`);
  }
  return lines.join('\n') + '\n';
}

/** The last Partial Segment of a playlist as (MSN, part index), or the last segment when none has parts. */
export function lastPartPosition(segments: readonly LlSegment[]): { msn: number; part: number | undefined } | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.parts.length > 0) return { msn: s.msn, part: s.parts.length - 1 };
  }
  const last = segments.at(-1);
  return last ? { msn: last.msn, part: undefined } : undefined;
}
