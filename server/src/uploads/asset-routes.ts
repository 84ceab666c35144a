import { Router } from 'express';
import { AssetId, NotFoundError, parseOrThrow } from '@yunzhan/shared';
import { authorize, can } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { toAssetView } from './asset-view';

/** GET /api/assets (own uploads for hosts, everyone's for admins) and GET /api/assets/:id, added to `router` (a new one by default). */
export function assetRoutes(store: Store, sessions: SessionManager, router: Router = Router()): Router {
  router.get('/api/assets', async (req, res) => {
    const user = await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
    authorize(user, 'asset:upload');
    const assets = await store.assets.list(can(user, 'asset:view-all') ? {} : { ownerId: user!.id });
    res.setHeader('Cache-Control', 'no-store');
    res.json(assets.map(toAssetView));
  });
  router.get('/api/assets/:id', async (req, res) => {
    const user = await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
    authorize(user, 'asset:upload');
    const id = parseOrThrow(AssetId, req.params.id);
    const asset = await store.assets.get(id);
    // Someone else's asset does not exist, as far as a host can tell.
    if (!asset || (asset.ownerId !== user!.id && !can(user, 'asset:view-all'))) throw new NotFoundError('Asset');
    res.setHeader('Cache-Control', 'no-store');
    res.json(toAssetView(asset));
  });
  return router;
}
