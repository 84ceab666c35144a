import {
  AwardProgramme,
  AwardResults,
  AwardReveal,
  AwardSummary,
  VoteResult,
  type RevealInput,
  type VoteInput,
} from '@yunzhan/shared';
import { ClientError } from '../lib/client-error';
import { requestJson } from '../lib/http';

// The public and ceremony side of the awards API. Every answer is checked against the shared
// schema, so a page never renders a shape it does not understand.

/** The entry ids the signed-in account has voted for, per category id. */
export type MyVotes = Readonly<Record<string, readonly string[]>>;

/** What this file needs of a zod schema (the client does not depend on zod itself). */
interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
}

function parsed<T>(schema: Schema<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    console.warn(`malformed ${what}`, result.error.issues);
    throw new ClientError('INTERNAL', `malformed ${what}`);
  }
  return result.data;
}

const base = (awardId: string) => `/api/awards/${encodeURIComponent(awardId)}`;

/** GET /api/awards: every programme the caller may see, or those whose ceremony is `eventId`. */
export async function fetchAwards(eventId?: string): Promise<AwardSummary[]> {
  const query = eventId ? `?eventId=${encodeURIComponent(eventId)}` : '';
  const body = await requestJson<unknown>(`/api/awards${query}`);
  return parsed(AwardSummary.array(), body, 'award list');
}

/** GET /api/awards/:id: the programme with its categories and nominees. */
export async function fetchProgramme(awardId: string): Promise<AwardProgramme> {
  return parsed(AwardProgramme, await requestJson<unknown>(base(awardId)), 'award programme');
}

/** GET /api/awards/:id/results: rankings, tallies and reveal stages as the caller may see them. */
export async function fetchResults(awardId: string): Promise<AwardResults> {
  return parsed(AwardResults, await requestJson<unknown>(`${base(awardId)}/results`), 'award results');
}

/** GET /api/awards/:id/votes/mine (signed in): the caller's votes per category. */
export async function fetchMyVotes(awardId: string): Promise<MyVotes> {
  const body = await requestJson<unknown>(`${base(awardId)}/votes/mine`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ClientError('INTERNAL', 'malformed votes/mine');
  const mine: Record<string, string[]> = {};
  for (const [categoryId, ids] of Object.entries(body as Record<string, unknown>)) {
    mine[categoryId] = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }
  return mine;
}

/**
 * POST /api/awards/:id/votes with an `Idempotency-Key`: sending the same key again (a retry after
 * a lost answer) replays the first answer instead of counting a second vote.
 */
export async function castVote(awardId: string, input: VoteInput, idempotencyKey: string): Promise<VoteResult> {
  const body = await requestJson<unknown>(`${base(awardId)}/votes`, {
    method: 'POST',
    body: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  return parsed(VoteResult, body, 'vote result');
}

/** POST /api/awards/:id/reveal (a host of the ceremony or an admin): show nominees, the winner, or clear. */
export async function postReveal(awardId: string, input: RevealInput): Promise<AwardReveal> {
  return parsed(AwardReveal, await requestJson<unknown>(`${base(awardId)}/reveal`, { method: 'POST', body: input }), 'reveal');
}
