// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../auth/auth-context';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../forms/form-test-kit';
import { SignInPage } from './sign-in-page';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ADA = { id: 'u1', username: 'ada', displayName: 'Ada', role: 'viewer' };

/** The page at /sign-in?next=/account, with /account showing a marker once it gets there. */
function renderPage(answer: (request: SentRequest) => FakeAnswer | undefined) {
  // Like the server, a successful sign-up opens a session that /api/auth/me then reports.
  let session: typeof ADA | null = null;
  const sent = fakeApi((request) => {
    if (request.path === '/api/auth/me') return { status: 200, body: { user: session } };
    const reply = answer(request);
    if (request.path === '/api/auth/sign-up' && reply?.status === 200) session = ADA;
    return reply;
  });
  const view = renderForm(
    <AuthProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/account" element={<p data-testid="arrived">account</p>} />
      </Routes>
    </AuthProvider>,
    { route: '/sign-in?next=/account' },
  );
  const posted = () => sent.filter((r) => r.method === 'POST');
  return { ...view, posted };
}

describe('SignInPage', () => {
  it('signs in with the trimmed name and goes on to ?next=', async () => {
    const { user, posted } = renderPage((r) => (r.path === '/api/auth/sign-in' ? { status: 200, body: { user: ADA } } : undefined));
    await user.type(screen.getByTestId('sign-in-username'), '  ada ');
    await user.type(screen.getByTestId('sign-in-password'), 'correct horse');
    await user.keyboard('{Enter}');
    await screen.findByTestId('arrived');
    expect(posted()).toEqual([{ method: 'POST', path: '/api/auth/sign-in', body: { username: 'ada', password: 'correct horse' } }]);
  });

  it('marks a blank password on its field and sends nothing', async () => {
    const { user, posted } = renderPage(() => undefined);
    await user.type(screen.getByTestId('sign-in-username'), 'ada');
    await user.click(screen.getByTestId('sign-in-submit'));
    const password = screen.getByTestId('sign-in-password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('sign-in-password-error').textContent).toBe(words('form.error.required'));
    expect(document.activeElement).toBe(password);
    expect(posted()).toEqual([]);
  });

  it('says the name or password is wrong as a form-level message', async () => {
    const { user } = renderPage(() => wireError(401, 'UNAUTHENTICATED', 'Wrong username or password'));
    await user.type(screen.getByTestId('sign-in-username'), 'ada');
    await user.type(screen.getByTestId('sign-in-password'), 'not it');
    await user.click(screen.getByTestId('sign-in-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toContain(words('auth.badCredentials'));
  });

  it('signs up with the parsed body: a blank display name left out', async () => {
    const { user, posted } = renderPage((r) => (r.path === '/api/auth/sign-up' ? { status: 200, body: { user: ADA } } : undefined));
    await user.click(screen.getByTestId('sign-up-tab'));
    await user.type(screen.getByTestId('sign-up-username'), 'ada');
    await user.type(screen.getByTestId('sign-up-password'), 'Juniper-Lagoon-Beacon-5521');
    await user.click(screen.getByTestId('sign-up-submit'));
    await screen.findByTestId('arrived');
    expect(posted()[0]).toEqual({ method: 'POST', path: '/api/auth/sign-up', body: { username: 'ada', password: 'Juniper-Lagoon-Beacon-5521' } });
  });

  it('marks a username of the wrong shape on its field when signing up', async () => {
    const { user, posted } = renderPage(() => undefined);
    await user.click(screen.getByTestId('sign-up-tab'));
    await user.type(screen.getByTestId('sign-up-username'), 'a b');
    await user.type(screen.getByTestId('sign-up-password'), 'Juniper-Lagoon-Beacon-5521');
    await user.click(screen.getByTestId('sign-up-submit'));
    await waitFor(() => expect(screen.getByTestId('sign-up-username').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('sign-up-username-error').textContent).toBe(words('form.error.username'));
    expect(posted()).toEqual([]);
  });

  it('puts a server field error from details on the field it names', async () => {
    const { user } = renderPage(() => wireError(400, 'VALIDATION_FAILED', 'Invalid displayName: bad', { issues: [{ path: 'displayName', message: 'invisible characters' }] }));
    await user.click(screen.getByTestId('sign-up-tab'));
    await user.type(screen.getByTestId('sign-up-username'), 'ada');
    await user.type(screen.getByTestId('sign-up-display-name'), 'Ada');
    await user.type(screen.getByTestId('sign-up-password'), 'Juniper-Lagoon-Beacon-5521');
    await user.click(screen.getByTestId('sign-up-submit'));
    expect((await screen.findByTestId('sign-up-display-name-error')).textContent).toBe(words('form.error.server'));
    expect(screen.getByTestId('sign-up-display-name').getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain('invisible characters');
  });
});
