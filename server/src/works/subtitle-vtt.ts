import { AppError, SUBTITLE_MAX_BYTES, SUBTITLE_MAX_CUE_CHARS, SUBTITLE_MAX_CUES } from '@yunzhan/shared';

// Untrusted subtitle files (WebVTT or SRT, issue 14) to one normalised WebVTT: UTF-8 only, every
// cue timing checked, cue text reduced to what the browser's VTT renderer shows safely (<b>, <i>,
// <c>), header metadata, NOTE, STYLE and REGION blocks dropped. Pure: tested as data.

/** The format a client declared or the bytes showed. */
export type SubtitleFormat = 'vtt' | 'srt';

/** One cue as written out: times in milliseconds, settings from the allowed set, safe text. */
export interface SubtitleCue {
  startMs: number;
  endMs: number;
  settings: string;
  text: string;
}

/** A normalised WebVTT file and what it holds. */
export interface NormalisedSubtitles {
  vtt: string;
  cues: number;
  /** The format the input was in. */
  format: SubtitleFormat;
}

const invalid = (line: number, message: string) => new AppError('SUBTITLE_INVALID', `Line ${line}: ${message}`, { line });

/** `hh:mm:ss.ttt` (or `mm:ss.ttt`, as WebVTT allows) with `.` for WebVTT, `,` (or `.`) for SRT. */
const TIME = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/;
/** The timing line: two times, then (WebVTT) cue settings. */
const TIMING = /^(\S+)[ \t]+-->[ \t]+(\S+)(.*)$/;
/** Cue settings the browser applies; anything else (regions included) is dropped. */
const SETTING = /^(?:vertical:(?:rl|lr)|line:-?\d{1,3}(?:\.\d+)?%?(?:,(?:start|center|end))?|position:\d{1,3}(?:\.\d+)?%(?:,(?:line-left|center|line-right))?|size:\d{1,3}(?:\.\d+)?%|align:(?:start|center|end|left|right))$/;
/** The tags kept in cue text: bold, italic and class spans (`<c.yellow>`); all others are dropped. */
const ALLOWED_TAG = /^<(?:\/?[bi]|c(?:\.[A-Za-z0-9_-]{1,32}){0,4}|\/c)>$/;
/** Character references the WebVTT parser knows; any other `&` is escaped. */
const ENTITY = /^&(?:amp|lt|gt|lrm|rlm|nbsp);/;

/** Milliseconds of a time stamp, or null when it is not one. */
function parseTime(text: string, format: SubtitleFormat): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  if (format === 'vtt' && text.includes(',')) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

/** `hh:mm:ss.ttt` of milliseconds. */
export function formatTime(ms: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const s = Math.floor(ms / 1000);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * Cue text as safe WebVTT: <b>, <i> and <c> tags kept, every other tag removed (its text stays),
 * a `<` or `&` that starts nothing allowed escaped, `-->` (which would end the cue) broken up,
 * control characters removed. Lines are joined with `\n`.
 */
export function sanitizeCueText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const plain = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/-->/g, '--&gt;');
  let out = '';
  for (let i = 0; i < plain.length; ) {
    const ch = plain[i]!;
    if (ch === '<') {
      const close = plain.indexOf('>', i);
      const tag = close >= 0 ? plain.slice(i, close + 1) : '';
      // A tag starts with its name (or '/') and ends at '>' (WebVTT tags have no quoted '>');
      // anything else is text.
      if (/^<[A-Za-z0-9/]/.test(tag) && !tag.slice(1).includes('<')) {
        if (ALLOWED_TAG.test(tag)) out += tag;
        i = close + 1;
        continue;
      }
      out += '&lt;';
    } else if (ch === '&') {
      out += ENTITY.test(plain.slice(i, i + 6)) ? '&' : '&amp;';
    } else if (ch === '>') {
      out += '&gt;';
    } else out += ch;
    i += 1;
  }
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * The bytes as text: UTF-8 with or without a byte order mark. UTF-16 (a BOM, or NUL bytes) and
 * bytes that are not UTF-8 (GBK, Latin-1) are SUBTITLE_ENCODING; over 512 KiB SUBTITLE_TOO_LARGE.
 */
export function decodeSubtitleBytes(bytes: Uint8Array): string {
  if (bytes.length > SUBTITLE_MAX_BYTES) throw new AppError('SUBTITLE_TOO_LARGE', `A subtitle file may have at most ${SUBTITLE_MAX_BYTES} bytes`, { maxBytes: SUBTITLE_MAX_BYTES });
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0);
  if (utf16) throw new AppError('SUBTITLE_ENCODING', 'The subtitle file is UTF-16 (or binary); save it as UTF-8', { encoding: 'utf-16' });
  try {
    // ignoreBOM: false strips a leading UTF-8 BOM.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('SUBTITLE_ENCODING', 'The subtitle file is not UTF-8 (GBK or Latin-1?); save it as UTF-8', { encoding: 'unknown' });
  }
}

