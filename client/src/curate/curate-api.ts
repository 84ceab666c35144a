import {
  Exhibition,
  ExhibitionSummary,
  type CreateExhibitionInput,
  type ExhibitionLayout,
  type ReviewInput,
} from '@yunzhan/shared';
import { ClientError } from '../lib/client-error';
import { requestJson } from '../lib/http';

// The exhibitions API as the curator's pages and the review queue use it (server/src/exhibitions).
// Answers are parsed with the shared schemas, so the pages work with defaults applied.

/** Parses an exhibition answer; INTERNAL when the server sent something else. */
function parseExhibition(body: unknown): Exhibition {
  const parsed = Exhibition.safeParse(body);
  if (!parsed.success) throw new ClientError('INTERNAL', 'the server sent a malformed exhibition', parsed.error.issues);
  return parsed.data;
}

/** Parses a list answer, skipping entries that do not parse. */
function parseSummaries(body: unknown): ExhibitionSummary[] {
  return (Array.isArray(body) ? body : []).flatMap((item: unknown) => {
    const parsed = ExhibitionSummary.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

const path = (id: string) => `/api/exhibitions/${encodeURIComponent(id)}`;

/** The signed-in curator's exhibitions in every state. */
export async function fetchMyExhibitions(): Promise<ExhibitionSummary[]> {
  return parseSummaries(await requestJson<unknown>('/api/exhibitions?mine=1'));
}

/** Exhibitions waiting for review (admins). */
export async function fetchReviewQueue(): Promise<ExhibitionSummary[]> {
  return parseSummaries(await requestJson<unknown>('/api/exhibitions?status=in-review'));
}

/** One exhibition in full (owner, admins). */
export async function fetchExhibition(id: string): Promise<Exhibition> {
  return parseExhibition(await requestJson<unknown>(path(id)));
}

/** Creates an empty draft in a hall template. */
export async function createExhibition(input: CreateExhibitionInput): Promise<Exhibition> {
  return parseExhibition(await requestJson<unknown>('/api/exhibitions', { method: 'POST', body: input }));
}

/** Saves the whole draft on top of `baseRevision` (409 REVISION_CONFLICT when it is stale). */
export async function saveDraft(id: string, baseRevision: number, layout: ExhibitionLayout): Promise<Exhibition> {
  return parseExhibition(await requestJson<unknown>(`${path(id)}/draft`, { method: 'PUT', body: { baseRevision, layout } }));
}

/** Sends the saved draft for review. */
export async function submitExhibition(id: string): Promise<Exhibition> {
  return parseExhibition(await requestJson<unknown>(`${path(id)}/submit`, { method: 'POST' }));
}

/** An admin's decision on an exhibition in review. */
export async function reviewExhibition(id: string, input: ReviewInput): Promise<Exhibition> {
  return parseExhibition(await requestJson<unknown>(`${path(id)}/review`, { method: 'POST', body: input }));
}

/** The visitor's draft preview of an exhibition. */
export const previewHref = (id: string) => `/exhibitions/${encodeURIComponent(id)}?preview=draft`;
