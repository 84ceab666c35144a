import { Router } from 'express';
import { CreateWorkInput, NotFoundError, ReviewInput, UpdateWorkInput, WorkId, WorkKind, parseOrThrow } from '@yunzhan/shared';
import { z } from 'zod';
import { authorize, can } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import { BlindEntries } from '../awards/blind-entries';
import type { Store } from '../db/store';
import type { WorkService } from './work-service';
import { toWorkView, workFor } from './work-media';

const ListQuery = z.object({ kind: WorkKind.optional(), review: z.literal('pending').optional() });

/**
 * `/api/works`: POST (curators, admins) catalogues an upload; GET lists the caller's works (an
 * admin's: everyone's), `?kind=` filters; GET /:id for the owner, admins, and anyone once the work
 * hangs in a published exhibition; PATCH /:id (owner, admins) edits metadata and the audio guide.
 * Metadata visitors can see changes only through review: the edit is held (shown to the owner and
 * admins with `metadataChange`), `GET ?review=pending` is the admins' queue and POST /:id/review
 * their decision. Everyone else reads the approved metadata.
 */
export function workRoutes(store: Store, sessions: SessionManager, works: WorkService): Router {
  const router = Router();
  // Mounted at /api/works (index.ts): the paths below are relative to it.
  const userOf = (cookie: string | undefined) => sessions.user(readCookie(cookie, SESSION_COOKIE));
  // Blind award entries being judged are shown without who made them (the owner and admins see all).
  const blind = new BlindEntries(store);

  router.post('/', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    authorize(user, 'work:create');
    const input = parseOrThrow(CreateWorkInput, req.body);
    const work = await works.create(user!, input);
    res.status(201).json(toWorkView(work));
  });

  router.get('/', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    authorize(user, 'work:create');
    const { kind, review } = parseOrThrow(ListQuery, req.query);
    if (review) authorize(user, 'work:review');
    const list = await store.works.list({
      ...(can(user, 'work:view-all') ? {} : { ownerId: user!.id }),
      ...(kind ? { kind } : {}),
      ...(review ? { pendingReview: true } : {}),
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(await blind.views(user, list, (w) => workFor(user, w)));
  });

  router.get('/:id', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    const id = parseOrThrow(WorkId, req.params.id);
    const work = await store.works.get(id);
    // Not yours and not on show: it does not exist, as far as the caller can tell.
    if (!work || !can(user, 'work:read', { ownerId: work.ownerId, isPublic: await store.works.isPublished(work.id) })) throw new NotFoundError('Work');
    res.setHeader('Cache-Control', 'no-cache');
    res.json((await blind.views(user, [work], (w) => workFor(user, w)))[0]);
  });

  router.patch('/:id', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    const id = parseOrThrow(WorkId, req.params.id);
    const work = await store.works.get(id);
    if (!work || !can(user, 'work:read', { ownerId: work.ownerId, isPublic: await store.works.isPublished(work.id) })) {
      if (!user) authorize(user, 'work:update');
      throw new NotFoundError('Work');
    }
    authorize(user, 'work:update', { ownerId: work.ownerId });
    const input = parseOrThrow(UpdateWorkInput, req.body);
    res.json(workFor(user, await works.update(user!, work, input)));
  });

  router.post('/:id/review', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    authorize(user, 'work:review');
    const id = parseOrThrow(WorkId, req.params.id);
    const input = parseOrThrow(ReviewInput, req.body);
    res.json(workFor(user, await works.review(user!, id, input)));
  });
  return router;
}
