import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ChangePasswordInput, RateLimitedError, SignInInput, SignUpInput, UnauthenticatedError, ValidationError, parseOrThrow, AppError } from '@yunzhan/shared';
import { NameNotAllowedError, ReservedNames, refuseHiddenCharacters } from '../auth/display-name';
import { checkPasswordStrength } from '../auth/password-strength';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE, SESSION_TTL_MS, readCookie, toPublicUser, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { SignInGuard } from '../auth/sign-in-guard';
import { RateLimits } from '../limits/rate-limits';

/** Options of the auth routes. */
export interface AuthRouteOptions {
  store: Store;
  sessions: SessionManager;
  /** Always set the Secure flag on the cookie (`COOKIE_SECURE`); it is also set on any request that came over HTTPS. */
  cookieSecure: boolean;
  /** Failed sign-ins per client address. Default 10, then 12 a minute. */
  signInAddressRate?: { burst: number; perSecond: number };
  /** Sign-ups per client address. Default 10, then 3 a minute. */
  signUpAddressRate?: { burst: number; perSecond: number };
  /** Where the limits count (shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
}

/** A stored hash that no password matches, verified when the username is unknown (same work either way). */
const NO_ACCOUNT_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The one answer to a sign-up whose username is taken or reserved: it does not say which. */
const signUpRefused = () => new AppError('SIGN_UP_REFUSED', 'This account could not be created with these details');

/** Sign-up, sign-in, sign-out and "who am I" under /api/auth. */
export function authRoutes({ store, sessions, cookieSecure, signInAddressRate, signUpAddressRate, limits = RateLimits.memory() }: AuthRouteOptions): Router {
  const router = Router();
  // Mounted at /api/auth (index.ts): the paths below are relative to it.
  // Addresses are req.ip: the peer, or X-Forwarded-For only from the proxies TRUST_PROXY names.
  const signIns = new SignInGuard(limits, { addressRate: signInAddressRate ?? { burst: 10, perSecond: 0.2 } });
  const signUps = limits.limiter('sign-up:address', signUpAddressRate ?? { burst: 10, perSecond: 0.05 });

  const limit = async (req: Request) => {
    const wait = await signUps.take(req.ip ?? 'unknown');
    if (wait > 0) throw new RateLimitedError(wait);
  };
  const setSession = async (req: Request, res: Response, userId: string) => {
    const { token } = await sessions.open(userId);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: cookieSecure || req.secure, maxAge: SESSION_TTL_MS, path: '/' });
  };

  router.post('/sign-up', async (req, res) => {
    await limit(req);
    // Checks that depend only on what was sent come first: hidden characters, the schema (NFKC),
    // the password's strength, a display name that reads as staff (staff names are public).
    refuseHiddenCharacters(req.body, ['username', 'displayName']);
    const input = parseOrThrow(SignUpInput, req.body);
    checkPasswordStrength(input.password, [input.username, input.displayName ?? '']);
    const reserved = await ReservedNames.load(store);
    if (input.displayName !== undefined && reserved.isReserved(input.displayName)) throw new NameNotAllowedError('displayName', 'reserved');
    // A taken username and one reserved for staff get one answer (status, body) after the same
    // work (a password hash and a lookup), so sign-up does not tell whether an account exists.
    const passwordHash = await hashPassword(input.password);
    const existing = await store.users.byUsername(input.username);
    if (existing || reserved.isReserved(input.username)) throw signUpRefused();
    let user;
    try {
      user = await store.users.create({ id: randomUUID(), username: input.username, displayName: input.displayName ?? input.username, role: 'viewer', passwordHash });
    } catch (err) {
      // Two sign-ups for one name at once: the second is refused like any taken name.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw signUpRefused();
      throw err;
    }
    await setSession(req, res, user.id);
    res.status(201).json({ user: toPublicUser(user) });
  });

  router.post('/sign-in', async (req, res) => {
    const input = parseOrThrow(SignInInput, req.body);
    const attempt = await signIns.attempt(req.ip ?? 'unknown', input.username);
    const user = await store.users.byUsername(input.username);
    // Same error and similar work whether the user exists or not.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? NO_ACCOUNT_HASH);
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
    await attempt.succeeded();
    await setSession(req, res, user.id);
    res.json({ user: toPublicUser(user) });
  });

  router.post('/sign-out', async (req, res) => {
    // Ends the session in the database and cuts its open realtime connections on every node.
    await sessions.close(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  // A new password ends every session of the account (other devices included, their open
  // connections cut); this browser gets a fresh one. The current password is checked through the
  // sign-in guard, so this is no side door for guessing.
  router.post('/password', async (req, res) => {
    const current = await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!current) throw new UnauthenticatedError();
    const input = parseOrThrow(ChangePasswordInput, req.body);
    const attempt = await signIns.attempt(req.ip ?? 'unknown', current.username);
    const account = await store.users.byId(current.id);
    if (!account || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
      throw new ValidationError('The current password is wrong', { issues: [{ path: 'currentPassword', message: 'wrong password' }] });
    }
    await attempt.succeeded();
    checkPasswordStrength(input.newPassword, [account.username, account.displayName]);
    await store.users.setPasswordHash(account.id, await hashPassword(input.newPassword));
    await sessions.closeAll(account.id, 'password-changed');
    await setSession(req, res, account.id);
    res.status(204).end();
  });

  router.get('/me', async (req, res) => {
    res.json({ user: await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE)) });
  });

  return router;
}
