import type { PublicUser, SignInInput, SignUpInput } from '@yunzhan/shared';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { queryKeys } from '../data/query-keys';
import * as api from '../lib/api';

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

/**
 * The session query: who is signed in (GET /api/auth/me, parsed with CurrentUserResponse), null
 * for a visitor. Read once per tab; the auth mutations below and the `session:ended` push
 * (session-events.ts) keep it current. No server or an unreadable answer: browse anonymously
 * (the data layer has logged the error).
 */
export const sessionQuery = {
  queryKey: queryKeys.auth.me(),
  queryFn: (): Promise<PublicUser | null> => api.fetchCurrentUser().catch(() => null),
  staleTime: Infinity,
} as const;

/**
 * Before an auth mutation: stop a session read in flight, so an answer from before the change
 * cannot overwrite what the mutation writes. Says whether it stopped one.
 */
async function holdSession(queryClient: QueryClient): Promise<{ interrupted: boolean }> {
  const interrupted = queryClient.isFetching({ queryKey: queryKeys.auth.me() }) > 0;
  await queryClient.cancelQueries({ queryKey: queryKeys.auth.me() });
  return { interrupted };
}
/** After a refused auth mutation: read the session again if `holdSession` stopped a read. */
function resumeSession(queryClient: QueryClient, held: { interrupted: boolean } | undefined): void {
  if (held?.interrupted) void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me() });
}
const setSession = (queryClient: QueryClient, user: PublicUser | null) => queryClient.setQueryData(queryKeys.auth.me(), user);

/** Keeps the session user in the query cache (from the httpOnly cookie, through /api/auth/me). Mount inside the DataProvider. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery);

  const { mutateAsync: signInAsync } = useMutation({
    mutationFn: (input: SignInInput) => api.signIn(input),
    onMutate: () => holdSession(queryClient),
    onSuccess: (user) => setSession(queryClient, user),
    onError: (_error, _input, held) => resumeSession(queryClient, held),
  });
  const { mutateAsync: signUpAsync } = useMutation({
    mutationFn: async (input: SignUpInput) => {
      await api.signUp(input);
      // Sign-up opens a session; should a server not do that, sign in with the new account.
      return (await api.fetchCurrentUser().catch(() => null)) ?? (await api.signIn({ username: input.username, password: input.password }));
    },
    onMutate: () => holdSession(queryClient),
    onSuccess: (user) => setSession(queryClient, user),
    onError: (_error, _input, held) => resumeSession(queryClient, held),
  });
  const { mutateAsync: signOutAsync } = useMutation({
    mutationFn: () => api.signOut(),
    onMutate: () => holdSession(queryClient),
    onSuccess: () => setSession(queryClient, null),
    onError: (_error, _input, held) => resumeSession(queryClient, held),
  });

  const signIn = useCallback((username: string, password: string) => signInAsync({ username, password }), [signInAsync]);
  const signUp = useCallback(
    (username: string, password: string, displayName?: string) => signUpAsync(displayName ? { username, password, displayName } : { username, password }),
    [signUpAsync],
  );
  const signOut = useCallback(() => signOutAsync(), [signOutAsync]);

  const status: AuthValue['status'] = session.data === undefined ? 'loading' : 'ready';
  const user = session.data ?? null;
  const value = useMemo(() => ({ status, user, signIn, signUp, signOut }), [status, user, signIn, signUp, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session user and the sign-in/out actions. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/**
 * Sets a new password (POST /api/auth/password): every other session of the account ends, this
 * browser stays signed in. The session is read again afterwards.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.changePassword(input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.auth.me() }),
  });
}
