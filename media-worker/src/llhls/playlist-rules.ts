// A checker for the rules draft-pantos-hls-rfc8216bis (-22) states for Low-Latency HLS media
// playlists, and for the general media playlist rules they rest on. Each violation names the
// section it comes from. Used by the tests on rendered playlists and on playlists fetched from a
// real live; exported so the bench and anyone else can run it too.
//
// Single playlist (checkLowLatencyPlaylist):
//   4.2      attribute lists: NAME=VALUE pairs, quoted-strings closed, no name twice
//   4.4.1.1  the first line is #EXTM3U
//   4.4.3    each Media Playlist tag at most once
//   4.4.3.1  EXT-X-TARGETDURATION present, a decimal-integer >= 1, every EXTINF rounds to <= it
//   4.4.3.2  EXT-X-MEDIA-SEQUENCE before the first Media Segment
//   4.4.3.3  EXT-X-DISCONTINUITY-SEQUENCE before the first Media Segment and any DISCONTINUITY
//   4.4.3.7  EXT-X-PART-INF required with any EXT-X-PART; PART-TARGET required
//   4.4.3.8  EXT-X-SERVER-CONTROL: CAN-SKIP-UNTIL >= 6 x TARGETDURATION; CAN-SKIP-DATERANGES
//            needs CAN-SKIP-UNTIL; HOLD-BACK >= 3 x TARGETDURATION; PART-HOLD-BACK required
//            with EXT-X-PART-INF, >= 2 x PART-TARGET (MUST) and >= 3 x PART-TARGET (SHOULD);
//            enumerated values YES
//   4.4.4.1  every Media Segment URI has an EXTINF
//   4.4.4.9  EXT-X-PART: URI and DURATION required; DURATION <= PART-TARGET; >= 85 % of it
//            unless INDEPENDENT=YES, GAP=YES, followed by a GAP=YES part, or the final part of
//            its Parent Segment; DISCONTINUITY, KEY, MAP and PROGRAM-DATE-TIME of a Parent
//            Segment before its first EXT-X-PART; INDEPENDENT/GAP are YES
//   3.2      a Parent Segment and its parts have the same timing (parts sum to the EXTINF)
//   6.2.2    parts removed in playlist order; none more than 3 target durations from the end
//   4.4.5.2  EXT-X-SKIP at most once, SKIPPED-SEGMENTS a decimal-integer, only with
//            CAN-SKIP-UNTIL and without ENDLIST (6.2.5.1), before the first segment, and only
//            segments beyond the Skip Boundary skipped (6.2.5.1)
//   4.4.5.3  EXT-X-PRELOAD-HINT: TYPE PART or MAP, URI required, BYTERANGE-START/-LENGTH
//            decimal-integers; none with ENDLIST; 6.2.6: not two of the same TYPE
//   4.4.5.4  EXT-X-RENDITION-REPORT: URI relative; LAST-MSN, LAST-PART decimal-integers
//   8        EXT-X-VERSION high enough: 3 for decimal EXTINF, 4 for BYTERANGE, 6 for EXT-X-MAP,
//            9 for EXT-X-SKIP, 10 for a skip of date ranges
//   B.1      (Low-Latency profile, on by default) PROGRAM-DATE-TIME on every segment;
//            CAN-BLOCK-RELOAD=YES; a PART preload hint in a live playlist with parts; one
//            rendition report per other rendition; every segment has an independent part
// Successive versions of one playlist (checkPlaylistUpdate):
//   6.2.1    TARGETDURATION, PART-INF and SERVER-CONTROL unchanged; segments and parts already
//            listed unchanged; MEDIA-SEQUENCE never decreases; nothing changes after ENDLIST
//   4.4.5.3  a hinted part is the URI that is then added as the next EXT-X-PART

import { DECIMAL_FLOAT, parsePlaylist, tagName, type ParsedPart, type ParsedPlaylist } from './playlist-parse';

export { parsePlaylist, type ParsedPart, type ParsedPlaylist, type ParsedSegment } from './playlist-parse';

/** Options of the single-playlist check. */
export interface PlaylistRuleOptions {
  /** Check the Appendix B.1 Low-Latency server profile too. Default true. */
  lowLatencyProfile?: boolean;
  /** URIs every rendition report set must cover (the other renditions' playlists), B.1. */
  expectedReports?: readonly string[];
}

