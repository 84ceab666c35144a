import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Asset, BatchJobQueue, Rendition, UploadLimits } from '@yunzhan/shared';
import type { SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { assetRoutes } from './asset-routes';
import { AssetService } from './asset-service';
import type { SourceLinks } from './source-links';
import { STALE_UPLOAD_MS, sweepStaleUploads } from './stale-uploads';
import { uploadRoutes } from './upload-routes';

/** What the uploads feature needs from the server. */
export interface UploadsOptions {
  store: Store;
  sessions: SessionManager;
  /** The batch queue `vod-hls` jobs go to. */
  queue: BatchJobQueue;
  /** Uploads go to `<mediaDir>/uploads/`, outputs to `<mediaDir>/hls/<assetId>/`. */
  mediaDir: string;
  /** Told every asset change; the server sends it to the owner's sockets as `asset:progress`. */
  publish: (asset: Asset) => void;
  logger: Logger;
  /** Size and duration limits. Default DEFAULT_UPLOAD_LIMITS (8 GiB, 4 h). */
  limits?: Partial<UploadLimits>;
  /** The ladder uploads are encoded to. Default DEFAULT_LADDER (the live ladder). */
  renditions?: readonly Rendition[];
  /**
   * Set when several hosts share the queue: the signed links to this node's uploads (served at
   * `/internal/sources/<assetId>`) and this node's own origin.
   */
  shared?: { links: SourceLinks; self: () => string };
}

/** The uploads feature: its routes and its one close path. */
export interface Uploads {
  /** `/api/uploads` (tus) and `/api/assets`; mount before any body parser. */
  router: Router;
  assets: AssetService;
  /** Stops the sweeper and stops following the queue. Idempotent. */
  close(): Promise<void>;
}

/** How often unfinished uploads are looked for, in ms. */
const SWEEP_INTERVAL_MS = 3600 * 1000;

/**
 * Resumable uploads (tus) checked by ffprobe, transcoded by the `vod-hls` batch job, followed
 * into asset rows and `asset:progress` events. Assets left processing by an earlier run catch up
 * with their jobs at start; unfinished uploads older than a day are swept every hour.
 */
export function createUploads(options: UploadsOptions): Uploads {
  const uploadsDir = path.join(options.mediaDir, 'uploads');
  fs.mkdirSync(uploadsDir, { recursive: true });
  const { shared } = options;
  const assets = new AssetService({
    store: options.store,
    queue: options.queue,
    mediaDir: options.mediaDir,
    publish: options.publish,
    logger: options.logger,
    ...(options.renditions ? { renditions: options.renditions } : {}),
    ...(shared ? { shared: { sourceUrl: (id: string) => shared.links.urlFor(id), self: shared.self } } : {}),
  });
  // One router with every route of the feature: it is mounted at the root (tus needs its paths
  // whole), so every request of the server walks it, and a nested router per part would cost each
  // request a dispatch of its own.
  const router = Router();
  shared?.links.mount(router, uploadsDir);
  const endpoint = uploadRoutes({
    router,
    sessions: options.sessions,
    assets,
    uploadsDir,
    logger: options.logger,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  void assets.reconcile(uploadsDir).catch((err: unknown) => options.logger.error({ err }, 'assets could not catch up with their jobs'));
  const sweep = () =>
    void sweepStaleUploads(uploadsDir, endpoint.datastore, STALE_UPLOAD_MS).then(
      (ids) => ids.length > 0 && options.logger.info({ uploads: ids }, 'unfinished uploads removed'),
      (err: unknown) => options.logger.warn({ err }, 'sweeping unfinished uploads failed'),
    );
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();

  assetRoutes(options.store, options.sessions, router);
  let closing: Promise<void> | undefined;
  return {
    router,
    assets,
    close: () => (closing ??= (clearInterval(timer), assets.close())),
  };
}
