import { z } from 'zod';
import { EventId } from './events';
import { ExhibitionId } from './exhibitions';
import { LocalId, LocalizedText } from './scene/primitives';
import { WorkId, WorkKind } from './works';

// Award programmes: entries are submitted (works from the catalogue), judged online by judges on
// a rubric per category (blind to each other, optionally to the entrant), voted on by the public,
// and revealed live in a ceremony. The organiser is an admin; judges are users with role `judge`.
// This file: programmes, categories, phases and entries; judging is in award-judging.ts, voting,
// results and the reveal in award-results.ts.

/** Identifier of a programme in URLs (`/awards/<id>`). */
export const AwardId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lower-case letters, digits and -, 3-64 long');
export type AwardId = z.infer<typeof AwardId>;

/** A category's id, unique inside its programme. */
export const CategoryId = LocalId;
export type CategoryId = z.infer<typeof CategoryId>;

/** Identifier of an entry (a work entered in a category). */
export const EntryId = z.string().regex(/^en_[A-Za-z0-9_-]{6,40}$/, 'an entry id (en_...)');
export type EntryId = z.infer<typeof EntryId>;

/** The phases of a programme, in order. `draft` is before entries open. */
export const AWARD_PHASES = ['draft', 'entries', 'judging', 'voting', 'ceremony', 'results'] as const;
export const AwardPhase = z.enum(AWARD_PHASES);
export type AwardPhase = z.infer<typeof AwardPhase>;
/** Phases that start at a scheduled date (every phase but draft). */
export type ScheduledPhase = Exclude<AwardPhase, 'draft'>;

/** Position of a phase in AWARD_PHASES, for "at or after" comparisons. */
export function phaseIndex(phase: AwardPhase): number {
  return AWARD_PHASES.indexOf(phase);
}

const IsoDate = z.iso.datetime({ offset: true });

/**
 * When each phase starts. A phase lasts until the next one starts; the dates never go backwards.
 * The current phase is always the last one whose date has passed (`draft` before `entries`).
 */
export const AwardSchedule = z
  .object({ entries: IsoDate, judging: IsoDate, voting: IsoDate, ceremony: IsoDate, results: IsoDate })
  .superRefine((s, ctx) => {
    const order = AWARD_PHASES.slice(1) as ScheduledPhase[];
    for (let i = 1; i < order.length; i++) {
      if (Date.parse(s[order[i]!]) < Date.parse(s[order[i - 1]!])) {
        ctx.addIssue({ code: 'custom', path: [order[i]!], message: `${order[i]} must not start before ${order[i - 1]}` });
      }
    }
  });
export type AwardSchedule = z.infer<typeof AwardSchedule>;

/** The phase a schedule is in at `now`. */
export function phaseAt(schedule: AwardSchedule, now: number = Date.now()): AwardPhase {
  let phase: AwardPhase = 'draft';
  for (const p of AWARD_PHASES.slice(1) as ScheduledPhase[]) if (Date.parse(schedule[p]) <= now) phase = p;
  return phase;
}

/** One criterion of a category's rubric: each judge gives it an integer 0..max. */
export const RubricCriterion = z.object({
  id: LocalId,
  label: LocalizedText(80),
  /** Relative weight in the total (the weights need not add up to anything). */
  weight: z.number().finite().positive().max(100),
  /** Highest score for this criterion. */
  max: z.number().int().min(1).max(100),
});
export type RubricCriterion = z.infer<typeof RubricCriterion>;

/** Which works may be entered in a category. */
export const Eligibility = z.object({
  /** Kinds of work accepted. */
  kinds: z.array(WorkKind).min(1).max(4),
  /** Most entries one entrant (the work's owner) may have in the category. */
  maxEntriesPerEntrant: z.number().int().min(1).max(50).default(3),
  /** Only works catalogued at or after this time. */
  createdAfter: IsoDate.optional(),
});
export type Eligibility = z.infer<typeof Eligibility>;

/** How judges' totals are combined: plain mean, or the mean after cutting the extremes. */
export const Aggregation = z.enum(['mean', 'trimmed-mean']);
export type Aggregation = z.infer<typeof Aggregation>;

/** Whether the public sees vote counts while voting runs (`live`) or only with the results. */
export const TallyVisibility = z.enum(['hidden', 'live']);
export type TallyVisibility = z.infer<typeof TallyVisibility>;

/** Who decides a category's winner: the judges' ranking or the public vote. */
export const WinnerBy = z.enum(['jury', 'public']);
export type WinnerBy = z.infer<typeof WinnerBy>;