// Media Playlist tags (4.4.3) and EXT-X-SKIP (4.4.5.2): at most one of each.
const ONCE_TAGS = [
  '#EXT-X-VERSION',
  '#EXT-X-TARGETDURATION',
  '#EXT-X-MEDIA-SEQUENCE',
  '#EXT-X-DISCONTINUITY-SEQUENCE',
  '#EXT-X-ENDLIST',
  '#EXT-X-PLAYLIST-TYPE',
  '#EXT-X-I-FRAMES-ONLY',
  '#EXT-X-PART-INF',
  '#EXT-X-SERVER-CONTROL',
  '#EXT-X-SKIP',
];

const EPSILON = 0.0015;

/** Every violation of the rules listed at the top of this file, as readable sentences. */
export function checkLowLatencyPlaylist(text: string, options: PlaylistRuleOptions = {}): string[] {
  const profile = options.lowLatencyProfile ?? true;
  const v: string[] = [];
  const lines = text.split('\n');
  if (lines[0] !== '#EXTM3U') v.push('4.4.1.1 the first line is not #EXTM3U');
  for (const tag of ONCE_TAGS) {
    const count = lines.filter((l) => tagName(l) === tag).length;
    if (count > 1) v.push(`${tag === '#EXT-X-SKIP' ? '4.4.5.2' : '4.4.3'} ${tag} appears ${count} times`);
  }
  const p = parsePlaylist(text, v);
  const td = p.targetDuration;
  if (td === undefined) v.push('4.4.3.1 EXT-X-TARGETDURATION is missing');

  const allParts = p.segments.flatMap((s) => s.parts);
  const pt = p.partTarget;
  if (allParts.length > 0 && !p.partInfLine) v.push('4.4.3.7 EXT-X-PART without EXT-X-PART-INF');

  // EXT-X-SERVER-CONTROL (4.4.3.8).
  const sc = p.serverControl;
  const num = (k: string) => (sc?.has(k) ? Number(sc.get(k)) : undefined);
  if (sc) {
    for (const k of ['CAN-SKIP-UNTIL', 'HOLD-BACK', 'PART-HOLD-BACK']) {
      if (sc.has(k) && !DECIMAL_FLOAT.test(sc.get(k)!)) v.push(`4.4.3.8 ${k}=${sc.get(k)} is not a decimal-floating-point`);
    }
    for (const k of ['CAN-SKIP-DATERANGES', 'CAN-BLOCK-RELOAD']) {
      if (sc.has(k) && sc.get(k) !== 'YES') v.push(`4.4.3.8 ${k}=${sc.get(k)} (the only value is YES)`);
    }
  }
  const skipUntil = num('CAN-SKIP-UNTIL');
  if (skipUntil !== undefined && td !== undefined && skipUntil < 6 * td) v.push(`4.4.3.8 CAN-SKIP-UNTIL ${skipUntil} < 6 x TARGETDURATION ${td}`);
  if (sc?.has('CAN-SKIP-DATERANGES') && skipUntil === undefined) v.push('4.4.3.8 CAN-SKIP-DATERANGES without CAN-SKIP-UNTIL');
  const holdBack = num('HOLD-BACK');
  if (holdBack !== undefined && td !== undefined && holdBack < 3 * td) v.push(`4.4.3.8 HOLD-BACK ${holdBack} < 3 x TARGETDURATION ${td}`);
  const phb = num('PART-HOLD-BACK');
  if (p.partInfLine && phb === undefined) v.push('4.4.3.8 PART-HOLD-BACK is required with EXT-X-PART-INF');
  if (phb !== undefined && pt !== undefined) {
    if (phb < 2 * pt - 1e-9) v.push(`4.4.3.8 PART-HOLD-BACK ${phb} < 2 x PART-TARGET ${pt} (MUST)`);
    else if (phb < 3 * pt - 1e-9) v.push(`4.4.3.8 PART-HOLD-BACK ${phb} < 3 x PART-TARGET ${pt} (SHOULD)`);
  }
  if (profile && sc?.get('CAN-BLOCK-RELOAD') !== 'YES') v.push('B.1 CAN-BLOCK-RELOAD=YES is missing');

  // Segments: EXTINF against the target duration; PDT everywhere (B.1).
  for (const s of p.segments) {
    if (s.duration !== undefined && td !== undefined && Math.round(s.duration) > td) v.push(`4.4.3.1 segment ${s.msn}: EXTINF ${s.duration} rounds above TARGETDURATION ${td}`);
    if (profile && s.programDateTime === undefined) v.push(`B.1 segment ${s.msn} (line ${s.line}) has no EXT-X-PROGRAM-DATE-TIME`);
  }

  // Parts (4.4.4.9, 3.2, 6.2.2).
  const firstWithParts = p.segments.findIndex((s) => s.parts.length > 0);
  if (firstWithParts !== -1) {
    p.segments.slice(firstWithParts).forEach((s) => {
      if (s.parts.length === 0) v.push(`6.2.2 segment ${s.msn} lists no parts after segment ${p.segments[firstWithParts]!.msn} did: parts were not removed in playlist order`);
    });
  }
  const lastPart = allParts.at(-1);
  p.segments.forEach((s, si) => {
    s.parts.forEach((part, i) => {
      if (pt === undefined || Number.isNaN(part.duration)) return;
      if (part.duration > pt + 1e-9) v.push(`4.4.4.9 line ${part.line}: part DURATION ${part.duration} > PART-TARGET ${pt}`);
      const next = s.parts[i + 1];
      const finalOfParent = i === s.parts.length - 1 && s.uri !== undefined;
      const exempt = part.independent || part.gap || next?.gap === true || finalOfParent || part === lastPart;
      if (!exempt && part.duration < 0.85 * pt - 1e-9) v.push(`4.4.4.9 line ${part.line}: part DURATION ${part.duration} < 85 % of PART-TARGET ${pt}`);
    });
    // All parts of a Parent Segment listed (every segment with parts after the first such one).
    if (si > firstWithParts && s.parts.length > 0 && s.uri !== undefined && s.duration !== undefined) {
      const sum = s.parts.reduce((t, x) => t + x.duration, 0);
      if (Math.abs(sum - s.duration) > EPSILON * Math.max(1, s.parts.length)) v.push(`3.2 segment ${s.msn}: parts sum to ${sum.toFixed(5)} s, EXTINF says ${s.duration}`);
      if (profile && !s.parts.some((x) => x.independent)) v.push(`B.1 segment ${s.msn} has no independent part`);
    }
  });
  // Distance of each part from the end of the playlist (6.2.2 SHOULD).
  if (td !== undefined && allParts.length > 0) {
    let t = 0;
    const starts: { part: ParsedPart; start: number }[] = [];
    for (const s of p.segments) {
      let u = t;
      for (const part of s.parts) {
        starts.push({ part, start: u });
        u += part.duration;
      }
      t += s.duration ?? s.parts.reduce((x, y) => x + y.duration, 0);
    }
    for (const { part, start } of starts) {
      if (t - start > 3 * td + EPSILON) v.push(`6.2.2 line ${part.line}: part starts ${(t - start).toFixed(3)} s from the end, more than 3 target durations`);
    }
  }

  // Delta updates (4.4.5.2, 6.2.5.1).
  if (p.skipped > 0 || lines.some((l) => tagName(l) === '#EXT-X-SKIP')) {
    if (skipUntil === undefined) v.push('4.4.5.2 EXT-X-SKIP without CAN-SKIP-UNTIL');
    if (p.ended) v.push('6.2.5.1 EXT-X-SKIP in a playlist with EXT-X-ENDLIST');
    const remaining = p.segments.reduce((t, s) => t + (s.duration ?? s.parts.reduce((x, y) => x + y.duration, 0)), 0);
    if (skipUntil !== undefined && remaining + EPSILON < skipUntil) v.push(`6.2.5.1 skipped segments within the Skip Boundary: ${remaining.toFixed(3)} s left, CAN-SKIP-UNTIL ${skipUntil}`);
  }

  // Preload hints (4.4.5.3, 6.2.6, B.1).
  if (p.ended && p.hints.length > 0) v.push('4.4.5.3 EXT-X-PRELOAD-HINT in a playlist with EXT-X-ENDLIST');
  for (const type of ['PART', 'MAP']) {
    if (p.hints.filter((h) => h.type === type).length > 1) v.push(`6.2.6 more than one EXT-X-PRELOAD-HINT of TYPE ${type}`);
  }
  if (profile && allParts.length > 0 && !p.ended && !p.hints.some((h) => h.type === 'PART')) v.push('B.1 a live playlist with parts has no PART preload hint');

  // Rendition reports (4.4.5.4, B.1).
  for (const uri of options.expectedReports ?? []) {
    const n = p.reports.filter((r) => r.uri === uri).length;
    if (n !== 1) v.push(`B.1 ${n} rendition reports for ${uri}, expected one`);
  }
  return v;
}

