import { describe, expect, it } from 'vitest';
import { AppError, SUBTITLE_MAX_BYTES, SUBTITLE_MAX_CUES } from '@yunzhan/shared';
import { normaliseSubtitles, sanitizeCueText } from './subtitle-vtt';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The AppError `fn` throws (fails the test when it throws none). */
function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('subtitle files to WebVTT', () => {
  it('converts SRT to WebVTT: header, "." in the times, counters dropped, CRLF and a BOM accepted', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n你好，世界\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n<i>Second</i> line\r\nand more\r\n';
    const out = normaliseSubtitles(utf8(srt));
    expect(out.format).toBe('srt');
    expect(out.cues).toBe(2);
    expect(out.vtt).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n你好，世界\n\n00:00:03.000 --> 00:00:04.000\n<i>Second</i> line\nand more\n');
  });

  it('keeps valid WebVTT cues and settings, accepts mm:ss.ttt, and orders cues that were out of order', () => {
    const vtt = 'WEBVTT - a title\nKind: captions\n\n2\n00:05.000 --> 00:06.000 align:start line:0% region:r1\nLater\n\n00:00:01.000 --> 00:00:02.000\n<b>First</b> <c.yellow>cue</c>\n';
    const out = normaliseSubtitles(utf8(vtt), 'vtt');
    expect(out.vtt).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b>First</b> <c.yellow>cue</c>\n\n00:00:05.000 --> 00:00:06.000 align:start line:0%\nLater\n');
  });

  it('sniffs WebVTT by its signature whatever the declared type says', () => {
    expect(normaliseSubtitles(utf8('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nhi\n'), 'srt').format).toBe('vtt');
  });

  it('refuses bad timings with SUBTITLE_INVALID and the line number', () => {
    const backwards = caught(() => normaliseSubtitles(utf8('WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n')));
    expect([backwards.code, backwards.details]).toEqual(['SUBTITLE_INVALID', { line: 3 }]);
    const equal = caught(() => normaliseSubtitles(utf8('1\n00:00:01,000 --> 00:00:01,000\nx\n')));
    expect([equal.code, equal.details]).toEqual(['SUBTITLE_INVALID', { line: 2 }]);
    const garbled = caught(() => normaliseSubtitles(utf8('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:61.000 --> 00:01:02.000\nx\n')));
    expect([garbled.code, garbled.details]).toEqual(['SUBTITLE_INVALID', { line: 6 }]);
    const comma = caught(() => normaliseSubtitles(utf8('WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nx\n')));
    expect(comma.code).toBe('SUBTITLE_INVALID');
    const noTiming = caught(() => normaliseSubtitles(utf8('1\njust text\nmore text\n')));
    expect([noTiming.code, noTiming.details]).toEqual(['SUBTITLE_INVALID', { line: 1 }]);
    expect(caught(() => normaliseSubtitles(utf8('WEBVTT\n'))).code).toBe('SUBTITLE_INVALID');
    expect(caught(() => normaliseSubtitles(utf8('no header\n\n00:00:00.000 --> 00:00:01.000\nx\n'), 'vtt')).code).toBe('SUBTITLE_INVALID');
  });

  it('refuses UTF-16 and GBK with SUBTITLE_ENCODING', () => {
    const text = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n你好\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(caught(() => normaliseSubtitles(utf16)).code).toBe('SUBTITLE_ENCODING');
    expect(caught(() => normaliseSubtitles(Buffer.from(text, 'utf16le'))).code).toBe('SUBTITLE_ENCODING');
    // 你好 in GBK: C4 E3 BA C3, not valid UTF-8.
    const gbk = Buffer.concat([Buffer.from('1\n00:00:00,000 --> 00:00:01,000\n'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a])]);
    expect(caught(() => normaliseSubtitles(gbk)).code).toBe('SUBTITLE_ENCODING');
  });

  it('refuses files over 512 KiB, over 5,000 cues, or with a cue over 1,000 characters', () => {
    expect(caught(() => normaliseSubtitles(new Uint8Array(SUBTITLE_MAX_BYTES + 1).fill(0x41))).code).toBe('SUBTITLE_TOO_LARGE');
    const many = Array.from({ length: SUBTITLE_MAX_CUES + 1 }, (_, i) => `${i + 1}\n00:00:${String(i % 60).padStart(2, '0')},000 --> 00:00:${String(i % 60).padStart(2, '0')},500\nx`).join('\n\n');
    const tooMany = caught(() => normaliseSubtitles(utf8(many)));
    expect([tooMany.code, tooMany.details]).toEqual(['SUBTITLE_INVALID', { line: 4 * SUBTITLE_MAX_CUES + 1 }]);
    const long = caught(() => normaliseSubtitles(utf8(`WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${'字'.repeat(1001)}\n`)));
    expect([long.code, long.details]).toEqual(['SUBTITLE_INVALID', { line: 4 }]);
  });

  it('drops STYLE, NOTE and REGION blocks and every tag but <b>, <i> and <c>', () => {
    const vtt = [
      'WEBVTT',
      '',
      'STYLE',
      '::cue { background-image: url(https://evil.example/x.png) }',
      '',
      'NOTE a comment </script>',
      '',
      'REGION',
      'id:r1 width:40%',
      '',
      '00:00:00.000 --> 00:00:01.000',
      '<script>alert(1)</script><img src=x onerror=alert(2)><b>bold</b> <v Roger>voice</v> <font color="red">red</font>',
      '',
      '00:00:01.000 --> 00:00:02.000',
      'a < b & c --> d &amp; <c.x onclick=1>e</c>',
      '',
    ].join('\n');
    const out = normaliseSubtitles(utf8(vtt));
    expect(out.vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nalert(1)<b>bold</b> voice red\n\n00:00:01.000 --> 00:00:02.000\na &lt; b &amp; c --&gt; d &amp; e</c>\n');
    expect(out.vtt).not.toMatch(/STYLE|NOTE|REGION|script|img|url\(/);
  });

  it('escapes a stray "<" and keeps known character references', () => {
    expect(sanitizeCueText('1 < 2 &lt; 3 &nbsp;&copy; <i>x')).toBe('1 &lt; 2 &lt; 3 &nbsp;&amp;copy; <i>x');
  });
});
