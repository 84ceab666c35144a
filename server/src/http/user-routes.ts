import { Router } from 'express';
import { z } from 'zod';
import { InvalidStateError, NotFoundError, Role, RoleInput, parseOrThrow } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { SESSION_COOKIE, readCookie, toPublicUser, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';

const ListQuery = z.object({ role: Role.optional() });
const UserId = z.object({ id: z.string().min(1).max(64) });

/**
 * `/api/users` (admins): list accounts (`?role=judge` for the judges a programme may name) and
 * give an account a role. An admin cannot take the admin role from themself (INVALID_STATE): the
 * platform must keep someone who can give it back.
 */
export function userRoutes(store: Store, sessions: SessionManager): Router {
  const router = Router();
  // Mounted at /api/users (index.ts): the paths below are relative to it.
  const userOf = (cookie: string | undefined) => sessions.user(readCookie(cookie, SESSION_COOKIE));

  router.get('/', async (req, res) => {
    authorize(await userOf(req.headers.cookie), 'user:list');
    const { role } = parseOrThrow(ListQuery, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json((await store.users.list(role ? { role } : {})).map(toPublicUser));
  });

  router.patch('/:id', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    authorize(user, 'user:set-role');
    const { id } = parseOrThrow(UserId, req.params);
    const { role } = parseOrThrow(RoleInput, req.body);
    const target = await store.users.byId(id);
    if (!target) throw new NotFoundError('User');
    if (target.id === user!.id && role !== 'admin') throw new InvalidStateError('You cannot take the admin role from yourself');
    const updated = await store.users.setRole(id, role);
    // HTTP reads the role per request; open connections of the account are authorised anew.
    if (updated.role !== target.role) sessions.rightsChanged(id);
    res.json(toPublicUser(updated));
  });
  return router;
}