/** The last part of a playlist as (MSN, index). */
export function lastPartOf(p: ParsedPlaylist): { msn: number; part: number } | undefined {
  for (let i = p.segments.length - 1; i >= 0; i--) {
    const s = p.segments[i]!;
    if (s.parts.length > 0) return { msn: s.msn, part: s.parts.length - 1 };
  }
  return undefined;
}

/** Violations of the rules for successive versions of one playlist (6.2.1, 4.4.5.3). */
export function checkPlaylistUpdate(olderText: string, newerText: string): string[] {
  const v: string[] = [];
  const older = parsePlaylist(olderText);
  const newer = parsePlaylist(newerText);
  if (older.targetDuration !== newer.targetDuration) v.push(`6.2.1 TARGETDURATION changed from ${older.targetDuration} to ${newer.targetDuration}`);
  if (older.partInfLine !== newer.partInfLine) v.push('6.2.1 EXT-X-PART-INF changed');
  if (older.serverControlLine !== newer.serverControlLine) v.push('6.2.1 EXT-X-SERVER-CONTROL changed');
  if (newer.mediaSequence < older.mediaSequence) v.push(`6.2.2 MEDIA-SEQUENCE went back from ${older.mediaSequence} to ${newer.mediaSequence}`);
  if (older.ended && olderText !== newerText) v.push('6.2.1 the playlist changed after EXT-X-ENDLIST');
  const newerByMsn = new Map(newer.segments.map((s) => [s.msn, s]));
  for (const s of older.segments) {
    const t = newerByMsn.get(s.msn);
    if (!t) {
      if (s.msn >= newer.mediaSequence + newer.skipped) v.push(`6.2.1 segment ${s.msn} disappeared`);
      continue;
    }
    if (s.uri !== undefined && (t.uri !== s.uri || t.duration !== s.duration)) v.push(`6.2.1 segment ${s.msn} changed (${s.uri} ${s.duration} -> ${t.uri} ${t.duration})`);
    if (s.programDateTime !== undefined && t.programDateTime !== undefined && s.programDateTime !== t.programDateTime) v.push(`6.2.1 segment ${s.msn} PROGRAM-DATE-TIME changed`);
    if (s.discontinuity !== t.discontinuity) v.push(`6.2.1 segment ${s.msn} DISCONTINUITY changed`);
    if (t.parts.length > 0) {
      s.parts.forEach((part, i) => {
        const q = t.parts[i];
        if (q && (q.uri !== part.uri || q.duration !== part.duration || q.independent !== part.independent)) v.push(`6.2.1 part ${s.msn}.${i} changed`);
      });
      if (t.parts.length < s.parts.length) v.push(`6.2.1 segment ${s.msn} lost parts at the live edge`);
    }
  }
  const a = lastPartOf(older);
  const b = lastPartOf(newer);
  if (a && b && (b.msn < a.msn || (b.msn === a.msn && b.part < a.part))) v.push(`6.2.1 the last part went back from ${a.msn}.${a.part} to ${b.msn}.${b.part}`);
  // The hinted part is the next part to be listed (4.4.5.3: its URI MUST match what is added).
  const hint = older.hints.find((h) => h.type === 'PART')?.uri;
  if (hint && a && b && (b.msn > a.msn || b.part > a.part)) {
    const added = newer.segments.flatMap((s) => s.parts.map((part, i) => ({ msn: s.msn, i, uri: part.uri }))).find((x) => x.msn > a.msn || (x.msn === a.msn && x.i > a.part));
    if (added && added.uri !== hint) v.push(`4.4.5.3 hinted part ${hint}, but the next part added is ${added.uri}`);
  }
  return v;
}
