import { describe, expect, it } from 'vitest';
import type { Caption } from '@yunzhan/shared';
import { parseCaptionSettings } from './caption-settings';
import { mergeCaptions, timedCaptions } from './caption-timeline';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 20, 0, seconds)).toISOString();
const caption = (id: string, seconds: number, text = id): Caption => ({ id, eventId: 'e1', text, at: at(seconds) });
// The video's time 0 is 20:00:10.
const OFFSET = Date.UTC(2026, 11, 7, 20, 0, 10);

describe('timedCaptions', () => {
  it('places each caption where the picture reaches its moment, until the next one or 6 s', () => {
    expect(timedCaptions([caption('b', 14), caption('a', 12), caption('c', 30)], OFFSET)).toEqual([
      { id: 'a', text: 'a', start: 2, end: 4 },
      { id: 'b', text: 'b', start: 4, end: 10 },
      { id: 'c', text: 'c', start: 20, end: 26 },
    ]);
  });

  it('leaves out what ended before the timeline starts and what has no readable time; clips one still up at 0', () => {
    const odd = { ...caption('x', 0), at: 'yesterday' };
    expect(timedCaptions([caption('gone', 1), caption('still', 8), odd], OFFSET)).toEqual([{ id: 'still', text: 'still', start: 0, end: 4 }]);
  });
});

describe('mergeCaptions', () => {
  it('adds each caption once, keeping the list when nothing is new', () => {
    const known = [caption('a', 1)];
    expect(mergeCaptions(known, [caption('a', 1)])).toBe(known);
    expect(mergeCaptions(known, [caption('b', 2), caption('b', 2)]).map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('parseCaptionSettings', () => {
  it('reads what it wrote and falls back field by field', () => {
    expect(parseCaptionSettings('{"enabled":false,"size":"large"}')).toEqual({ enabled: false, size: 'large' });
    expect(parseCaptionSettings('{"enabled":"no","size":"huge"}')).toEqual({ enabled: true, size: 'medium' });
    expect(parseCaptionSettings('not json')).toEqual({ enabled: true, size: 'medium' });
    expect(parseCaptionSettings(null)).toEqual({ enabled: true, size: 'medium' });
  });
});
