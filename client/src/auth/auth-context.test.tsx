// @vitest-environment jsdom
import type { PublicUser } from '@yunzhan/shared';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, renderWithSocket } from '../data/socket-test-kit';
import { useSocket } from '../data/socket-provider';
import { AuthProvider, useAuth, useChangePassword } from './auth-context';

// The session in the query cache: the real AuthProvider, API functions and response schemas,
// the app's QueryClient; the server's HTTP side is a fake `fetch`, its socket a fake socket.

afterEach(cleanup);

const ADA: PublicUser = { id: 'u1', username: 'ada', displayName: 'Ada', role: 'viewer' };

/** Who the fake server thinks is signed in, and every request it got. */
let session: PublicUser | null;
let requests: string[];
const json = (body: unknown, status = 200) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  session = null;
  requests = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${input}`;
    requests.push(key);
    switch (key) {
      case 'GET /api/auth/me':
        return json({ user: session });
      case 'POST /api/auth/sign-in': {
        const body = JSON.parse(String(init?.body)) as { password: string };
        if (body.password !== 'right') return json({ error: { code: 'UNAUTHENTICATED', message: 'wrong' } }, 401);
        session = ADA;
        return json({ user: ADA });
      }
      case 'POST /api/auth/sign-out':
        session = null;
        return new Response(null, { status: 204 });
      case 'POST /api/auth/password':
        return new Response(null, { status: 204 });
      default:
        return json({ error: { code: 'NOT_FOUND', message: key } }, 404);
    }
  });
  return () => vi.unstubAllGlobals();
});

/** A page part that shows who is signed in (the header, a gate…). */
function Who({ name }: { name: string }) {
  const { status, user } = useAuth();
  return <p data-testid={name}>{status === 'loading' ? 'loading' : (user?.username ?? 'nobody')}</p>;
}

/** The sign-in and account controls. */
function Controls() {
  const { signIn, signOut } = useAuth();
  const { mutateAsync: changePassword } = useChangePassword();
  const [error, setError] = useState('');
  useSocket();
  return (
    <>
      <button type="button" onClick={() => signIn('ada', 'right').catch(() => setError('refused'))}>
        sign in
      </button>
      <button type="button" onClick={() => signIn('ada', 'wrong').catch(() => setError('refused'))}>
        wrong password
      </button>
      <button type="button" onClick={() => void signOut()}>
        sign out
      </button>
      <button type="button" onClick={() => void changePassword({ currentPassword: 'right', newPassword: 'a new one' })}>
        change password
      </button>
      <p data-testid="error">{error}</p>
    </>
  );
}

function renderApp(fake = new FakeSocket()) {
  return renderWithSocket(
    <AuthProvider>
      <Who name="header" />
      <Who name="gate" />
      <Controls />
    </AuthProvider>,
    fake,
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;
// The session's schema loads lazily (as in the lobby): the first read may take a moment here.
const showAll = (value: string) => waitFor(() => expect([text('header'), text('gate')]).toEqual([value, value]), { timeout: 5_000 });
const click = (name: string) => act(() => screen.getByRole('button', { name }).click());

describe('the session in the query cache', () => {
  it('reads the session once, and a sign-in and a sign-out set it for every reader without reading it again', async () => {
    renderApp();
    expect(text('header')).toBe('loading');
    await showAll('nobody');
    click('sign in');
    await showAll('ada');
    click('sign out');
    await showAll('nobody');
    expect(requests).toEqual(['GET /api/auth/me', 'POST /api/auth/sign-in', 'POST /api/auth/sign-out']);
  });

  it('leaves the session as it was after a refused sign-in', async () => {
    renderApp();
    await showAll('nobody');
    click('wrong password');
    await waitFor(() => expect(text('error')).toBe('refused'));
    expect(text('header')).toBe('nobody');
    expect(requests).toEqual(['GET /api/auth/me', 'POST /api/auth/sign-in']);
  });

  it('reads the session again when a session:ended push arrives, and every reader follows', async () => {
    session = ADA;
    const fake = new FakeSocket();
    renderApp(fake);
    await showAll('ada');
    await waitFor(() => expect(fake.listenerCount('session:ended')).toBe(1));
    // Signed out in another tab: the server says so on the socket.
    session = null;
    act(() => fake.push('session:ended', { reason: 'signed-out' }));
    await showAll('nobody');
    expect(requests).toEqual(['GET /api/auth/me', 'GET /api/auth/me']);
  });

  it('invalidates the session after a password change', async () => {
    session = ADA;
    renderApp();
    await showAll('ada');
    click('change password');
    await waitFor(() => expect(requests).toEqual(['GET /api/auth/me', 'POST /api/auth/password', 'GET /api/auth/me']));
    expect(text('gate')).toBe('ada');
  });
});
