import type { PublicUser } from '@yunzhan/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as api from '../lib/api';
import { SESSION_ENDED_EVENT } from './session-events';

interface AuthValue {
  /** 'loading' until GET /api/auth/me has answered once. */
  status: 'loading' | 'ready';
  user: PublicUser | null;
  signIn: (username: string, password: string) => Promise<PublicUser>;
  /** Creates the account, then signs in with it. */
  signUp: (username: string, password: string, displayName?: string) => Promise<PublicUser>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Keeps the session user (from the httpOnly cookie, through /api/auth/me). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthValue['status']>('loading');
  const [user, setUser] = useState<PublicUser | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .fetchCurrentUser()
      .catch(() => null) // No server or no session: browse anonymously.
      .then((current) => {
        if (cancelled) return;
        setUser(current);
        setStatus('ready');
      });
    // The server ended the session or changed the account's role (sign-out in another tab, a new
    // password, an admin's change): ask again who is signed in.
    const refresh = () =>
      void api
        .fetchCurrentUser()
        .catch(() => null)
        .then((current) => !cancelled && setUser(current));
    window.addEventListener(SESSION_ENDED_EVENT, refresh);
    return () => {
      cancelled = true;
      window.removeEventListener(SESSION_ENDED_EVENT, refresh);
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const signedIn = await api.signIn({ username, password });
    setUser(signedIn);
    return signedIn;
  }, []);

  const signUp = useCallback(async (username: string, password: string, displayName?: string) => {
    await api.signUp(displayName ? { username, password, displayName } : { username, password });
    // Sign-up opens a session; should a server not do that, sign in with the new account.
    const signedIn = (await api.fetchCurrentUser().catch(() => null)) ?? (await api.signIn({ username, password }));
    setUser(signedIn);
    return signedIn;
  }, []);

  const signOut = useCallback(async () => {
    await api.signOut();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ status, user, signIn, signUp, signOut }), [status, user, signIn, signUp, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session user and the sign-in/out actions. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
