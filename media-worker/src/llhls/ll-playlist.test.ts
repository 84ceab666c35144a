import { describe, expect, it } from 'vitest';
import { firstSegmentWithParts, renderLowLatencyPlaylist, skippableSegments, type LlMediaPlaylistModel, type LlPart, type LlSegment } from './ll-playlist';
import { lowLatencyTiming } from './part-timing';
import { checkLowLatencyPlaylist, checkPlaylistUpdate, parsePlaylist } from './playlist-rules';

const timing = lowLatencyTiming(30, 2);
const t0 = Date.parse('2026-03-04T05:06:07.000Z');
const PART = 1 / 3;

/** `count` complete 2 s segments of six parts, then an open segment with `openParts` parts. */
function model(count: number, openParts: number, over: Partial<LlMediaPlaylistModel> = {}): LlMediaPlaylistModel {
  let n = 0;
  const parts = (k: number): LlPart[] => Array.from({ length: k }, (_, i) => ({ uri: `t-part${String(n++).padStart(6, '0')}.m4s`, duration: PART, independent: i === 0 }));
  const segments: LlSegment[] = [];
  for (let i = 0; i < count; i++) {
    segments.push({ msn: i, uri: `t-r1-${String(i).padStart(5, '0')}.m4s`, duration: 2, programDateTimeMs: t0 + i * 2000, map: 't-r1-init.mp4', discontinuity: false, parts: parts(6) });
  }
  if (openParts > 0) segments.push({ msn: count, uri: undefined, duration: openParts * PART, programDateTimeMs: t0 + count * 2000, map: 't-r1-init.mp4', discontinuity: false, parts: parts(openParts) });
  return {
    segments,
    ended: false,
    preloadHint: { part: `t-part${String(n).padStart(6, '0')}.m4s` },
    timing,
    reports: ['480p.m3u8', '360p.m3u8'].map((uri) => (openParts > 0 ? { uri, lastMsn: count, lastPart: openParts - 1 } : { uri, lastMsn: count - 1, lastPart: 5 })),
    uriPrefix: '../720p/',
    ...over,
  };
}
const reports = { expectedReports: ['480p.m3u8', '360p.m3u8'] };
const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('LL-HLS timing', () => {
  it('declares 1/3 s parts with room for rounding, three of them as hold-back, and the minimum skip boundary', () => {
    expect(timing).toEqual({ framesPerPart: 10, fragmentDurationUs: 325_000, partTarget: 0.34, targetDuration: 2, partHoldBack: 1.02, skipBoundary: 12 });
    // A part one frame short still reaches 85 % of PART-TARGET.
    expect(9 / 30).toBeGreaterThanOrEqual(0.85 * timing.partTarget);
  });
});

