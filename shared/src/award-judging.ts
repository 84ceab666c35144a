import { z } from 'zod';
import { AwardEntry, AwardId, AwardPhase, CategoryId, EntryId, RubricCriterion } from './awards';
import { LocalId, LocalizedText } from './scene/primitives';

// Judging of award entries: each judge's scores on the category's rubric (drafts, then final),
// recusals, the judge's own sheet, the organiser's view of progress and the audit log.

/**
 * Body of PUT /api/awards/:id/scores/:entryId (the programme's judges, during judging): a draft
 * (`submit: false`, changeable) or the final score (`submit: true`; any later change is SCORE_FINAL).
 * Every criterion of the rubric must be scored, each 0..max.
 */
export const ScoreInput = z.strictObject({
  scores: z.record(LocalId, z.number().int().min(0).max(100)),
  comment: z.string().trim().max(2000).default(''),
  submit: z.boolean().default(false),
});
export type ScoreInput = z.input<typeof ScoreInput>;

/** One judge's score of one entry, as that judge (and only that judge) sees it. */
export const JudgeScore = z.object({
  entryId: EntryId,
  scores: z.record(z.string(), z.number()),
  comment: z.string(),
  /** Weighted total on a 0..100 scale: sum(score/max * weight) / sum(weight) * 100. */
  total: z.number(),
  status: z.enum(['draft', 'submitted']),
  updatedAt: z.string(),
});
export type JudgeScore = z.infer<typeof JudgeScore>;

/** Body of POST /api/awards/:id/recusals (a judge): a conflict of interest with an entry. Final. */
export const RecusalInput = z.strictObject({ entryId: EntryId, reason: z.string().trim().min(1).max(500) });
export type RecusalInput = z.infer<typeof RecusalInput>;

/** GET /api/awards/:id/judging (a judge of the programme): the entries to score and only this judge's own scores. */
export const JudgingSheet = z.object({
  programmeId: AwardId,
  phase: AwardPhase,
  categories: z.array(
    z.object({
      id: CategoryId,
      title: LocalizedText(120),
      rubric: z.array(RubricCriterion),
      blindEntrant: z.boolean(),
      entries: z.array(
        z.object({
          entry: AwardEntry,
          mine: JudgeScore.nullable(),
          recused: z.boolean(),
        }),
      ),
    }),
  ),
});
export type JudgingSheet = z.infer<typeof JudgingSheet>;

/** GET /api/awards/:id/progress (admins): how far each judge is. */
export const JudgeProgress = z.object({
  judgeId: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Entries this judge is to score (active entries minus recusals). */
  assigned: z.number().int(),
  drafts: z.number().int(),
  submitted: z.number().int(),
  recused: z.number().int(),
});
export type JudgeProgress = z.infer<typeof JudgeProgress>;

/** One line of the audit log (GET /api/awards/:id/audit, admins): every score save, submit, recusal, vote-affecting change. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  action: z.enum(['score-draft', 'score-submit', 'recuse', 'entry-add', 'entry-withdraw', 'advance', 'tie-break', 'reveal', 'programme-update']),
  entryId: z.string().nullable(),
  categoryId: z.string().nullable(),
  /** What changed: scores before/after, reason, phase, ... */
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
