import { describe, expect, it } from 'vitest';
import type { RubricCriterion } from '@yunzhan/shared';
import { aggregate, decideWinner, judgeTotal, rankEntries } from './scoring';

const label = { 'zh-CN': '项', en: 'Item' };
const rubric: RubricCriterion[] = [
  { id: 'a', label, weight: 1, max: 10 },
  { id: 'b', label, weight: 3, max: 5 },
];

describe('judge totals', () => {
  it('weights each criterion by its share of the maximum, on a 0..100 scale', () => {
    expect(judgeTotal(rubric, { a: 10, b: 5 })).toBe(100);
    expect(judgeTotal(rubric, { a: 0, b: 0 })).toBe(0);
    // (5/10 × 1 + 4/5 × 3) / 4 × 100 = (0.5 + 2.4) / 4 × 100
    expect(judgeTotal(rubric, { a: 5, b: 4 })).toBeCloseTo(72.5, 10);
  });
});

describe('aggregation', () => {
  it('takes the plain mean of the totals, null without any', () => {
    expect(aggregate([60, 70, 80], 'mean', 0.2)).toBe(70);
    expect(aggregate([], 'mean', 0.2)).toBeNull();
    expect(aggregate([], 'trimmed-mean', 0.2)).toBeNull();
  });

  it('drops floor(n × share) totals from each end for the trimmed mean', () => {
    // n = 5, share 0.2: one from each end → mean of 60, 70, 80.
    expect(aggregate([10, 60, 70, 80, 100], 'trimmed-mean', 0.2)).toBe(70);
    // n = 4, share 0.2: floor(0.8) = 0 → plain mean.
    expect(aggregate([10, 60, 70, 100], 'trimmed-mean', 0.2)).toBe(60);
    // n = 10, share 0.25: two from each end.
    expect(aggregate([0, 1, 50, 50, 50, 50, 50, 50, 99, 100], 'trimmed-mean', 0.25)).toBe(50);
  });

  it('falls back to the plain mean when trimming would leave nothing', () => {
    expect(aggregate([40, 80], 'trimmed-mean', 0.5)).toBe(60);
    expect(aggregate([40], 'trimmed-mean', 0.4)).toBe(40);
  });
});

describe('ranking', () => {
  it('ranks best first, ties share a rank and the next rank skips', () => {
    const { ranked, tiedForFirst } = rankEntries([
      { entryId: 'a', value: 70 },
      { entryId: 'b', value: 90 },
      { entryId: 'c', value: 70 },
      { entryId: 'd', value: 50 },
    ]);
    expect(ranked.map((r) => [r.entryId, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
    expect(tiedForFirst).toEqual([]);
  });

  it('reports two or more entries sharing rank 1 as tied for first, comparing to 1e-6', () => {
    const { ranked, tiedForFirst } = rankEntries([
      { entryId: 'a', value: 0.1 + 0.2 },
      { entryId: 'b', value: 0.3 },
      { entryId: 'c', value: 0.2 },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(tiedForFirst).toEqual(['a', 'b']);
  });

  it('puts entries without a value last, unranked', () => {
    const { ranked, tiedForFirst } = rankEntries([
      { entryId: 'none', value: null },
      { entryId: 'x', value: 10 },
    ]);
    expect(ranked).toEqual([
      { entryId: 'x', value: 10, rank: 1 },
      { entryId: 'none', value: null, rank: null },
    ]);
    expect(tiedForFirst).toEqual([]);
    expect(rankEntries([{ entryId: 'n', value: null }]).ranked[0]!.rank).toBeNull();
  });

  it('decides the winner: rank 1 without a tie, the tie-break among the tied, else nobody', () => {
    const clear = rankEntries([
      { entryId: 'a', value: 1 },
      { entryId: 'b', value: 2 },
    ]);
    expect(decideWinner(clear.ranked, clear.tiedForFirst, null)).toBe('b');
    const tie = rankEntries([
      { entryId: 'a', value: 2 },
      { entryId: 'b', value: 2 },
      { entryId: 'c', value: 1 },
    ]);
    expect(decideWinner(tie.ranked, tie.tiedForFirst, null)).toBeNull();
    expect(decideWinner(tie.ranked, tie.tiedForFirst, 'b')).toBe('b');
    expect(decideWinner(tie.ranked, tie.tiedForFirst, 'c')).toBeNull();
    expect(decideWinner([], [], null)).toBeNull();
  });
});