describe('LL-HLS media playlist rendering', () => {
  const live = renderLowLatencyPlaylist(model(5, 3));

  it('passes every rule of the spec for an LL playlist', () => {
    expect(checkLowLatencyPlaylist(live, reports)).toEqual([]);
  });

  it('starts with the playlist tags the LL profile needs', () => {
    expect(live.split('\n').slice(0, 8)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=1.020',
      '#EXT-X-PART-INF:PART-TARGET=0.340',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:EVENT',
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ]);
  });

  it('lists the parts of the last three target durations only, each before its EXTINF, the first one independent', () => {
    // 10 s of complete segments + 1 s open: parts of segments starting within 6 s of the end (3, 4, 5).
    expect(firstSegmentWithParts(model(5, 3))).toBe(3);
    const p = parsePlaylist(live);
    expect(p.segments.map((s) => s.parts.length)).toEqual([0, 0, 0, 6, 6, 3]);
    expect(p.segments[3]!.parts.map((x) => x.independent)).toEqual([true, false, false, false, false, false]);
    const block = live.slice(live.indexOf('#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:13.000Z'));
    expect(block.split('\n').slice(0, 9)).toEqual([
      '#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:13.000Z',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000018.m4s",INDEPENDENT=YES',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000019.m4s"',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000020.m4s"',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000021.m4s"',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000022.m4s"',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000023.m4s"',
      '#EXTINF:2.00000,',
      '../720p/t-r1-00003.m4s',
    ]);
  });

  it('ends a live playlist with the next part as preload hint and a report per other rendition', () => {
    expect(live.trimEnd().split('\n').slice(-3)).toEqual([
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="../720p/t-part000033.m4s"',
      '#EXT-X-RENDITION-REPORT:URI="480p.m3u8",LAST-MSN=5,LAST-PART=2',
      '#EXT-X-RENDITION-REPORT:URI="360p.m3u8",LAST-MSN=5,LAST-PART=2',
    ]);
  });

  it('after a restart: DISCONTINUITY, the new MAP and PDT come before the first part, and the new init is hinted until then', () => {
    const m = model(3, 6);
    const segments = [...m.segments.slice(0, 3), { ...m.segments[3]!, uri: 't-r2-00000.m4s', duration: 2, map: 't-r2-init.mp4', discontinuity: true }];
    const waiting = renderLowLatencyPlaylist({ ...m, segments: segments.slice(0, 3), preloadHint: { part: 't-part000018.m4s', map: 't-r2-init.mp4' } });
    expect(lines(waiting, '#EXT-X-PRELOAD-HINT')).toEqual(['#EXT-X-PRELOAD-HINT:TYPE=MAP,URI="../720p/t-r2-init.mp4"', '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="../720p/t-part000018.m4s"']);
    const text = renderLowLatencyPlaylist({ ...m, segments });
    expect(checkLowLatencyPlaylist(text, reports)).toEqual([]);
    const at = text.indexOf('#EXT-X-DISCONTINUITY');
    expect(text.slice(at).split('\n').slice(0, 4)).toEqual([
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-MAP:URI="../720p/t-r2-init.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:13.000Z',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000018.m4s",INDEPENDENT=YES',
    ]);
    expect(checkPlaylistUpdate(waiting, text)).toEqual([]);
  });

  it('once ended: ENDLIST, no preload hint, and the parts still near the end stay', () => {
    const text = renderLowLatencyPlaylist(model(5, 0, { ended: true }));
    expect(checkLowLatencyPlaylist(text, reports)).toEqual([]);
    expect(text).toContain('#EXT-X-ENDLIST');
    expect(text).not.toContain('#EXT-X-PRELOAD-HINT');
    expect(parsePlaylist(text).segments.map((s) => s.parts.length)).toEqual([0, 0, 6, 6, 6]);
  });
});

describe('Playlist Delta Updates', () => {
  it('skips the segments that end at least CAN-SKIP-UNTIL before the end, with version 9', () => {
    // 20 segments + 1 s open = 41 s; segments ending at or before 41 - 12 = 29 s (0..13) are skipped.
    const m = model(20, 3);
    expect(skippableSegments(m)).toBe(14);
    const delta = renderLowLatencyPlaylist(m, { skip: 'YES' });
    expect(checkLowLatencyPlaylist(delta, reports)).toEqual([]);
    expect(lines(delta, '#EXT-X-VERSION')).toEqual(['#EXT-X-VERSION:9']);
    expect(lines(delta, '#EXT-X-SKIP')).toEqual(['#EXT-X-SKIP:SKIPPED-SEGMENTS=14']);
    const p = parsePlaylist(delta);
    expect(p.segments[0]!.msn).toBe(14);
    expect(p.segments[0]!.map).toBe('../720p/t-r1-init.mp4');
    // The rest is exactly the full playlist's: everything after the first segment's tags.
    const full = renderLowLatencyPlaylist(m);
    const tail = (text: string) => text.slice(text.indexOf('#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:35.000Z'));
    expect(tail(delta)).toBe(tail(full));
    expect(checkPlaylistUpdate(full, delta)).toEqual([]);
  });

  it('states version 10 and an empty RECENTLY-REMOVED-DATERANGES for _HLS_skip=v2', () => {
    const delta = renderLowLatencyPlaylist(model(20, 3), { skip: 'v2' });
    expect(checkLowLatencyPlaylist(delta, reports)).toEqual([]);
    expect(lines(delta, '#EXT-X-VERSION')).toEqual(['#EXT-X-VERSION:10']);
    expect(lines(delta, '#EXT-X-SKIP')).toEqual(['#EXT-X-SKIP:SKIPPED-SEGMENTS=14,RECENTLY-REMOVED-DATERANGES=""']);
  });

  it('skips nothing in a short playlist, and ignores the skip once the playlist has ended', () => {
    expect(renderLowLatencyPlaylist(model(5, 3), { skip: 'YES' })).toBe(renderLowLatencyPlaylist(model(5, 3)));
    const ended = model(20, 0, { ended: true });
    expect(renderLowLatencyPlaylist(ended, { skip: 'YES' })).toBe(renderLowLatencyPlaylist(ended));
  });
});

