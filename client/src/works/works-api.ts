import { Work, type CreateWorkInput, type ReviewInput, type UpdateWorkInput, type WorkKind } from '@yunzhan/shared';
import { ClientError } from '../lib/client-error';
import { requestJson } from '../lib/http';

// The works API (server/src/http): list, read, create and update catalogue entries. Answers are
// parsed with the shared Work schema; a list entry that does not parse is skipped and logged
// rather than failing the whole library.

/** Works from a list answer: `{ works: [...] }` (the API's shape) or a bare array. */
export function parseWorkList(body: unknown): Work[] {
  const list = Array.isArray(body) ? body : (body as { works?: unknown } | null | undefined)?.works;
  return (Array.isArray(list) ? list : []).flatMap((w: unknown) => {
    const parsed = Work.safeParse(w);
    if (!parsed.success) console.warn('ignored a malformed work', parsed.error.issues);
    return parsed.success ? [parsed.data] : [];
  });
}

/** One work from an answer: the work itself or `{ work }`. Throws INTERNAL when it does not parse. */
export function parseWork(body: unknown): Work {
  const candidate = (body as { work?: unknown } | null | undefined)?.work ?? body;
  const parsed = Work.safeParse(candidate);
  if (!parsed.success) throw new ClientError('INTERNAL', 'the server sent a malformed work', parsed.error.issues);
  return parsed.data;
}

/** The signed-in user's works (all of them for admins), optionally of one kind. */
export async function fetchWorks(kind?: WorkKind): Promise<Work[]> {
  return parseWorkList(await requestJson<unknown>(kind ? `/api/works?kind=${encodeURIComponent(kind)}` : '/api/works'));
}

/** One work. */
export async function fetchWork(workId: string): Promise<Work> {
  return parseWork(await requestJson<unknown>(`/api/works/${encodeURIComponent(workId)}`));
}

/** Catalogues an uploaded asset; VALIDATION_FAILED carries `details.issues` with paths. */
export async function createWork(input: CreateWorkInput): Promise<Work> {
  return parseWork(await requestJson<unknown>('/api/works', { method: 'POST', body: input }));
}

/** Changes a work's metadata or audio guide. */
export async function updateWork(workId: string, input: UpdateWorkInput): Promise<Work> {
  return parseWork(await requestJson<unknown>(`/api/works/${encodeURIComponent(workId)}`, { method: 'PATCH', body: input }));
}

/** Works whose metadata change waits for review, oldest change first (admins). */
export async function fetchWorkReviewQueue(): Promise<Work[]> {
  return parseWorkList(await requestJson<unknown>('/api/works?review=pending'));
}

/** An admin's decision on a work's metadata change. */
export async function reviewWork(workId: string, input: ReviewInput): Promise<Work> {
  return parseWork(await requestJson<unknown>(`/api/works/${encodeURIComponent(workId)}/review`, { method: 'POST', body: input }));
}
