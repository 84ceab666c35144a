import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  CreateExhibitionInput,
  ExhibitionId,
  ExhibitionStatus,
  NotFoundError,
  ReviewInput,
  SaveDraftInput,
  parseOrThrow,
  type ExhibitionView,
  type PublicUser,
} from '@yunzhan/shared';
import { authorize, can } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import { BlindEntries } from '../awards/blind-entries';
import type { ExhibitionRecord, Store } from '../db/store';
import { workFor } from '../works/work-media';
import { exhibitionFor, isPublic, seesDraft, summariesFor, toSummary } from './exhibition-view';
import { templateOf, type ExhibitionService } from './exhibition-service';

const ListQuery = z.object({ mine: z.enum(['1', 'true']).optional(), status: ExhibitionStatus.optional() });
const ViewQuery = z.object({ preview: z.literal('draft').optional() });

/**
 * `/api/exhibitions`: create (curators, admins), list (public: published ones; `?mine=1` the
 * caller's own in every state; `?status=` admins only, e.g. the review queue), read, the hall view
 * (published layout for anyone; `?preview=draft` for the owner and admins), save the draft
 * (optimistic concurrency), submit (owner) and review (admins). Visitors get only approved texts
 * and layouts; the owner and admins also see the edits awaiting review (exhibitionFor, workFor).
 */
export function exhibitionRoutes(store: Store, sessions: SessionManager, exhibitions: ExhibitionService): Router {
  const router = Router();
  // Mounted at /api/exhibitions (index.ts): the paths below are relative to it.
  const userOf = (req: Request) => sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
  // The works' labels and panels: blind award entries being judged without who made them.
  const blind = new BlindEntries(store);
  /** The exhibition if this caller may know it exists (owner, admins, or published); else 404. */
  const visible = async (user: PublicUser | null, rawId: unknown): Promise<ExhibitionRecord> => {
    const exhibition = await store.exhibitions.get(parseOrThrow(ExhibitionId, rawId));
    if (!exhibition || !can(user, 'exhibition:read', { ownerId: exhibition.ownerId, isPublic: isPublic(exhibition) })) throw new NotFoundError('Exhibition');
    return exhibition;
  };

  router.post('/', async (req, res) => {
    const user = await userOf(req);
    authorize(user, 'exhibition:create');
    const input = parseOrThrow(CreateExhibitionInput, req.body);
    // The id may differ from the one asked for (see ExhibitionService.create): clients go to this one.
    res.status(201).json(exhibitionFor(user, await exhibitions.create(user!, input)));
  });

  router.get('/', async (req, res) => {
    const user = await userOf(req);
    const query = parseOrThrow(ListQuery, req.query);
    let list: ExhibitionRecord[];
    if (query.mine) {
      authorize(user, 'exhibition:create');
      list = await store.exhibitions.list({ ownerId: user!.id, ...(query.status ? { status: query.status } : {}) });
    } else if (query.status) {
      authorize(user, 'exhibition:review');
      list = await store.exhibitions.list({ status: query.status });
    } else {
      list = await store.exhibitions.list({ published: true });
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.json(await summariesFor(store, user, list));
  });

  router.get('/:id', async (req, res) => {
    const user = await userOf(req);
    const exhibition = await visible(user, req.params.id);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(exhibitionFor(user, exhibition));
  });

  router.get('/:id/view', async (req, res) => {
    const user = await userOf(req);
    const { preview } = parseOrThrow(ViewQuery, req.query);
    const exhibition = await visible(user, req.params.id);
    const layout = preview ? (seesDraft(user, exhibition) ? exhibition.draft : null) : exhibition.published;
    if (!layout) throw new NotFoundError(preview ? 'Exhibition' : 'Published exhibition');
    const works = await store.works.getMany(layout.placements.map((p) => p.workId));
    const byId = new Map(works.map((w) => [w.id, w]));
    // The preview shows the work in progress (pending texts and metadata); the hall what was approved.
    const viewer = preview ? user : null;
    const view: ExhibitionView = {
      exhibition: toSummary(exhibitionFor(viewer, exhibition), layout, byId),
      scene: templateOf(layout.templateId, 'layout.templateId'),
      layout,
      // In placement order, each work once.
      works: await blind.views(
        user,
        [...new Set(layout.placements.map((p) => p.workId))].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
        (w) => workFor(viewer, w),
      ),
      preview: Boolean(preview),
    };
    res.setHeader('Cache-Control', preview ? 'no-store' : 'no-cache');
    res.json(view);
  });

  router.put('/:id/draft', async (req, res) => {
    const user = await userOf(req);
    const exhibition = await visible(user, req.params.id);
    authorize(user, 'exhibition:edit', { ownerId: exhibition.ownerId });
    const input = parseOrThrow(SaveDraftInput, req.body);
    res.json(exhibitionFor(user, await exhibitions.saveDraft(exhibition, input)));
  });

  router.post('/:id/submit', async (req, res) => {
    const user = await userOf(req);
    const exhibition = await visible(user, req.params.id);
    authorize(user, 'exhibition:submit', { ownerId: exhibition.ownerId });
    res.json(exhibitionFor(user, await exhibitions.submit(exhibition)));
  });

  router.post('/:id/review', async (req, res) => {
    const user = await userOf(req);
    authorize(user, 'exhibition:review');
    const exhibition = await visible(user, req.params.id);
    const input = parseOrThrow(ReviewInput, req.body);
    res.json(exhibitionFor(user, await exhibitions.review(user!, exhibition, input)));
  });
  return router;
}