/** WebVTT when the text starts with its signature; otherwise SRT (or the declared format). */
export function sniffSubtitleFormat(text: string, declared?: SubtitleFormat): SubtitleFormat {
  if (/^WEBVTT(?:[ \t\n\r]|$)/.test(text)) return 'vtt';
  return declared ?? 'srt';
}

/** A block of non-blank lines and the number of its first line (1-based). */
interface Block {
  line: number;
  lines: string[];
}

function blocksOf(lines: string[], from: number): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (!current) blocks.push((current = { line: i + 1, lines: [] }));
    current.lines.push(line);
  }
  return blocks;
}

/** The cue of a block: an optional id (or SRT index) line, the timing line, the text. */
function cueOf(block: Block, format: SubtitleFormat): SubtitleCue {
  const at = block.lines.findIndex((l) => l.includes('-->'));
  // Only the first line may stand before the timing (the cue id, or the SRT counter).
  if (at < 0 || at > 1) throw invalid(block.line, 'a cue needs a timing line "hh:mm:ss.ttt --> hh:mm:ss.ttt"');
  const timingLine = block.line + at;
  const m = TIMING.exec(block.lines[at]!.trim());
  const startMs = m ? parseTime(m[1]!, format) : null;
  const endMs = m ? parseTime(m[2]!, format) : null;
  if (!m || startMs === null || endMs === null) throw invalid(timingLine, 'a cue timing must read "hh:mm:ss.ttt --> hh:mm:ss.ttt"');
  if (startMs >= endMs) throw invalid(timingLine, 'a cue must end after it starts');
  // SRT's optional "X1:.. X2:.." box is dropped with every setting outside the allowed set.
  const settings = format === 'vtt' ? m[3]!.trim().split(/[ \t]+/).filter((s) => SETTING.test(s)).join(' ') : '';
  const raw = block.lines.slice(at + 1).join('\n');
  if (raw.length > SUBTITLE_MAX_CUE_CHARS) throw invalid(timingLine + 1, `a cue's text may have at most ${SUBTITLE_MAX_CUE_CHARS} characters`);
  const text = sanitizeCueText(raw);
  return { startMs, endMs, settings, text };
}

/** The cues of WebVTT text (header, NOTE, STYLE and REGION blocks dropped) or of SRT text. */
export function parseSubtitleCues(text: string, format: SubtitleFormat): SubtitleCue[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let from = 0;
  if (format === 'vtt') {
    if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '')) throw invalid(1, 'a WebVTT file starts with "WEBVTT"');
    // The header block (WEBVTT, then metadata lines up to the first blank line) is not kept.
    from = 1;
    while (from < lines.length && lines[from]!.trim() !== '') {
      if (lines[from]!.includes('-->')) throw invalid(from + 1, 'a blank line must separate the header from the first cue');
      from++;
    }
  }
  const cues: SubtitleCue[] = [];
  for (const block of blocksOf(lines, from)) {
    const first = block.lines[0]!;
    if (format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) continue;
    const cue = cueOf(block, format);
    if (cue.text === '') continue;
    cues.push(cue);
    if (cues.length > SUBTITLE_MAX_CUES) throw invalid(block.line, `a subtitle file may have at most ${SUBTITLE_MAX_CUES} cues`);
  }
  if (cues.length === 0) throw invalid(lines.length, 'the file has no cues');
  return cues;
}

/** WebVTT text of cues: the signature, then the cues in order of their start (a stable sort). */
export function renderVtt(cues: readonly SubtitleCue[]): string {
  const ordered = [...cues].sort((a, b) => a.startMs - b.startMs);
  const body = ordered.map((c) => `${formatTime(c.startMs)} --> ${formatTime(c.endMs)}${c.settings ? ` ${c.settings}` : ''}\n${c.text}\n`).join('\n');
  return `WEBVTT\n\n${body}`;
}

/**
 * A subtitle upload as normalised WebVTT. `declared` is the format the Content-Type named
 * (`text/vtt`, `application/x-subrip`); text starting with `WEBVTT` is WebVTT whatever it says.
 * Throws SUBTITLE_TOO_LARGE, SUBTITLE_ENCODING or SUBTITLE_INVALID (details: `line`).
 */
export function normaliseSubtitles(bytes: Uint8Array, declared?: SubtitleFormat): NormalisedSubtitles {
  const text = decodeSubtitleBytes(bytes);
  const format = sniffSubtitleFormat(text, declared);
  const cues = parseSubtitleCues(text, format);
  return { vtt: renderVtt(cues), cues: cues.length, format };
}