/** A category as the organiser defines it. */
export const CategoryInput = z
  .object({
    id: CategoryId,
    title: LocalizedText(120),
    description: LocalizedText(2000).optional(),
    rubric: z.array(RubricCriterion).min(1).max(10),
    eligibility: Eligibility,
    /** Votes each account may cast in this category (one per entry at most). */
    votesPerAccount: z.number().int().min(1).max(10).default(1),
    aggregation: Aggregation.default('mean'),
    /** Share of judges' totals cut from each end by `trimmed-mean` (floor(n * share) each side). */
    trimShare: z.number().min(0).max(0.4).default(0.2),
    /**
     * Until judging closes (voting starts) nobody but admins and the entrant sees who made or
     * entered its entries, judges included (docs/roles.md); the entrant's account stays hidden from judges after.
     */
    blindEntrant: z.boolean().default(true),
    tallies: TallyVisibility.default('hidden'),
    winnerBy: WinnerBy.default('jury'),
  })
  .superRefine((c, ctx) => {
    const ids = c.rubric.map((r) => r.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['rubric', i, 'id'], message: `duplicate criterion id ${id}` });
    });
  });
export type CategoryInput = z.input<typeof CategoryInput>;
export type AwardCategory = z.infer<typeof CategoryInput>;

/** Body of POST /api/awards (admins): a whole programme. */
export const ProgrammeInput = z
  .object({
    id: AwardId,
    title: LocalizedText(120),
    summary: LocalizedText(2000).optional(),
    /** The live event the ceremony is streamed in (its hosts run the reveal). */
    eventId: EventId.nullable().default(null),
    schedule: AwardSchedule,
    categories: z.array(CategoryInput).min(1).max(20),
    /** Users (role `judge`) who judge every category. */
    judgeIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  })
  .superRefine((p, ctx) => {
    const ids = p.categories.map((c) => c.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate category id ${id}` });
    });
  });
export type ProgrammeInput = z.input<typeof ProgrammeInput>;

/** Body of PATCH /api/awards/:id (admins). Categories can be changed only before judging starts. */
export const ProgrammePatch = z.strictObject({
  title: LocalizedText(120).optional(),
  summary: LocalizedText(2000).optional(),
  eventId: EventId.nullable().optional(),
  schedule: AwardSchedule.optional(),
  judgeIds: z.array(z.string().min(1).max(64)).max(50).optional(),
});
export type ProgrammePatch = z.input<typeof ProgrammePatch>;

/** Body of POST /api/awards/:id/advance (admins): start `to` now (it must be later than the current phase). */
export const AdvanceInput = z.strictObject({ to: AwardPhase.exclude(['draft']) });
export type AdvanceInput = z.infer<typeof AdvanceInput>;

/** A work as nominee cards show it. `creator` is null where judging is blind to the entrant. */
export const NomineeWork = z.object({
  id: WorkId,
  catalogueNumber: z.string(),
  kind: WorkKind,
  title: LocalizedText(120),
  creator: z.string().nullable(),
  date: z.string(),
  /** Smallest image rendition at least 512 px wide (or the poster), if any. */
  imageUrl: z.string().nullable(),
});
export type NomineeWork = z.infer<typeof NomineeWork>;

/** An entry: a work in a category. Withdrawn entries are not judged, voted on or shown. */
export const AwardEntry = z.object({
  id: EntryId,
  programmeId: AwardId,
  categoryId: CategoryId,
  work: NomineeWork,
  /** The account that entered it; null where the caller may not know (blind judging, the public). */
  entrantId: z.string().nullable(),
  status: z.enum(['active', 'withdrawn']),
  createdAt: z.string(),
});
export type AwardEntry = z.infer<typeof AwardEntry>;

/** Body of POST /api/awards/:id/entries: the work's owner (during entries) or an admin (before judging). */
export const EntryInput = z.strictObject({ categoryId: CategoryId, workId: WorkId });
export type EntryInput = z.infer<typeof EntryInput>;

/** A programme as GET /api/awards/:id returns it (to anyone once it is out of draft; admins always). */
export const AwardProgramme = z.object({
  id: AwardId,
  title: LocalizedText(120),
  summary: LocalizedText(2000).optional(),
  eventId: EventId.nullable(),
  schedule: AwardSchedule,
  phase: AwardPhase,
  categories: z.array(
    z.object({
      id: CategoryId,
      title: LocalizedText(120),
      description: LocalizedText(2000).optional(),
      rubric: z.array(RubricCriterion),
      eligibility: Eligibility,
      votesPerAccount: z.number().int(),
      aggregation: Aggregation,
      trimShare: z.number(),
      blindEntrant: z.boolean(),
      tallies: TallyVisibility,
      winnerBy: WinnerBy,
      /** The nominees' virtual hall (`/exhibitions/<id>`), once voting has started and it has nominees. */
      hallExhibitionId: ExhibitionId.nullable(),
      /** Active entries (the nominees). */
      entries: z.array(AwardEntry),
    }),
  ),
  /** Admins only (empty for everyone else). */
  judgeIds: z.array(z.string()),
  createdAt: z.string(),
});
export type AwardProgramme = z.infer<typeof AwardProgramme>;

/** A list row of GET /api/awards. */
export const AwardSummary = z.object({ id: AwardId, title: LocalizedText(120), phase: AwardPhase, schedule: AwardSchedule, eventId: EventId.nullable(), categoryCount: z.number().int() });
export type AwardSummary = z.infer<typeof AwardSummary>;
