import { Work, type CreateWorkInput, type ReviewInput, type SubtitleLang, type UpdateWorkInput, type WorkKind } from '@yunzhan/shared';
import { fetchJson } from '../data/fetch-json';

// The works API (server/src/works/work-routes.ts): list, read, create and update catalogue
// entries. GET /api/works answers a bare array of works; one work is the work itself. Every answer
// is parsed with the shared Work schema: one that does not match is a BAD_RESPONSE the page shows.

/** The signed-in user's works (all of them for admins), optionally of one kind. */
export async function fetchWorks(kind?: WorkKind): Promise<Work[]> {
  return fetchJson(kind ? `/api/works?kind=${encodeURIComponent(kind)}` : '/api/works', Work.array());
}

/** One work. */
export async function fetchWork(workId: string): Promise<Work> {
  return fetchJson(`/api/works/${encodeURIComponent(workId)}`, Work);
}

/** Catalogues an uploaded asset; VALIDATION_FAILED carries `details.issues` with paths. */
export async function createWork(input: CreateWorkInput): Promise<Work> {
  return fetchJson('/api/works', Work, { method: 'POST', body: input });
}

/** Changes a work's metadata or audio guide. */
export async function updateWork(workId: string, input: UpdateWorkInput): Promise<Work> {
  return fetchJson(`/api/works/${encodeURIComponent(workId)}`, Work, { method: 'PATCH', body: input });
}

/** Works whose metadata change waits for review, oldest change first (admins). */
export async function fetchWorkReviewQueue(): Promise<Work[]> {
  return fetchJson('/api/works?review=pending', Work.array());
}

/** An admin's decision on a work's metadata change. */
export async function reviewWork(workId: string, input: ReviewInput): Promise<Work> {
  return fetchJson(`/api/works/${encodeURIComponent(workId)}/review`, Work, { method: 'POST', body: input });
}

/** The type a subtitle file is sent as: by its extension (browsers seldom know `.srt`), else its own. */
function subtitleType(file: File): string {
  if (/\.vtt$/i.test(file.name)) return 'text/vtt';
  if (/\.srt$/i.test(file.name)) return 'application/x-subrip';
  return file.type;
}

/** Uploads a video work's subtitle file (WebVTT or SRT) for a language; SUBTITLE_* codes when refused. */
export async function putSubtitles(workId: string, lang: SubtitleLang, file: File): Promise<Work> {
  const url = `/api/works/${encodeURIComponent(workId)}/subtitles/${lang}?filename=${encodeURIComponent(file.name.slice(0, 200))}`;
  return fetchJson(url, Work, { method: 'PUT', raw: new Blob([file], { type: subtitleType(file) }) });
}

/** Removes a video work's subtitle file of a language. */
export async function deleteSubtitles(workId: string, lang: SubtitleLang): Promise<Work> {
  return fetchJson(`/api/works/${encodeURIComponent(workId)}/subtitles/${lang}`, Work, { method: 'DELETE' });
}
