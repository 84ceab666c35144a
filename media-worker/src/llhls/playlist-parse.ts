// Reads a media playlist into what the LL-HLS rule checker (playlist-rules.ts) needs: the
// playlist tags, each segment with its parts, hints and rendition reports. Syntax problems of
// the attribute lists (4.2) and of single tags are collected as violations, never thrown.

/** A Partial Segment as listed. */
export interface ParsedPart {
  uri: string;
  duration: number;
  independent: boolean;
  gap: boolean;
  line: number;
}

/** A Media Segment (or the open Parent Segment at the end) as listed. */
export interface ParsedSegment {
  msn: number;
  /** Undefined for the open Parent Segment after the last EXTINF. */
  uri: string | undefined;
  duration: number | undefined;
  programDateTime: string | undefined;
  map: string | undefined;
  discontinuity: boolean;
  parts: ParsedPart[];
  line: number;
}

/** What the checker reads from a media playlist. */
export interface ParsedPlaylist {
  version: number | undefined;
  targetDuration: number | undefined;
  mediaSequence: number;
  partTarget: number | undefined;
  serverControl: Map<string, string> | undefined;
  serverControlLine: string | undefined;
  partInfLine: string | undefined;
  skipped: number;
  ended: boolean;
  segments: ParsedSegment[];
  hints: { type: string | undefined; uri: string | undefined; line: number }[];
  reports: { uri: string | undefined; lastMsn: number | undefined; lastPart: number | undefined; line: number }[];
}

type Attributes = Map<string, string>;

/** Value formats of 4.2. */
export const QUOTED = /^"[^"\r\n]*"$/;
export const DECIMAL_INTEGER = /^[0-9]+$/;
export const DECIMAL_FLOAT = /^[0-9]+(\.[0-9]+)?$/;

/** Parses an attribute-list (4.2); returns the problems instead of throwing. */
export function parseAttributeList(text: string): { attrs: Attributes; problems: string[] } {
  const attrs: Attributes = new Map();
  const problems: string[] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq === -1) {
      problems.push(`"${text.slice(i)}" is not NAME=VALUE`);
      break;
    }
    const name = text.slice(i, eq);
    if (!/^[A-Z0-9-]+$/.test(name)) problems.push(`attribute name "${name}" is not [A-Z0-9-]+`);
    let value: string;
    if (text[eq + 1] === '"') {
      const close = text.indexOf('"', eq + 2);
      if (close === -1) {
        problems.push(`quoted-string of ${name} is not closed`);
        break;
      }
      value = text.slice(eq + 1, close + 1);
      i = close + 1;
    } else {
      const comma = text.indexOf(',', eq + 1);
      value = text.slice(eq + 1, comma === -1 ? text.length : comma);
      i = comma === -1 ? text.length : comma;
      if (/["\s]/.test(value) || value === '') problems.push(`value of ${name} is not a valid unquoted value: "${value}"`);
    }
    if (attrs.has(name)) problems.push(`attribute ${name} appears twice`);
    attrs.set(name, value);
    if (i < text.length) {
      if (text[i] !== ',') {
        problems.push(`expected "," after ${name}`);
        break;
      }
      i++;
    }
  }
  return { attrs, problems };
}

const unquote = (v: string | undefined) => (v !== undefined && QUOTED.test(v) ? v.slice(1, -1) : undefined);

const SEGMENT_TAGS = ['#EXTINF', '#EXT-X-BYTERANGE', '#EXT-X-DISCONTINUITY', '#EXT-X-KEY', '#EXT-X-MAP', '#EXT-X-PROGRAM-DATE-TIME', '#EXT-X-GAP', '#EXT-X-BITRATE', '#EXT-X-PART'];
/** The tag of a playlist line: `#EXT-X-PART` for `#EXT-X-PART:DURATION=...`. */
export const tagName = (line: string) => line.split(':', 1)[0]!;

