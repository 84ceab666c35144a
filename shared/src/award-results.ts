import { z } from 'zod';
import { AwardId, AwardPhase, CategoryId, EntryId, NomineeWork, WinnerBy } from './awards';
import { EventId } from './events';
import { LocalizedText } from './scene/primitives';

// Public voting on award nominees, the results, and the live reveal of the ceremony.

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
