import type { JudgeScore, JudgingSheet, RubricCriterion } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { clampScore, draftOf, scoreFormSchema, scoreWords, sheetProgress, weightedTotal } from './judge-score';

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

  it('accepts whole numbers from 0 to each criterion\'s maximum only', () => {
    const ok = (craft: string, idea = '3') => scoreFormSchema(rubric).safeParse({ scores: { craft, idea }, comment: '' }).success;
    expect(ok('0')).toBe(true);
    expect(ok('10')).toBe(true);
    expect(ok(' 7 ')).toBe(true);
    expect(ok('10', '5')).toBe(true);
    expect(ok('10', '6')).toBe(false);
    expect(ok('11')).toBe(false);
    expect(ok('2.5')).toBe(false);
    expect(ok('-1')).toBe(false);
    expect(ok('')).toBe(false);
  });

  it('clamps slider and typed values into range', () => {
    expect(clampScore(12, 10)).toBe(10);
    expect(clampScore(-3, 10)).toBe(0);
    expect(clampScore(4.6, 10)).toBe(5);
    expect(clampScore(Number.NaN, 10)).toBe(0);
  });

  it('builds the PUT body through the shared ScoreInput, or names the criteria and comment at fault', () => {
    expect(scoreFormSchema(rubric).parse({ scores: { craft: '7', idea: '4' }, comment: '  fine ' })).toEqual({ scores: { craft: 7, idea: 4 }, comment: 'fine' });
    const refused = scoreFormSchema(rubric).safeParse({ scores: { craft: '', idea: '9' }, comment: 'x'.repeat(2001) });
    expect(refused.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['comment', 'scores.craft', 'scores.idea']);
    const long = scoreFormSchema(rubric).safeParse({ scores: { craft: '1', idea: '1' }, comment: 'x'.repeat(2001) });
    expect(long.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['comment', 'too_big']]);
  });

  it('words a criterion\'s problem with its own maximum', () => {
    expect(scoreWords(rubric)({ path: 'scores.idea', code: 'too_big' })).toEqual({ key: 'awardsAdmin.judge.scoreRange', params: { max: 5 } });
    expect(scoreWords(rubric)({ path: 'comment', code: 'too_big' })).toBeUndefined();
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
