import { ScoreInput, type JudgeScore, type JudgingSheet, type RubricCriterion } from '@yunzhan/shared';
import { z } from 'zod';
import type { FieldMessage } from '../../forms/field-messages';
import type { PlacedProblem } from '../../forms/schema-resolver';

// A judge's score form as plain data: the values typed per criterion, the form's schema (the
// shared ScoreInput, each criterion narrowed to its own maximum), the weighted total the server
// will compute (shown as a preview), and the sheet's progress.

/** Typed values by criterion id ('' when blank). */
export type ScoreDraft = Record<string, string>;

/** The score form's values: a typed value per criterion and the comment. */
export interface ScoreFormValues {
  scores: ScoreDraft;
  comment: string;
}

/** What the form hands to its submit: the body of PUT scores, without `submit`. */
export type ScoreFormOutput = Omit<z.output<typeof ScoreInput>, 'submit'>;

/**
 * The form's schema: every criterion required, a whole number from 0 to its maximum (typed text
 * turned into a number), piped into the shared ScoreInput so the server's own rules (the comment's
 * length, trimming) are checked here first. Issue paths are `scores.<criterion id>` and `comment`,
 * as the server names them.
 */
export function scoreFormSchema(rubric: readonly RubricCriterion[]): z.ZodType<ScoreFormOutput, ScoreFormValues> {
  const scores = z.object(
    Object.fromEntries(
      rubric.map((c) => [
        c.id,
        z
          .string()
          .trim()
          .regex(/^\d+$/)
          .transform(Number)
          .pipe(z.number().int().min(0).max(c.max)),
      ]),
    ),
  );
  // The comment is checked beside the scores (not only once they pass), so every problem shows at once.
  return z.object({ scores, comment: ScoreInput.shape.comment.unwrap() }).pipe(ScoreInput.omit({ submit: true }) as z.ZodType<ScoreFormOutput, ScoreFormOutput>);
}

/** Every problem with a criterion's score reads "a whole number from 0 to <max>". */
export function scoreWords(rubric: readonly RubricCriterion[]) {
  return ({ path }: PlacedProblem): FieldMessage | undefined => {
    const criterion = rubric.find((c) => path === `scores.${c.id}`);
    return criterion ? { key: 'awardsAdmin.judge.scoreRange', params: { max: criterion.max } } : undefined;
  };
}

/** The form's starting values: the judge's saved scores, or blanks. */
export function draftOf(rubric: readonly RubricCriterion[], mine: JudgeScore | null): ScoreDraft {
  return Object.fromEntries(rubric.map((c) => [c.id, mine && typeof mine.scores[c.id] === 'number' ? String(mine.scores[c.id]) : '']));
}

/** A value pulled into 0..max as a whole number (for the range slider and typed overshoot). */
export function clampScore(value: number, max: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(max, Math.max(0, Math.round(value)));
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
