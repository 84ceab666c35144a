import { AWARD_PHASES, phaseIndex, type AwardPhase, type AwardSchedule, type AwardTally, type CategoryResult } from '@yunzhan/shared';

// Pure logic behind the awards pages: the phase timeline, live tallies and results. Plain data in,
// plain data out, so it is tested without a browser.

/** One step of the phase timeline. */
export interface TimelineStep {
  phase: AwardPhase;
  /** When the phase starts (ISO), or null for `draft`, which has no date. */
  startsAt: string | null;
  state: 'past' | 'current' | 'future';
}

/**
 * The phases in order with their start dates, marked past / current / future relative to
 * `current`. `draft` is listed only while the programme is still a draft.
 */
export function phaseTimeline(schedule: AwardSchedule, current: AwardPhase): TimelineStep[] {
  const now = phaseIndex(current);
  return AWARD_PHASES.filter((p) => p !== 'draft' || current === 'draft').map((phase) => ({
    phase,
    startsAt: phase === 'draft' ? null : schedule[phase],
    state: phaseIndex(phase) < now ? 'past' : phaseIndex(phase) === now ? 'current' : 'future',
  }));
}

/**
 * A category's results with a live tally applied: each entry's vote count and the total. Entries
 * the tally does not mention keep their count; a tally for another category changes nothing.
 */
export function applyTally(result: CategoryResult, tally: AwardTally): CategoryResult {
  if (tally.categoryId !== result.categoryId) return result;
  const counts = new Map(tally.votes.map((v) => [v.entryId, v.votes]));
  return {
    ...result,
    totalVotes: tally.totalVotes,
    entries: result.entries.map((e) => (counts.has(e.entryId) ? { ...e, votes: counts.get(e.entryId) ?? e.votes } : e)),
  };
}

/** A vote count as a whole percentage of the total (0 when there are no votes yet). */
export function votePercent(votes: number, total: number | null): number {
  if (!total || total <= 0) return 0;
  return Math.round((Math.max(0, votes) / total) * 100);
}

/** Votes the account still has in a category. */
export function votesLeft(votesPerAccount: number, mine: readonly string[] | undefined): number {
  return Math.max(0, votesPerAccount - (mine?.length ?? 0));
}

/** Whether a category's results are out for this viewer: ranks or a winner to show. */
export function hasRanking(result: CategoryResult | undefined): boolean {
  if (!result) return false;
  return result.winnerEntryId !== null || result.entries.some((e) => e.rank !== null);
}

/** The entries in rank order (unranked last, keeping the server's order among equals). */
export function rankedEntries(result: CategoryResult): CategoryResult['entries'] {
  return result.entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.rank ?? Number.MAX_SAFE_INTEGER) - (b.e.rank ?? Number.MAX_SAFE_INTEGER) || a.i - b.i)
    .map(({ e }) => e);
}

/** Whether any entry of the category has a vote count the viewer may see. */
export function hasTally(result: CategoryResult | undefined): boolean {
  return result !== undefined && result.totalVotes !== null;
}