describe('the LL-HLS rule checker', () => {
  const good = renderLowLatencyPlaylist(model(5, 3));
  const edit = (from: string, to: string) => {
    expect(good).toContain(from);
    return good.replace(from, to);
  };
  const violations = (text: string) => checkLowLatencyPlaylist(text, reports);

  it('finds a part longer than PART-TARGET and a short part that is neither independent nor final', () => {
    expect(violations(edit('DURATION=0.33333,URI="../720p/t-part000019.m4s"', 'DURATION=0.35000,URI="../720p/t-part000019.m4s"'))).toContainEqual(
      expect.stringMatching(/^4\.4\.4\.9 line \d+: part DURATION 0.35 > PART-TARGET 0.34/),
    );
    expect(violations(edit('DURATION=0.33333,URI="../720p/t-part000019.m4s"', 'DURATION=0.26667,URI="../720p/t-part000019.m4s"'))).toContainEqual(
      expect.stringMatching(/^4\.4\.4\.9 .*< 85 % of PART-TARGET/),
    );
  });

  it('finds PART-HOLD-BACK below three and two part targets, and a too small CAN-SKIP-UNTIL', () => {
    expect(violations(edit('PART-HOLD-BACK=1.020', 'PART-HOLD-BACK=0.900'))).toContainEqual(expect.stringMatching(/< 3 x PART-TARGET 0.34 \(SHOULD\)/));
    expect(violations(edit('PART-HOLD-BACK=1.020', 'PART-HOLD-BACK=0.600'))).toContainEqual(expect.stringMatching(/< 2 x PART-TARGET 0.34 \(MUST\)/));
    expect(violations(edit('CAN-SKIP-UNTIL=12.000', 'CAN-SKIP-UNTIL=11.000'))).toContainEqual('4.4.3.8 CAN-SKIP-UNTIL 11 < 6 x TARGETDURATION 2');
    expect(violations(edit(',PART-HOLD-BACK=1.020', ''))).toContain('4.4.3.8 PART-HOLD-BACK is required with EXT-X-PART-INF');
  });

  it('finds a PROGRAM-DATE-TIME or MAP after the first part of its segment, and parts without PART-INF', () => {
    const moved = edit(
      '#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:13.000Z\n#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000018.m4s",INDEPENDENT=YES',
      '#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000018.m4s",INDEPENDENT=YES\n#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:13.000Z',
    );
    expect(violations(moved)).toContainEqual(expect.stringMatching(/^4\.4\.4\.9 line \d+: #EXT-X-PROGRAM-DATE-TIME of a Parent Segment after its first EXT-X-PART/));
    expect(violations(edit('#EXT-X-PART-INF:PART-TARGET=0.340\n', ''))).toContain('4.4.3.7 EXT-X-PART without EXT-X-PART-INF');
  });

  it('finds parts kept more than three target durations from the end, or removed out of order', () => {
    const old = renderLowLatencyPlaylist({ ...model(5, 3), timing: { ...timing, targetDuration: 4 } }).replace('#EXT-X-TARGETDURATION:4', '#EXT-X-TARGETDURATION:2');
    expect(violations(old)).toContainEqual(expect.stringMatching(/^6\.2\.2 line \d+: part starts 9\.000 s from the end, more than 3 target durations/));
    const gap = edit('#EXT-X-PART:DURATION=0.33333,URI="../720p/t-part000024.m4s",INDEPENDENT=YES\n', '').replace(/#EXT-X-PART:DURATION=0.33333,URI="\.\.\/720p\/t-part00002[5-9]\.m4s"\n/g, '');
    expect(violations(gap)).toContain('6.2.2 segment 4 lists no parts after segment 3 did: parts were not removed in playlist order');
  });

  it('finds parts that do not add up to their segment, a hint in an ended playlist, and a missing rendition report', () => {
    expect(violations(edit('#EXTINF:2.00000,\n../720p/t-r1-00004.m4s', '#EXTINF:2.10000,\n../720p/t-r1-00004.m4s'))).toContainEqual(expect.stringMatching(/^3\.2 segment 4: parts sum to 1\.9999\d s, EXTINF says 2\.1/));
    expect(violations(good.replace('#EXT-X-PRELOAD-HINT', '#EXT-X-ENDLIST\n#EXT-X-PRELOAD-HINT'))).toContain('4.4.5.3 EXT-X-PRELOAD-HINT in a playlist with EXT-X-ENDLIST');
    expect(checkLowLatencyPlaylist(good, { expectedReports: ['480p.m3u8', '360p.m3u8', '240p.m3u8'] })).toEqual(['B.1 0 rendition reports for 240p.m3u8, expected one']);
    expect(violations(good.replace(/#EXT-X-PRELOAD-HINT.*\n/, ''))).toContain('B.1 a live playlist with parts has no PART preload hint');
  });

  it('finds a skip that reaches into the Skip Boundary, a skip below version 9, and malformed attribute lists', () => {
    const delta = renderLowLatencyPlaylist(model(20, 3), { skip: 'YES' });
    // One segment more skipped: 11 s left, less than the 12 s Skip Boundary.
    const overSkipped = delta.replace('SKIPPED-SEGMENTS=14', 'SKIPPED-SEGMENTS=15').replace(/#EXT-X-PROGRAM-DATE-TIME:2026-03-04T05:06:35.000Z\n#EXTINF:2.00000,\n[^\n]*\n/, '');
    expect(checkLowLatencyPlaylist(overSkipped, reports)).toContainEqual(
      expect.stringMatching(/^6\.2\.5\.1 skipped segments within the Skip Boundary/),
    );
    expect(checkLowLatencyPlaylist(delta.replace('#EXT-X-VERSION:9', '#EXT-X-VERSION:7'), reports)).toContainEqual(expect.stringMatching(/^8 line \d+: EXT-X-SKIP needs EXT-X-VERSION 9/));
    expect(violations(edit('#EXT-X-PART-INF:PART-TARGET=0.340', '#EXT-X-PART-INF:PART-TARGET=0.340,PART-TARGET=0.5'))).toContainEqual(expect.stringMatching(/^4\.2 line 5: attribute PART-TARGET appears twice/));
    expect(violations(edit('URI="../720p/t-part000019.m4s"', 'URI="../720p/t-part000019.m4s'))).toContainEqual(expect.stringMatching(/^4\.2 line \d+: quoted-string of URI is not closed/));
  });

  it('finds an update that changes a listed segment or adds another part than the one hinted', () => {
    const next = renderLowLatencyPlaylist(model(5, 4));
    expect(checkPlaylistUpdate(good, next)).toEqual([]);
    expect(checkPlaylistUpdate(good, next.replace('t-part000033.m4s', 't-part000099.m4s'))).toEqual(['4.4.5.3 hinted part ../720p/t-part000033.m4s, but the next part added is ../720p/t-part000099.m4s']);
    expect(checkPlaylistUpdate(good, next.replace('#EXTINF:2.00000,\n../720p/t-r1-00002.m4s', '#EXTINF:1.90000,\n../720p/t-r1-00002.m4s'))).toContainEqual(expect.stringMatching(/^6\.2\.1 segment 2 changed/));
    expect(checkPlaylistUpdate(next, good)).toContain('6.2.1 the last part went back from 5.3 to 5.2');
  });
});
