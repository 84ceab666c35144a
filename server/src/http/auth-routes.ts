import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ConflictError, RateLimitedError, SignInInput, SignUpInput, parseOrThrow, AppError } from '@yunzhan/shared';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE, SESSION_TTL_MS, readCookie, toPublicUser, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { RateLimiter } from '../realtime/rate-limiter';

/** Options of the auth routes. */
export interface AuthRouteOptions {
  store: Store;
  sessions: SessionManager;
  /** Set the Secure flag on the cookie. */
  cookieSecure: boolean;
}

/** Sign-up, sign-in, sign-out and "who am I" under /api/auth. */
export function authRoutes({ store, sessions, cookieSecure }: AuthRouteOptions): Router {
  const router = Router();
  // Password guessing: 10 attempts per minute per address, bursts of 10.
  const attempts = new RateLimiter(10, 10 / 60);

  const limit = (req: Request) => {
    const wait = attempts.take(req.ip ?? 'unknown');
    if (wait > 0) throw new RateLimitedError(wait);
  };
  const setSession = async (res: Response, userId: string) => {
    const { token } = await sessions.open(userId);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: cookieSecure, maxAge: SESSION_TTL_MS, path: '/' });
  };

  router.post('/api/auth/sign-up', async (req, res) => {
    limit(req);
    const input = parseOrThrow(SignUpInput, req.body);
    if (await store.users.byUsername(input.username)) throw new ConflictError('That username is taken');
    const user = await store.users.create({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: 'viewer',
      passwordHash: await hashPassword(input.password),
    });
    await setSession(res, user.id);
    res.status(201).json({ user: toPublicUser(user) });
  });

  router.post('/api/auth/sign-in', async (req, res) => {
    limit(req);
    const input = parseOrThrow(SignInInput, req.body);
    const user = await store.users.byUsername(input.username);
    // Same error and similar work whether the user exists or not.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
    await setSession(res, user.id);
    res.json({ user: toPublicUser(user) });
  });

  router.post('/api/auth/sign-out', async (req, res) => {
    await sessions.close(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/auth/me', async (req, res) => {
    res.json({ user: await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE)) });
  });

  return router;
}
