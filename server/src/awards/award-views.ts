import {
  phaseIndex,
  type AwardEntry,
  type AwardPhase,
  type AwardProgramme,
  type AwardSummary,
  type CategoryResult,
  type EntryResult,
  type JudgeScore,
  type NomineeWork,
} from '@yunzhan/shared';
import type { WorkRecord } from '../db/store';
import type { CategoryRecord, EntryRecord, ProgrammeRecord, ScoreRecord } from './award-store';
import { blindNominee, makerNames } from './blind-entries';
import { aggregate, decideWinner, rankEntries } from './scoring';

// Wire forms of award records, each cut to what its caller may see.

/** Smallest rendition at least this wide makes the nominee card image. */
const CARD_WIDTH = 512;

/** A work as nominee cards show it; `hideCreator` where it is blind to the caller (BlindEntries). */
export function toNomineeWork(work: WorkRecord, hideCreator: boolean): NomineeWork {
  const images = [...work.media.images].sort((a, b) => a.width - b.width);
  const image = images.find((i) => i.width >= CARD_WIDTH) ?? images.at(-1);
  const card: NomineeWork = {
    id: work.id,
    catalogueNumber: work.catalogueNumber,
    kind: work.kind,
    title: work.metadata.title,
    creator: work.metadata.creator,
    date: work.metadata.date,
    imageUrl: image?.url ?? null,
  };
  return hideCreator ? blindNominee(card, makerNames(work.metadata)) : card;
}

/** An entry on the wire; `showEntrant` for admins and the entrant, `hideCreator` where it is blind to the caller. */
export function toEntryView(entry: EntryRecord, work: WorkRecord, opts: { showEntrant: boolean; hideCreator: boolean }): AwardEntry {
  return {
    id: entry.id,
    programmeId: entry.programmeId,
    categoryId: entry.categoryId,
    work: toNomineeWork(work, opts.hideCreator),
    entrantId: opts.showEntrant ? entry.entrantId : null,
    status: entry.status,
    createdAt: entry.createdAt,
  };
}

/** A judge's own score on the wire. */
export function toJudgeScore(score: ScoreRecord): JudgeScore {
  return { entryId: score.entryId, scores: score.scores, comment: score.comment, total: score.total, status: score.status, updatedAt: score.updatedAt };
}

/** Who is looking: decides entrants, judges and scores shown (creators: BlindEntries). */
export interface Viewer {
  userId: string | null;
  admin: boolean;
}

/** The list row of a programme. */
export function toSummary(p: ProgrammeRecord, phase: AwardPhase): AwardSummary {
  return { id: p.id, title: p.title, phase, schedule: p.schedule, eventId: p.eventId, categoryCount: p.categories.length };
}

/** Whether a category's nominees' hall is shown: voting or later, with nominees, once built. */
export const hallShown = (c: CategoryRecord, phase: AwardPhase, nominees: number) =>
  phaseIndex(phase) >= phaseIndex('voting') && nominees > 0 && c.hallExhibitionId !== null ? c.hallExhibitionId : null;

/** The programme as `viewer` may see it, with its active entries; `blind`: works blind to the viewer (BlindEntries). */
export function toProgrammeView(
  p: ProgrammeRecord,
  phase: AwardPhase,
  entries: readonly EntryRecord[],
  works: ReadonlyMap<string, WorkRecord>,
  viewer: Viewer,
  blind: ReadonlySet<string>,
): AwardProgramme {
  return {
    id: p.id,
    title: p.title,
    ...(p.summary ? { summary: p.summary } : {}),
    eventId: p.eventId,
    schedule: p.schedule,
    phase,
    categories: p.categories.map((c) => {
      const nominees = entries.filter((e) => e.categoryId === c.id && e.status === 'active' && works.has(e.workId));
      return {
        id: c.id,
        title: c.title,
        ...(c.description ? { description: c.description } : {}),
        rubric: c.rubric,
        eligibility: c.eligibility,
        votesPerAccount: c.votesPerAccount,
        aggregation: c.aggregation,
        trimShare: c.trimShare,
        blindEntrant: c.blindEntrant,
        tallies: c.tallies,
        winnerBy: c.winnerBy,
        hallExhibitionId: hallShown(c, phase, nominees.length),
        entries: nominees.map((e) =>
          toEntryView(e, works.get(e.workId)!, { showEntrant: viewer.admin || e.entrantId === viewer.userId, hideCreator: blind.has(e.workId) }),
        ),
      };
    }),
    judgeIds: viewer.admin ? p.judgeIds : [],
    createdAt: p.createdAt,
  };
}

/** A category's full results (what admins see): jury scores over submitted totals of current judges, votes, ranks, winner; `blind`: works shown blind. */
export function categoryResult(
  c: CategoryRecord,
  nominees: readonly EntryRecord[],
  works: ReadonlyMap<string, WorkRecord>,
  scores: readonly ScoreRecord[],
  judgeIds: readonly string[],
  votes: ReadonlyMap<string, number>,
  blind: ReadonlySet<string> = new Set(),
): CategoryResult {
  const judges = new Set(judgeIds);
  const shown = nominees.filter((e) => works.has(e.workId));
  const jury = new Map(
    shown.map((e) => {
      const totals = scores.filter((s) => s.entryId === e.id && s.status === 'submitted' && judges.has(s.judgeId)).map((s) => s.total);
      return [e.id, { score: aggregate(totals, c.aggregation, c.trimShare), count: totals.length }];
    }),
  );
  const totalVotes = shown.reduce((sum, e) => sum + (votes.get(e.id) ?? 0), 0);
  const { ranked, tiedForFirst } = rankEntries(
    shown.map((e) => ({ entryId: e.id, value: c.winnerBy === 'jury' ? jury.get(e.id)!.score : totalVotes > 0 ? (votes.get(e.id) ?? 0) : null })),
  );
  const byId = new Map(shown.map((e) => [e.id, e]));
  const entries: EntryResult[] = ranked.map((r) => ({
    entryId: r.entryId,
    work: toNomineeWork(works.get(byId.get(r.entryId)!.workId)!, blind.has(byId.get(r.entryId)!.workId)),
    juryScore: jury.get(r.entryId)!.score,
    judgeCount: jury.get(r.entryId)!.count,
    votes: votes.get(r.entryId) ?? 0,
    rank: r.rank,
  }));
  return {
    categoryId: c.id,
    winnerBy: c.winnerBy,
    entries,
    tiedForFirst,
    winnerEntryId: decideWinner(ranked, tiedForFirst, c.tieBreakEntryId),
    revealStage: c.revealStage,
    totalVotes,
  };
}

/**
 * A category's results as the public sees them: votes only while tallies are live or once the
 * results are out; scores, ranks and the winner only once the winner was revealed or the results
 * are out (until then the entries keep the order they were entered in).
 */
export function redactResult(result: CategoryResult, c: CategoryRecord, phase: AwardPhase, order: readonly string[]): CategoryResult {
  const showVotes = c.tallies === 'live' || phase === 'results';
  const showScores = c.revealStage === 'winner' || phase === 'results';
  const entries = result.entries.map((e) => ({
    ...e,
    votes: showVotes ? e.votes : null,
    ...(showScores ? {} : { juryScore: null, judgeCount: 0, rank: null }),
  }));
  if (!showScores) entries.sort((a, b) => order.indexOf(a.entryId) - order.indexOf(b.entryId));
  return {
    ...result,
    entries,
    tiedForFirst: showScores ? result.tiedForFirst : [],
    winnerEntryId: showScores ? result.winnerEntryId : null,
    totalVotes: showVotes ? result.totalVotes : null,
  };
}
