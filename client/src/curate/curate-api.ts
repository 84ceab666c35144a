import {
  Exhibition,
  ExhibitionSummary,
  type CreateExhibitionInput,
  type ExhibitionLayout,
  type ReviewInput,
} from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

// The exhibitions API as the curator's pages and the review queue use it (server/src/exhibitions).
// Answers are parsed with the shared schemas (defaults applied; BAD_RESPONSE when one does not match).

const path = (id: string) => `/api/exhibitions/${encodeURIComponent(id)}`;

/** The signed-in curator's exhibitions in every state. */
export async function fetchMyExhibitions(): Promise<ExhibitionSummary[]> {
  return fetchJson('/api/exhibitions?mine=1', ExhibitionSummary.array());
}

/** Exhibitions waiting for review (admins). */
export async function fetchReviewQueue(): Promise<ExhibitionSummary[]> {
  return fetchJson('/api/exhibitions?status=in-review', ExhibitionSummary.array());
}

/** One exhibition in full (owner, admins). */
export async function fetchExhibition(id: string): Promise<Exhibition> {
  return fetchJson(path(id), Exhibition);
}

/** Creates an empty draft in a hall template. */
export async function createExhibition(input: CreateExhibitionInput): Promise<Exhibition> {
  return fetchJson('/api/exhibitions', Exhibition, { method: 'POST', body: input });
}

/** Saves the whole draft on top of `baseRevision` (409 REVISION_CONFLICT when it is stale). */
export async function saveDraft(id: string, baseRevision: number, layout: ExhibitionLayout): Promise<Exhibition> {
  return fetchJson(`${path(id)}/draft`, Exhibition, { method: 'PUT', body: { baseRevision, layout } });
}

/** Sends the saved draft for review. */
export async function submitExhibition(id: string): Promise<Exhibition> {
  return fetchJson(`${path(id)}/submit`, Exhibition, { method: 'POST' });
}

/** An admin's decision on an exhibition in review. */
export async function reviewExhibition(id: string, input: ReviewInput): Promise<Exhibition> {
  return fetchJson(`${path(id)}/review`, Exhibition, { method: 'POST', body: input });
}

/** The visitor's draft preview of an exhibition. */
export const previewHref = (id: string) => `/exhibitions/${encodeURIComponent(id)}?preview=draft`;
