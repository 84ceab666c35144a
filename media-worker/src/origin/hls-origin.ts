import http from 'node:http';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, httpStatusOf, type ErrorBody } from '@yunzhan/shared';
import type { LowLatencyRegistry } from '../llhls/registry';
import { hlsRoutes } from './hls-files';
import { llhlsRoutes } from './llhls-routes';
import { mediaRoutes } from './media-files';

/** What an HLS origin serves. */
export interface HlsOriginOptions {
  /** Media folder: `/hls/<streamId>/...` is `<mediaDir>/hls/<streamId>/...`. */
  mediaDir: string;
  /** Live LL-HLS streams (playlists rendered from memory, blocking reloads, hinted parts). */
  streams: LowLatencyRegistry;
}

/**
 * The routes of an HLS origin, to mount at `/hls`: LL-HLS playlists and hinted parts of the live
 * streams first, then every file (standard playlists, parts, segments, init, replays) from disk.
 * The server mounts them with LIVE_WORKERS=local; a media worker serves them itself.
 */
export function hlsOriginRoutes(options: HlsOriginOptions): Router {
  const router = Router();
  router.use(llhlsRoutes({ streams: options.streams }));
  router.use(hlsRoutes(options.mediaDir));
  return router;
}

/** Answers errors in the platform's shape, `{ error: { code, message } }`. */
export function originErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const info = err instanceof AppError ? err.toInfo() : { code: 'INTERNAL' as const, message: 'Internal error' };
    if (info.code === 'INTERNAL') logger.error({ err, url: req.originalUrl }, 'origin request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: ErrorBody = { error: info };
    res.status(httpStatusOf[info.code]).json(body);
  };
}

/** A running HLS origin (a media worker's). */
export interface HlsOrigin {
  /** Base URL it answers on, e.g. `http://127.0.0.4:8090`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `/hls/` and `/media/` of a media worker on `host:port` (0: any free port), and
 * `/healthz`. Web nodes proxy their viewers' `/hls/<id>/` and `/media/<id>/` requests here for the
 * lives this worker runs and the uploads it processed.
 */
export async function startHlsOrigin(options: HlsOriginOptions & { host: string; port: number; advertiseHost: string; logger: Logger }): Promise<HlsOrigin> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true });
  });
  app.use('/hls', hlsOriginRoutes(options));
  app.use('/media', mediaRoutes(options.mediaDir));
  app.use((_req, res) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: 'Not found' } };
    res.status(404).json(body);
  });
  app.use(originErrorHandler(options.logger));
  const server = http.createServer(app);
  // Blocking playlist requests are held for up to three target durations; keep-alive across them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const hostPart = options.advertiseHost.includes(':') ? `[${options.advertiseHost}]` : options.advertiseHost;
  return {
    url: `http://${hostPart}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
