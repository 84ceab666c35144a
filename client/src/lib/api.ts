import type { EventSummary, PublicUser, SignInInput, SignUpInput } from '@yunzhan/shared';
import { requestJson } from './http';

/** The signed-in user, or null. */
export async function fetchCurrentUser(): Promise<PublicUser | null> {
  const body = await requestJson<{ user: PublicUser | null }>('/api/auth/me');
  return body.user ?? null;
}

/** Signs in; the server sets the session cookie. */
export async function signIn(input: SignInInput): Promise<PublicUser> {
  return (await requestJson<{ user: PublicUser }>('/api/auth/sign-in', { method: 'POST', body: input })).user;
}

/** Creates an account. */
export async function signUp(input: SignUpInput): Promise<PublicUser> {
  return (await requestJson<{ user: PublicUser }>('/api/auth/sign-up', { method: 'POST', body: input })).user;
}

/** Ends the session. */
export async function signOut(): Promise<void> {
  await requestJson<void>('/api/auth/sign-out', { method: 'POST' });
}

/** Sets a new password: every other session of the account ends, this browser stays signed in. */
export async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  await requestJson<void>('/api/auth/password', { method: 'POST', body: input });
}

/** Every event the lobby lists. */
export async function fetchEvents(): Promise<EventSummary[]> {
  const events = await requestJson<EventSummary[]>('/api/events');
  return Array.isArray(events) ? events : [];
}

/** One event. */
export async function fetchEvent(eventId: string): Promise<EventSummary> {
  return requestJson<EventSummary>(`/api/events/${encodeURIComponent(eventId)}`);
}

/** Whether `user` may run the host console of `event`: one of its hosts, or an admin. */
export function canHost(user: PublicUser | null, event: Pick<EventSummary, 'hostIds'>): boolean {
  if (!user) return false;
  return user.role === 'admin' || event.hostIds.includes(user.id);
}