/** Parses a media playlist into what the rules need; syntax problems go to `problems`. */
export function parsePlaylist(text: string, problems: string[] = []): ParsedPlaylist {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const p: ParsedPlaylist = {
    version: undefined,
    targetDuration: undefined,
    mediaSequence: 0,
    partTarget: undefined,
    serverControl: undefined,
    serverControlLine: undefined,
    partInfLine: undefined,
    skipped: 0,
    ended: false,
    segments: [],
    hints: [],
    reports: [],
  };
  const attrsOf = (line: string, n: number): Attributes => {
    const { attrs, problems: bad } = parseAttributeList(line.slice(line.indexOf(':') + 1));
    for (const b of bad) problems.push(`4.2 line ${n}: ${b}`);
    return attrs;
  };
  // The segment whose tags are being read, and whether it has had an EXTINF yet.
  let cur: ParsedSegment | undefined;
  let curExtinf = false;
  const segment = (n: number) =>
    (cur ??= { msn: 0, uri: undefined, duration: undefined, programDateTime: undefined, map: undefined, discontinuity: false, parts: [], line: n });
  let firstSegmentLine: number | undefined;
  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trimEnd();
    if (line === '') return;
    const name = tagName(line);
    const value = line.slice(name.length + 1);
    if (!line.startsWith('#')) {
      // A Media Segment URI.
      const s = segment(n);
      if (!curExtinf) problems.push(`4.4.4.1 line ${n}: segment ${line} has no EXTINF`);
      s.uri = line;
      s.msn = p.mediaSequence + p.skipped + p.segments.length;
      p.segments.push(s);
      cur = undefined;
      curExtinf = false;
      return;
    }
    if (!line.startsWith('#EXT')) return; // comment
    if (SEGMENT_TAGS.includes(name)) {
      firstSegmentLine ??= n;
      const s = segment(n);
      if (s.parts.length > 0 && ['#EXT-X-DISCONTINUITY', '#EXT-X-KEY', '#EXT-X-MAP', '#EXT-X-PROGRAM-DATE-TIME'].includes(name)) {
        problems.push(`4.4.4.9 line ${n}: ${name} of a Parent Segment after its first EXT-X-PART`);
      }
      switch (name) {
        case '#EXTINF': {
          const m = /^([0-9]+(?:\.[0-9]+)?),/.exec(value);
          if (!m) problems.push(`4.4.4.1 line ${n}: EXTINF "${value}" is not <duration>,[<title>]`);
          s.duration = m ? Number(m[1]) : undefined;
          curExtinf = true;
          if (m && m[1]!.includes('.') && (p.version ?? 1) < 3) problems.push(`8 line ${n}: decimal EXTINF needs EXT-X-VERSION 3 or higher`);
          break;
        }
        case '#EXT-X-DISCONTINUITY':
          s.discontinuity = true;
          break;
        case '#EXT-X-PROGRAM-DATE-TIME':
          if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/.test(value) || Number.isNaN(Date.parse(value))) {
            problems.push(`4.4.4.6 line ${n}: PROGRAM-DATE-TIME "${value}" is not an ISO 8601 date-time with a time zone`);
          }
          s.programDateTime = value;
          break;
        case '#EXT-X-MAP': {
          const a = attrsOf(line, n);
          s.map = unquote(a.get('URI'));
          if (!s.map) problems.push(`4.4.4.5 line ${n}: EXT-X-MAP needs a quoted URI`);
          if ((p.version ?? 1) < 6) problems.push(`8 line ${n}: EXT-X-MAP needs EXT-X-VERSION 6 or higher`);
          break;
        }
        case '#EXT-X-BYTERANGE':
          if ((p.version ?? 1) < 4) problems.push(`8 line ${n}: EXT-X-BYTERANGE needs EXT-X-VERSION 4 or higher`);
          break;
        case '#EXT-X-PART': {
          const a = attrsOf(line, n);
          const uri = unquote(a.get('URI'));
          const duration = a.get('DURATION');
          if (!uri) problems.push(`4.4.4.9 line ${n}: EXT-X-PART needs a quoted URI`);
          if (duration === undefined || !DECIMAL_FLOAT.test(duration)) problems.push(`4.4.4.9 line ${n}: EXT-X-PART needs a decimal-floating-point DURATION`);
          for (const k of ['INDEPENDENT', 'GAP']) {
            if (a.has(k) && a.get(k) !== 'YES') problems.push(`4.4.4.9 line ${n}: ${k}=${a.get(k)} (the only value is YES)`);
          }
          const range = a.get('BYTERANGE');
          if (range !== undefined && !/^"[0-9]+(@[0-9]+)?"$/.test(range)) problems.push(`4.4.4.9 line ${n}: BYTERANGE ${range} is not "<n>[@<o>]"`);
          if (range !== undefined && (p.version ?? 1) < 4) problems.push(`8 line ${n}: BYTERANGE needs EXT-X-VERSION 4 or higher`);
          s.parts.push({ uri: uri ?? '', duration: Number(duration ?? NaN), independent: a.get('INDEPENDENT') === 'YES', gap: a.get('GAP') === 'YES', line: n });
          break;
        }
      }
      return;
    }
    switch (name) {
      case '#EXT-X-VERSION':
        p.version = DECIMAL_INTEGER.test(value) ? Number(value) : undefined;
        if (p.version === undefined) problems.push(`4.4.1.2 line ${n}: EXT-X-VERSION "${value}" is not a decimal-integer`);
        break;
      case '#EXT-X-TARGETDURATION':
        if (!DECIMAL_INTEGER.test(value) || Number(value) < 1) problems.push(`4.4.3.1 line ${n}: TARGETDURATION "${value}" is not a decimal-integer >= 1`);
        p.targetDuration = Number(value);
        break;
      case '#EXT-X-MEDIA-SEQUENCE':
        if (!DECIMAL_INTEGER.test(value)) problems.push(`4.4.3.2 line ${n}: MEDIA-SEQUENCE "${value}" is not a decimal-integer`);
        if (firstSegmentLine !== undefined) problems.push(`4.4.3.2 line ${n}: EXT-X-MEDIA-SEQUENCE after the first Media Segment`);
        p.mediaSequence = Number(value);
        break;
      case '#EXT-X-DISCONTINUITY-SEQUENCE':
        if (firstSegmentLine !== undefined) problems.push(`4.4.3.3 line ${n}: EXT-X-DISCONTINUITY-SEQUENCE after the first Media Segment`);
        break;
      case '#EXT-X-ENDLIST':
        p.ended = true;
        break;
      case '#EXT-X-PART-INF': {
        const a = attrsOf(line, n);
        p.partInfLine = line;
        const target = a.get('PART-TARGET');
        if (target === undefined || !DECIMAL_FLOAT.test(target)) problems.push(`4.4.3.7 line ${n}: EXT-X-PART-INF needs a decimal-floating-point PART-TARGET`);
        else p.partTarget = Number(target);
        break;
      }
      case '#EXT-X-SERVER-CONTROL':
        p.serverControl = attrsOf(line, n);
        p.serverControlLine = line;
        break;
      case '#EXT-X-SKIP': {
        const a = attrsOf(line, n);
        const count = a.get('SKIPPED-SEGMENTS');
        if (count === undefined || !DECIMAL_INTEGER.test(count)) problems.push(`4.4.5.2 line ${n}: EXT-X-SKIP needs a decimal-integer SKIPPED-SEGMENTS`);
        if (firstSegmentLine !== undefined || p.segments.length > 0) problems.push(`4.4.5.2 line ${n}: EXT-X-SKIP after the first Media Segment`);
        if ((p.version ?? 1) < 9) problems.push(`8 line ${n}: EXT-X-SKIP needs EXT-X-VERSION 9 or higher`);
        if (a.has('RECENTLY-REMOVED-DATERANGES') && (p.version ?? 1) < 10) problems.push(`8 line ${n}: a skip of date ranges needs EXT-X-VERSION 10 or higher`);
        if (a.has('RECENTLY-REMOVED-DATERANGES') && !QUOTED.test(a.get('RECENTLY-REMOVED-DATERANGES')!)) problems.push(`4.4.5.2 line ${n}: RECENTLY-REMOVED-DATERANGES is not a quoted-string`);
        p.skipped += Number(count ?? 0);
        break;
      }
      case '#EXT-X-PRELOAD-HINT': {
        const a = attrsOf(line, n);
        const type = a.get('TYPE');
        if (type !== 'PART' && type !== 'MAP') problems.push(`4.4.5.3 line ${n}: PRELOAD-HINT TYPE "${type}" is not PART or MAP`);
        const uri = unquote(a.get('URI'));
        if (!uri) problems.push(`4.4.5.3 line ${n}: PRELOAD-HINT needs a quoted URI`);
        for (const k of ['BYTERANGE-START', 'BYTERANGE-LENGTH']) {
          if (a.has(k) && !DECIMAL_INTEGER.test(a.get(k)!)) problems.push(`4.4.5.3 line ${n}: ${k} is not a decimal-integer`);
        }
        p.hints.push({ type, uri, line: n });
        break;
      }
      case '#EXT-X-RENDITION-REPORT': {
        const a = attrsOf(line, n);
        const uri = unquote(a.get('URI'));
        if (!uri) problems.push(`4.4.5.4 line ${n}: RENDITION-REPORT needs a quoted URI`);
        else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) problems.push(`4.4.5.4 line ${n}: RENDITION-REPORT URI ${uri} is not relative`);
        const int = (k: string) => {
          const v = a.get(k);
          if (v === undefined) return undefined;
          if (!DECIMAL_INTEGER.test(v)) problems.push(`4.4.5.4 line ${n}: ${k} "${v}" is not a decimal-integer`);
          return Number(v);
        };
        p.reports.push({ uri, lastMsn: int('LAST-MSN'), lastPart: int('LAST-PART'), line: n });
        break;
      }
    }
  });
  const open = cur as ParsedSegment | undefined;
  if (open) {
    if (curExtinf) problems.push(`4.4.4.1 line ${open.line}: EXTINF without a segment URI`);
    open.msn = p.mediaSequence + p.skipped + p.segments.length;
    p.segments.push(open);
  }
  return p;
}
