import {
  AuditEntry,
  AwardEntry,
  AwardProgramme,
  AwardResults,
  CategoryResult,
  EventSummary,
  JudgeProgress,
  JudgeScore,
  JudgingSheet,
  PublicUser,
  RecusalResponse,
  type AdvanceInput,
  type EntryInput,
  type ProgrammeInput,
  type ProgrammePatch,
  type RecusalInput,
  type Role,
  type RoleInput,
  type ScoreInput,
  type TieBreakInput,
} from '@yunzhan/shared';
import { fetchJson } from '../../data/fetch-json';

// The awards API as the judge and organiser pages use it (server/src/awards/award-routes.ts).
// Every answer is parsed with its shared schema (BAD_RESPONSE when it does not match); errors
// arrive as ClientError with the server's stable code and details.

const award = (id: string) => `/api/awards/${encodeURIComponent(id)}`;

/** A programme (drafts: admins only). */
export const fetchProgramme = (id: string) => fetchJson(award(id), AwardProgramme);

/** Creates a programme (admins); VALIDATION_FAILED carries `details.issues` with paths. */
export const createProgramme = (input: ProgrammeInput) => fetchJson('/api/awards', AwardProgramme, { method: 'POST', body: input });

/** Changes a programme's title, schedule, ceremony event or judges (admins). */
export const patchProgramme = (id: string, patch: ProgrammePatch) => fetchJson(award(id), AwardProgramme, { method: 'PATCH', body: patch });

/** Starts a later phase now (admins). */
export const advanceProgramme = (id: string, input: AdvanceInput) => fetchJson(`${award(id)}/advance`, AwardProgramme, { method: 'POST', body: input });

/** The caller's judging sheet (assigned judges only; PHASE_CLOSED before judging). */
export const fetchJudgingSheet = (id: string) => fetchJson(`${award(id)}/judging`, JudgingSheet);

/** Saves a draft or submits the final score of an entry. */
export const putScore = (id: string, entryId: string, input: ScoreInput) => fetchJson(`${award(id)}/scores/${encodeURIComponent(entryId)}`, JudgeScore, { method: 'PUT', body: input });

/** Declares a conflict of interest with an entry (final). */
export const recuse = (id: string, input: RecusalInput) => fetchJson(`${award(id)}/recusals`, RecusalResponse, { method: 'POST', body: input });

/** Every judge's progress (admins). */
export const fetchProgress = (id: string) => fetchJson(`${award(id)}/progress`, JudgeProgress.array());

/** A page of the audit log, oldest first, lines with id > `after` (admins). */
export const fetchAudit = (id: string, after: number, limit: number) => fetchJson(`${award(id)}/audit?after=${after}&limit=${limit}`, AuditEntry.array());

/** Results per category (admins see everything). */
export const fetchResults = (id: string) => fetchJson(`${award(id)}/results`, AwardResults);

/** Settles a tie for first place (admins). */
export const tieBreak = (id: string, input: TieBreakInput) => fetchJson(`${award(id)}/tie-break`, CategoryResult, { method: 'POST', body: input });

/** Enters a work in a category. */
export const addEntry = (id: string, input: EntryInput) => fetchJson(`${award(id)}/entries`, AwardEntry, { method: 'POST', body: input });

/** Withdraws an entry. */
export const withdrawEntry = (id: string, entryId: string) => fetchJson(`${award(id)}/entries/${encodeURIComponent(entryId)}`, AwardEntry, { method: 'DELETE' });

/** Accounts, optionally of one role (admins). */
export const fetchUsers = (role?: Role) => fetchJson(role ? `/api/users?role=${encodeURIComponent(role)}` : '/api/users', PublicUser.array());

/** Gives an account a role (admins). */
export const setUserRole = (userId: string, input: RoleInput) => fetchJson(`/api/users/${encodeURIComponent(userId)}`, PublicUser, { method: 'PATCH', body: input });

/** Live events, for the ceremony select. */
export async function fetchEventList(): Promise<EventSummary[]> {
  return fetchJson('/api/events', EventSummary.array());
}
