import type { JudgeScore, JudgingSheet, RubricCriterion } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { clampScore, draftOf, isValidScore, scoreInputOf, sheetProgress, weightedTotal } from './judge-score';

const rubric: RubricCriterion[] = [
  { id: 'craft', label: { 'zh-CN': '技艺', en: 'Craft' }, weight: 2, max: 10 },
  { id: 'idea', label: { 'zh-CN': '立意', en: 'Idea' }, weight: 1, max: 5 },
];

const score = (status: JudgeScore['status']): JudgeScore => ({ entryId: 'en_abcdef', scores: { craft: 7, idea: 4 }, comment: 'good', total: 73.3, status, updatedAt: '2026-03-10T00:00:00Z' });

describe("a judge's score form", () => {
  it('starts blank, or from the saved score', () => {
    expect(draftOf(rubric, null)).toEqual({ craft: '', idea: '' });
    expect(draftOf(rubric, score('draft'))).toEqual({ craft: '7', idea: '4' });
  });

  it('accepts whole numbers from 0 to the maximum only', () => {
    expect(isValidScore('0', 5)).toBe(true);
    expect(isValidScore('5', 5)).toBe(true);
    expect(isValidScore('6', 5)).toBe(false);
    expect(isValidScore('2.5', 5)).toBe(false);
    expect(isValidScore('-1', 5)).toBe(false);
    expect(isValidScore('', 5)).toBe(false);
  });

  it('clamps slider and typed values into range', () => {
    expect(clampScore(12, 10)).toBe(10);
    expect(clampScore(-3, 10)).toBe(0);
    expect(clampScore(4.6, 10)).toBe(5);
    expect(clampScore(Number.NaN, 10)).toBe(0);
  });

  it('builds the PUT body with every criterion, or names the ones missing', () => {
    expect(scoreInputOf(rubric, { craft: '7', idea: '4' }, '  fine ', true)).toEqual({ ok: true, input: { scores: { craft: 7, idea: 4 }, comment: 'fine', submit: true } });
    expect(scoreInputOf(rubric, { craft: '', idea: '9' }, '', false)).toEqual({ ok: false, invalid: ['craft', 'idea'] });
  });

  it('previews the weighted total the way the server computes it', () => {
    // (7/10 × 2 + 4/5 × 1) / 3 × 100 = 73.33…
    expect(weightedTotal(rubric, { craft: 7, idea: 4 })).toBeCloseTo(73.333, 2);
    expect(weightedTotal(rubric, { craft: 10, idea: 5 })).toBe(100);
    expect(weightedTotal(rubric, { craft: '', idea: '' })).toBe(0);
    expect(weightedTotal([], {})).toBeNull();
  });

  it('counts submitted entries out of those not recused', () => {
    const entry = (mine: JudgeScore | null, recused: boolean) => ({ entry: {} as JudgingSheet['categories'][number]['entries'][number]['entry'], mine, recused });
    const sheet = {
      categories: [
        { entries: [entry(score('submitted'), false), entry(score('draft'), false), entry(null, true)] },
        { entries: [entry(null, false)] },
      ],
    } as unknown as JudgingSheet;
    expect(sheetProgress(sheet)).toEqual({ submitted: 1, total: 3 });
  });
});
