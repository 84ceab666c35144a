import { Router, type Request } from 'express';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { CaptionerService } from './captioner-service';

/**
 * `GET` and `PUT /api/events/:id/captioners` (the event's hosts, admins: the list, and a new one
 * as `{ usernames }`), `GET /api/events/:id/captioners/me` (signed in: `{ captioner }`). Mounted
 * under /api/events, behind the cross-site guard like every state change.
 */
export function captionerRoutes(sessions: SessionManager, captioners: CaptionerService): Router {
  const router = Router();
  const userOf = (req: Request) => sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
  const noStore = { 'Cache-Control': 'no-store' };

  router.get('/:id/captioners', async (req, res) => {
    res.set(noStore).json(await captioners.list(await userOf(req), req.params.id));
  });
  router.put('/:id/captioners', async (req, res) => {
    res.set(noStore).json(await captioners.replace(await userOf(req), req.params.id, req.body));
  });
  router.get('/:id/captioners/me', async (req, res) => {
    res.set(noStore).json(await captioners.status(await userOf(req), req.params.id));
  });
  return router;
}
