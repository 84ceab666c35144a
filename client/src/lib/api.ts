import type { EventSummary, ExhibitionSummary, PublicUser, SignInInput, SignUpInput } from '@yunzhan/shared';
import { NO_CONTENT, fetchJson } from '../data/fetch-json';

// Sessions and events. These run on the lobby, whose up-front JS carries no zod: their schemas
// load lazily with the shared package, side by side with the request (data/fetch-json.ts).

const shared = () => import('@yunzhan/shared');

/** The signed-in user, or null. */
export async function fetchCurrentUser(): Promise<PublicUser | null> {
  const body = await fetchJson('/api/auth/me', async () => (await shared()).CurrentUserResponse);
  return body.user;
}

/** Signs in; the server sets the session cookie. */
export async function signIn(input: SignInInput): Promise<PublicUser> {
  return (await fetchJson('/api/auth/sign-in', async () => (await shared()).SignedInResponse, { method: 'POST', body: input })).user;
}

/** Creates an account. */
export async function signUp(input: SignUpInput): Promise<PublicUser> {
  return (await fetchJson('/api/auth/sign-up', async () => (await shared()).SignedInResponse, { method: 'POST', body: input })).user;
}

/** Ends the session. */
export async function signOut(): Promise<void> {
  await fetchJson('/api/auth/sign-out', NO_CONTENT, { method: 'POST' });
}

/** Sets a new password: every other session of the account ends, this browser stays signed in. */
export async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  await fetchJson('/api/auth/password', NO_CONTENT, { method: 'POST', body: input });
}

/** Every event the lobby lists. */
export async function fetchEvents(): Promise<EventSummary[]> {
  return fetchJson('/api/events', async () => (await shared()).EventSummary.array());
}

/** One event. */
export async function fetchEvent(eventId: string): Promise<EventSummary> {
  return fetchJson(`/api/events/${encodeURIComponent(eventId)}`, async () => (await shared()).EventSummary);
}

/** The exhibitions open to visitors (approved), for the lobby. */
export async function fetchOpenExhibitions(): Promise<ExhibitionSummary[]> {
  const list = await fetchJson('/api/exhibitions', async () => (await shared()).ExhibitionSummary.array());
  return list.filter((e) => e.status === 'approved');
}

/** Whether `user` may run the host console of `event`: one of its hosts, or an admin. */
export function canHost(user: PublicUser | null, event: Pick<EventSummary, 'hostIds'>): boolean {
  if (!user) return false;
  return user.role === 'admin' || event.hostIds.includes(user.id);
}
