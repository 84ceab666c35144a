import { describe, expect, it } from 'vitest';
import { DirectiveError, advancePartLimit, checkDirectivesAhead, directivesSatisfied, parseDeliveryDirectives, type PlaylistPosition } from './delivery-directives';

const q = (s: string) => parseDeliveryDirectives(new URLSearchParams(s));
// Segments 0..9 complete, segment 10 open with parts 0..2 (six parts per segment, PART-TARGET 0.34).
const pos: PlaylistPosition = { lastPartMsn: 10, lastPartIndex: 2, lastSegmentMsn: 9, ended: false, partTarget: 0.34, partsPerSegment: 6 };

describe('Delivery Directives', () => {
  it('parses _HLS_msn, _HLS_part and _HLS_skip and ignores other parameters', () => {
    expect(q('')).toEqual({ msn: undefined, part: undefined, skip: undefined });
    expect(q('_HLS_msn=12&_HLS_part=3&_HLS_skip=YES&token=abc&_HLS_future=1')).toEqual({ msn: 12, part: 3, skip: 'YES' });
    expect(q('_HLS_skip=v2')).toEqual({ msn: undefined, part: undefined, skip: 'v2' });
  });

  it('refuses malformed or repeated directives and _HLS_part without _HLS_msn', () => {
    for (const bad of ['_HLS_part=1', '_HLS_msn=abc', '_HLS_msn=-1', '_HLS_msn=1.5', '_HLS_msn=', '_HLS_msn=1&_HLS_msn=2', '_HLS_msn=1&_HLS_part=x', '_HLS_skip=yes', '_HLS_skip=NO']) {
      expect(() => q(bad), bad).toThrow(DirectiveError);
    }
  });

  it('refuses an _HLS_msn more than two past the last segment and an _HLS_part beyond the Advance Part Limit', () => {
    expect(advancePartLimit(0.34)).toBeCloseTo(8.82, 2);
    expect(advancePartLimit(2)).toBe(3);
    const ahead = (s: string) => () => checkDirectivesAhead(q(s), pos);
    expect(ahead('_HLS_msn=12')).not.toThrow();
    expect(ahead('_HLS_msn=13')).toThrow(/more than two segments past the last one \(10\)/);
    // The limit is 8.8 parts past 10.2: 10.10 and 11.4 (3 left in 10, then 11.0..11.4) are 8
    // ahead; 10.11, 11.5 and 12.0 are 9 or more.
    expect(ahead('_HLS_msn=10&_HLS_part=10')).not.toThrow();
    expect(ahead('_HLS_msn=10&_HLS_part=11')).toThrow(/Advance Part Limit/);
    expect(ahead('_HLS_msn=11&_HLS_part=4')).not.toThrow();
    expect(ahead('_HLS_msn=11&_HLS_part=5')).toThrow(/Advance Part Limit/);
    expect(ahead('_HLS_msn=12&_HLS_part=0')).toThrow(/Advance Part Limit/);
    // In the past: never refused. Once ended: directives are ignored, so nothing is refused.
    expect(ahead('_HLS_msn=3&_HLS_part=40')).not.toThrow();
    expect(() => checkDirectivesAhead(q('_HLS_msn=99&_HLS_part=9'), { ...pos, ended: true })).not.toThrow();
  });

  it('holds a request until the playlist has the segment, the part, or anything after it', () => {
    const ok = (s: string, p: PlaylistPosition = pos) => directivesSatisfied(q(s), p);
    expect(ok('')).toBe(true);
    expect(ok('_HLS_msn=9')).toBe(true);
    // A segment with parts but no EXTINF yet is not a Media Segment.
    expect(ok('_HLS_msn=10')).toBe(false);
    expect(ok('_HLS_msn=10&_HLS_part=2')).toBe(true);
    expect(ok('_HLS_msn=10&_HLS_part=3')).toBe(false);
    expect(ok('_HLS_msn=9&_HLS_part=7')).toBe(true);
    // A part index past the end of segment 10 means part 0 of segment 11.
    const closed: PlaylistPosition = { ...pos, lastPartIndex: 5, lastSegmentMsn: 10 };
    expect(ok('_HLS_msn=10&_HLS_part=6', closed)).toBe(false);
    expect(ok('_HLS_msn=10&_HLS_part=6', { ...closed, lastPartMsn: 11, lastPartIndex: 0 })).toBe(true);
    expect(ok('_HLS_msn=11', { ...closed, lastPartMsn: 11, lastPartIndex: 0 })).toBe(false);
    // Ended: answered at once.
    expect(ok('_HLS_msn=50&_HLS_part=3', { ...pos, ended: true })).toBe(true);
  });
});
