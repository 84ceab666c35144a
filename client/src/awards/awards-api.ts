import {
  AwardProgramme,
  AwardResults,
  AwardReveal,
  AwardSummary,
  MyVotesResponse,
  VoteResult,
  type RevealInput,
  type VoteInput,
} from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

// The public and ceremony side of the awards API. Every answer is checked against the shared
// schema (BAD_RESPONSE when it does not match), so a page never renders a shape it does not understand.

/** The entry ids the signed-in account has voted for, per category id. */
export type MyVotes = Readonly<Record<string, readonly string[]>>;

const base = (awardId: string) => `/api/awards/${encodeURIComponent(awardId)}`;

/** GET /api/awards: every programme the caller may see, or those whose ceremony is `eventId`. */
export async function fetchAwards(eventId?: string): Promise<AwardSummary[]> {
  const query = eventId ? `?eventId=${encodeURIComponent(eventId)}` : '';
  return fetchJson(`/api/awards${query}`, AwardSummary.array());
}

/** GET /api/awards/:id: the programme with its categories and nominees. */
export async function fetchProgramme(awardId: string): Promise<AwardProgramme> {
  return fetchJson(base(awardId), AwardProgramme);
}

/** GET /api/awards/:id/results: rankings, tallies and reveal stages as the caller may see them. */
export async function fetchResults(awardId: string): Promise<AwardResults> {
  return fetchJson(`${base(awardId)}/results`, AwardResults);
}

/** GET /api/awards/:id/votes/mine (signed in): the caller's votes per category. */
export async function fetchMyVotes(awardId: string): Promise<MyVotes> {
  return fetchJson(`${base(awardId)}/votes/mine`, MyVotesResponse);
}

/**
 * POST /api/awards/:id/votes with an `Idempotency-Key`: sending the same key again (a retry after
 * a lost answer) replays the first answer instead of counting a second vote.
 */
export async function castVote(awardId: string, input: VoteInput, idempotencyKey: string): Promise<VoteResult> {
  return fetchJson(`${base(awardId)}/votes`, VoteResult, {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** POST /api/awards/:id/reveal (a host of the ceremony or an admin): show nominees, the winner, or clear. */
export async function postReveal(awardId: string, input: RevealInput): Promise<AwardReveal> {
  return fetchJson(`${base(awardId)}/reveal`, AwardReveal, { method: 'POST', body: input });
}
