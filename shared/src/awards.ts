import { z } from 'zod';
import { EventId } from './events';
import { ExhibitionId } from './exhibitions';
import { LocalId, LocalizedText } from './scene/primitives';
import { WorkId, WorkKind } from './works';

// Award programmes: entries are submitted (works from the catalogue), judged online by judges on
// a rubric per category (blind to each other, optionally to the entrant), voted on by the public,
// and revealed live in a ceremony. The organiser is an admin; judges are users with role `judge`.

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
    /** Judges do not see who entered a work (the entrant's account and the work's creator). */
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

// --- Judging -----------------------------------------------------------------------------------

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

// --- Public voting -----------------------------------------------------------------------------

/**
 * Body of POST /api/awards/:id/votes (signed-in, during voting). Send an `Idempotency-Key` header
 * (8-100 chars of [A-Za-z0-9_-]): a retry with the same key returns the first answer and never
 * counts twice; the same key with a different body is CONFLICT.
 */
export const VoteInput = z.strictObject({ categoryId: CategoryId, entryId: EntryId });
export type VoteInput = z.infer<typeof VoteInput>;

/** An Idempotency-Key header value. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, '8-100 letters, digits, _ or -');

/** Answer to a vote: the caller's votes in the category after it. */
export const VoteResult = z.object({
  categoryId: CategoryId,
  entryId: EntryId,
  /** True when this answer is the replay of an earlier request with the same key. */
  replayed: z.boolean(),
  /** The entries this account has voted for in the category. */
  myVotes: z.array(EntryId),
  votesLeft: z.number().int().nonnegative(),
});
export type VoteResult = z.infer<typeof VoteResult>;

// --- Results and the reveal --------------------------------------------------------------------

/** One entry's line in a category's results. */
export const EntryResult = z.object({
  entryId: EntryId,
  work: NomineeWork,
  /** Judges' aggregate (0..100) over submitted scores, or null if none. Admins, or once revealed/results. */
  juryScore: z.number().nullable(),
  /** Submitted scores behind juryScore. */
  judgeCount: z.number().int(),
  /** Public votes, or null while the tallies are hidden from the caller. */
  votes: z.number().int().nullable(),
  /** 1-based rank by the category's winnerBy; entries that tie share a rank. */
  rank: z.number().int().nullable(),
});
export type EntryResult = z.infer<typeof EntryResult>;

/** A category's results (GET /api/awards/:id/results). */
export const CategoryResult = z.object({
  categoryId: CategoryId,
  winnerBy: WinnerBy,
  /** Ranked best first; for the public, empty of scores until the category is revealed or results are out. */
  entries: z.array(EntryResult),
  /** Entry ids tied for first place (two or more), before a tie-break; empty when there is no tie. */
  tiedForFirst: z.array(EntryId),
  /** The winner once decided (top rank, or the organiser's tie-break); null while undecided or hidden from the caller. */
  winnerEntryId: EntryId.nullable(),
  /** What the audience has seen: nothing, the nominees, or the winner. */
  revealStage: z.enum(['none', 'nominees', 'winner']),
  /** Total votes cast in the category (null while hidden). */
  totalVotes: z.number().int().nullable(),
});
export type CategoryResult = z.infer<typeof CategoryResult>;

export const AwardResults = z.object({ programmeId: AwardId, phase: AwardPhase, categories: z.array(CategoryResult) });
export type AwardResults = z.infer<typeof AwardResults>;

/** Body of POST /api/awards/:id/tie-break (admins): the winner among the entries tied for first. */
export const TieBreakInput = z.strictObject({ categoryId: CategoryId, entryId: EntryId });
export type TieBreakInput = z.infer<typeof TieBreakInput>;

/**
 * Body of POST /api/awards/:id/reveal (the ceremony event's hosts and admins, during the ceremony
 * or results phase): show a category's nominees, then its winner. `winner` needs a decided winner
 * (a tie unresolved is TIE_UNRESOLVED). `clear` takes the overlay down without forgetting reveals.
 */
export const RevealInput = z.strictObject({ categoryId: CategoryId, stage: z.enum(['nominees', 'winner', 'clear']) });
export type RevealInput = z.infer<typeof RevealInput>;

/**
 * What viewers see (socket `award:reveal` to the ceremony event's room and the programme's room,
 * and the current one in the ack of `award:join`). `stage: 'clear'` removes the overlay.
 */
export const AwardReveal = z.object({
  programmeId: AwardId,
  eventId: EventId.nullable(),
  programmeTitle: LocalizedText(120),
  categoryId: CategoryId,
  categoryTitle: LocalizedText(120),
  stage: z.enum(['nominees', 'winner', 'clear']),
  nominees: z.array(z.object({ entryId: EntryId, work: NomineeWork })),
  /** Set when stage is `winner`. */
  winner: z.object({ entryId: EntryId, work: NomineeWork }).nullable(),
  at: z.string(),
});
export type AwardReveal = z.infer<typeof AwardReveal>;

/** Payload of the socket event `award:join`: follow a programme's reveals and live tallies. */
export const AwardRef = z.strictObject({ programmeId: AwardId });
export type AwardRef = z.infer<typeof AwardRef>;

/** The socket room of a programme. */
export function awardRoom(programmeId: string): string {
  return `award:${programmeId}`;
}

/** Live vote counts of a category (socket `award:tally`, at most once a tick, only for categories whose tallies are live). */
export const AwardTally = z.object({
  programmeId: AwardId,
  categoryId: CategoryId,
  totalVotes: z.number().int().nonnegative(),
  votes: z.array(z.object({ entryId: EntryId, votes: z.number().int().nonnegative() })),
});
export type AwardTally = z.infer<typeof AwardTally>;

/** Body of PATCH /api/users/:id (admins): give an account a role (e.g. make it a judge). */
export const RoleInput = z.strictObject({ role: z.enum(['admin', 'host', 'curator', 'judge', 'viewer']) });
export type RoleInput = z.infer<typeof RoleInput>;
