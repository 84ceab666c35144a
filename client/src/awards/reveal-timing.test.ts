import { describe, expect, it } from 'vitest';
import type { AwardReveal } from '@yunzhan/shared';
import { takeDue } from './reveal-timing';

const reveal = (at: string, stage: AwardReveal['stage'] = 'winner'): AwardReveal => ({
  programmeId: 'p1',
  eventId: 'e1',
  programmeTitle: { 'zh-CN': '奖', en: 'Award' },
  categoryId: 'c1',
  categoryTitle: { 'zh-CN': '油画', en: 'Painting' },
  stage,
  nominees: [],
  winner: null,
  at,
});

describe('takeDue', () => {
  const pressed = reveal('2026-12-07T20:00:05.000Z');
  const cleared = reveal('2026-12-07T20:00:09.000Z', 'clear');

  it('holds a reveal until the picture reaches the moment it was pressed', () => {
    expect(takeDue([pressed, cleared], Date.parse('2026-12-07T20:00:04.999Z'))).toEqual({ due: [], waiting: [pressed, cleared] });
    expect(takeDue([pressed, cleared], Date.parse('2026-12-07T20:00:05.000Z'))).toEqual({ due: [pressed], waiting: [cleared] });
    expect(takeDue([pressed, cleared], Date.parse('2026-12-07T20:00:30.000Z'))).toEqual({ due: [pressed, cleared], waiting: [] });
  });

  it('shows at once without a picture that says when it was captured, and never waits on a time it cannot read', () => {
    expect(takeDue([pressed, cleared], null)).toEqual({ due: [pressed, cleared], waiting: [] });
    const odd = reveal('not a time');
    expect(takeDue([odd], 0)).toEqual({ due: [odd], waiting: [] });
  });
});
