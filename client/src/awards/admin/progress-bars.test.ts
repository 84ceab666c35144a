import type { JudgeProgress } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { progressBars, segmentCounts } from './progress-bars';

const judge = (id: string, assigned: number, submitted: number, drafts: number, recused: number): JudgeProgress => ({
  judgeId: id,
  username: id,
  displayName: `Judge ${id}`,
  assigned,
  submitted,
  drafts,
  recused,
});

describe('judge progress bars', () => {
  it('splits a judge into submitted, drafts, remaining and recused', () => {
    expect(segmentCounts(judge('a', 10, 4, 3, 2))).toEqual({ submitted: 4, drafts: 3, remaining: 3, recused: 2 });
  });

  it('never counts a negative remainder', () => {
    expect(segmentCounts(judge('a', 2, 2, 1, 0)).remaining).toBe(0);
  });

  it('draws every bar on the scale of the judge with the most entries', () => {
    const [a, b] = progressBars([judge('a', 8, 8, 0, 2), judge('b', 5, 1, 1, 0)]);
    expect(a!.segments.map((s) => s.percent)).toEqual([80, 0, 0, 20]);
    expect(b!.segments.map((s) => s.percent)).toEqual([10, 10, 30, 0]);
    expect(b!.total).toBe(5);
    expect(a!.name).toBe('Judge a (a)');
  });

  it('keeps a bar within 100% after rounding', () => {
    const [bar] = progressBars([judge('a', 3, 1, 1, 0)]);
    const sum = bar!.segments.reduce((s, x) => s + x.percent, 0);
    expect(sum).toBeLessThanOrEqual(100);
    expect(sum).toBeGreaterThan(99.8);
  });

  it('draws empty bars when nobody has anything to judge', () => {
    const [bar] = progressBars([judge('a', 0, 0, 0, 0)]);
    expect(bar!.segments.every((s) => s.percent === 0)).toBe(true);
  });
});
