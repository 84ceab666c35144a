import type { JudgeScore, JudgingSheet, RubricCriterion, ScoreInput } from '@yunzhan/shared';

// A judge's score form as plain data: the values typed per criterion, the body of PUT scores,
// the weighted total the server will compute (shown as a preview), and the sheet's progress.

/** Typed values by criterion id ('' when blank). */
export type ScoreDraft = Record<string, string>;

/** The form's starting values: the judge's saved scores, or blanks. */
export function draftOf(rubric: readonly RubricCriterion[], mine: JudgeScore | null): ScoreDraft {
  return Object.fromEntries(rubric.map((c) => [c.id, mine && typeof mine.scores[c.id] === 'number' ? String(mine.scores[c.id]) : '']));
}

/** Whether a typed value is a whole number from 0 to `max`. */
export function isValidScore(text: string, max: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= 0 && n <= max;
}

/** A value pulled into 0..max as a whole number (for the range slider and typed overshoot). */
export function clampScore(value: number, max: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(max, Math.max(0, Math.round(value)));
}

/**
 * The body of PUT scores, or the criteria that are blank or out of range. Every criterion is
 * required, drafts included (the server's rule).
 */
export function scoreInputOf(rubric: readonly RubricCriterion[], draft: ScoreDraft, comment: string, submit: boolean): { ok: true; input: ScoreInput } | { ok: false; invalid: string[] } {
  const invalid = rubric.filter((c) => !isValidScore(draft[c.id] ?? '', c.max)).map((c) => c.id);
  if (invalid.length > 0) return { ok: false, invalid };
  const scores = Object.fromEntries(rubric.map((c) => [c.id, Number(draft[c.id])]));
  return { ok: true, input: { scores, comment: comment.trim(), submit } };
}

/**
 * The weighted total on 0..100: sum(score / max × weight) / sum(weight) × 100, as the server
 * computes it. Blank or invalid criteria count as 0; null without any weight.
 */
export function weightedTotal(rubric: readonly RubricCriterion[], scores: Readonly<Record<string, number | string>>): number | null {
  const weights = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (weights <= 0) return null;
  const sum = rubric.reduce((acc, c) => {
    const n = Number(scores[c.id]);
    return acc + (Number.isFinite(n) ? (Math.min(Math.max(n, 0), c.max) / c.max) * c.weight : 0);
  }, 0);
  return (sum / weights) * 100;
}

/** How far the judge is: entries with a submitted score of those not recused. */
export function sheetProgress(sheet: Pick<JudgingSheet, 'categories'>): { submitted: number; total: number } {
  let submitted = 0;
  let total = 0;
  for (const category of sheet.categories) {
    for (const e of category.entries) {
      if (e.recused) continue;
      total += 1;
      if (e.mine?.status === 'submitted') submitted += 1;
    }
  }
  return { submitted, total };
}
