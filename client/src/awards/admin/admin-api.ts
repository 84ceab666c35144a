import type {
  AdvanceInput,
  AuditEntry,
  AwardEntry,
  AwardProgramme,
  AwardResults,
  CategoryResult,
  EntryInput,
  EventSummary,
  JudgeProgress,
  JudgeScore,
  JudgingSheet,
  ProgrammeInput,
  ProgrammePatch,
  PublicUser,
  RecusalInput,
  RoleInput,
  Role,
  ScoreInput,
  TieBreakInput,
} from '@yunzhan/shared';
import { requestJson } from '../../lib/http';

// The awards API as the judge and organiser pages use it (server/src/awards/award-routes.ts).
// Errors arrive as ClientError with the server's stable code and details.

const award = (id: string) => `/api/awards/${encodeURIComponent(id)}`;

/** A programme (drafts: admins only). */
export const fetchProgramme = (id: string) => requestJson<AwardProgramme>(award(id));

/** Creates a programme (admins); VALIDATION_FAILED carries `details.issues` with paths. */
export const createProgramme = (input: ProgrammeInput) => requestJson<AwardProgramme>('/api/awards', { method: 'POST', body: input });

/** Changes a programme's title, schedule, ceremony event or judges (admins). */
export const patchProgramme = (id: string, patch: ProgrammePatch) => requestJson<AwardProgramme>(award(id), { method: 'PATCH', body: patch });

/** Starts a later phase now (admins). */
export const advanceProgramme = (id: string, input: AdvanceInput) => requestJson<AwardProgramme>(`${award(id)}/advance`, { method: 'POST', body: input });

/** The caller's judging sheet (assigned judges only; PHASE_CLOSED before judging). */
export const fetchJudgingSheet = (id: string) => requestJson<JudgingSheet>(`${award(id)}/judging`);

/** Saves a draft or submits the final score of an entry. */
export const putScore = (id: string, entryId: string, input: ScoreInput) => requestJson<JudgeScore>(`${award(id)}/scores/${encodeURIComponent(entryId)}`, { method: 'PUT', body: input });

/** Declares a conflict of interest with an entry (final). */
export const recuse = (id: string, input: RecusalInput) => requestJson<{ entryId: string }>(`${award(id)}/recusals`, { method: 'POST', body: input });

/** Every judge's progress (admins). */
export const fetchProgress = (id: string) => requestJson<JudgeProgress[]>(`${award(id)}/progress`);

/** A page of the audit log, oldest first, lines with id > `after` (admins). */
export const fetchAudit = (id: string, after: number, limit: number) => requestJson<AuditEntry[]>(`${award(id)}/audit?after=${after}&limit=${limit}`);

/** Results per category (admins see everything). */
export const fetchResults = (id: string) => requestJson<AwardResults>(`${award(id)}/results`);

/** Settles a tie for first place (admins). */
export const tieBreak = (id: string, input: TieBreakInput) => requestJson<CategoryResult>(`${award(id)}/tie-break`, { method: 'POST', body: input });

/** Enters a work in a category. */
export const addEntry = (id: string, input: EntryInput) => requestJson<AwardEntry>(`${award(id)}/entries`, { method: 'POST', body: input });

/** Withdraws an entry. */
export const withdrawEntry = (id: string, entryId: string) => requestJson<AwardEntry>(`${award(id)}/entries/${encodeURIComponent(entryId)}`, { method: 'DELETE' });

/** Accounts, optionally of one role (admins). */
export const fetchUsers = (role?: Role) => requestJson<PublicUser[]>(role ? `/api/users?role=${encodeURIComponent(role)}` : '/api/users');

/** Gives an account a role (admins). */
export const setUserRole = (userId: string, input: RoleInput) => requestJson<PublicUser>(`/api/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: input });

/** Live events, for the ceremony select. */
export async function fetchEventList(): Promise<EventSummary[]> {
  const events = await requestJson<EventSummary[]>('/api/events');
  return Array.isArray(events) ? events : [];
}
