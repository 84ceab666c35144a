import http from 'node:http';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '@yunzhan/shared';

/** What the origin proxy needs. */
export interface OriginProxyOptions {
  /** Where it is mounted, `/hls` or `/media`: the same path on the origin. */
  mount: '/hls' | '/media';
  /** The origin serving a stream's or an asset's files, or null when they are on this node. */
  originOf: (id: string) => Promise<string | null>;
  logger: Logger;
}

// Request headers that matter to the origin: ranges, compression, revalidation.
const FORWARD_REQUEST = ['range', 'accept-encoding', 'if-none-match', 'if-modified-since', 'if-range'];
// Response headers passed back as they are (hop-by-hop ones are not).
const FORWARD_RESPONSE = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-range',
  'accept-ranges',
  'cache-control',
  'etag',
  'last-modified',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
];
const STREAM_SEGMENT = /^\/([A-Za-z0-9_-]{1,100})\//;

/**
 * `/hls/<id>/...` and `/media/<id>/...` whose files are on another host: lives that run on a media
 * worker (LIVE_WORKERS=remote), uploads a worker processed or another node took. The request,
 * query string included (`_HLS_msn`, `_HLS_part`, `_HLS_skip`), goes to that host's origin and its
 * answer streams back unchanged, so blocking playlist reloads, preload hints and delta updates
 * behave as on the origin and a CDN in front caches by the same rules. Ids without an origin fall
 * through to this node's own files. Mount before the local routes.
 */
export function originProxy(options: OriginProxyOptions): Router {
  // Keep-alive: a viewer's blocking reloads follow one another every part (~0.33 s).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
  const router = Router();

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const m = STREAM_SEGMENT.exec(req.path);
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    let origin: string | null;
    try {
      origin = await options.originOf(m[1]!);
    } catch (err) {
      next(err);
      return;
    }
    if (!origin) {
      next();
      return;
    }
    forward(origin, options.mount, req, res, agent, options.logger, next);
  });
  return router;
}

function forward(origin: string, mount: string, req: Request, res: Response, agent: http.Agent, logger: Logger, next: NextFunction): void {
  // req.url is relative to the mount and keeps the query string.
  const target = new URL(`${mount}${req.url}`, origin);
  const headers: http.OutgoingHttpHeaders = {};
  for (const name of FORWARD_REQUEST) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  let answered = false;
  const upstream = http.request(target, { method: req.method, headers, agent }, (answer) => {
    answered = true;
    res.status(answer.statusCode ?? 502);
    for (const name of FORWARD_RESPONSE) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    answer.pipe(res);
    answer.once('error', () => res.destroy());
  });
  // A viewer who goes away (hls.js cancels a held request when it switches level) frees the
  // origin's request too.
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.once('error', (err) => {
    if (answered || res.headersSent) {
      res.destroy();
      return;
    }
    logger.warn({ err, origin, url: req.originalUrl }, 'media origin unreachable');
    res.setHeader('Cache-Control', 'no-store');
    next(new AppError('MEDIA_UNAVAILABLE', 'The host serving these files is unreachable'));
  });
  upstream.end();
}
