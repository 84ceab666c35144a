import type { AckResult, ChatMessage, ChatStanding, ModQueue, PublicUser } from '@yunzhan/shared';
import type { TestSocket } from './server';

/** Emits an arbitrary (possibly malformed) event with an ack and resolves with the ack's result. */
export const emitRaw = <T = unknown>(socket: TestSocket, event: string, ...args: unknown[]) =>
  new Promise<AckResult<T>>((resolve) => (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args, resolve));

/** Emits and returns the data of a successful ack; throws with the error code otherwise. */
export async function ok<T = unknown>(socket: TestSocket, event: string, payload: unknown): Promise<T> {
  const res = await emitRaw<T>(socket, event, payload);
  if (!res.ok) throw new Error(`${event} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** The password `signUp` gives an account: strong enough for the sign-up check (zxcvbn score 3, 10+ characters). */
export const passwordOf = (username: string) => `${username}-lantern-Quay-58`;

/** Signs up a new viewer over HTTP; returns the user and the session cookie. */
export async function signUp(baseUrl: string, username: string): Promise<{ user: PublicUser; cookie: string }> {
  const res = await fetch(`${baseUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: passwordOf(username) }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return { user: ((await res.json()) as { user: PublicUser }).user, cookie };
}

/** Everything chat-related a socket received, in arrival order. */
export interface ChatInbox {
  /** Messages of every `chat:batch`. */
  messages: ChatMessage[];
  /** Messages of every `chat:update`. */
  updates: ChatMessage[];
  standings: ChatStanding[];
  queues: ModQueue[];
}

/** Starts recording what a socket receives. */
export function inbox(socket: TestSocket): ChatInbox {
  const box: ChatInbox = { messages: [], updates: [], standings: [], queues: [] };
  socket.on('chat:batch', (p) => box.messages.push(...p.messages));
  socket.on('chat:update', (p) => box.updates.push(p.message));
  socket.on('chat:standing', (s) => box.standings.push(s));
  socket.on('mod:queue', (q) => box.queues.push(q));
  return box;
}
