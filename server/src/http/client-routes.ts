import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import { browserIdOf, newBrowserCookie } from './browser-id';

/** Options of the client's routes. */
export interface ClientRoutesOptions {
  cookieSecure?: boolean;
  /**
   * Rewrites the built index.html for one request (the share card's <head>, share/share-routes.ts).
   * Its failure is logged by it, never the page's: the unchanged file is sent. Default none.
   */
  render?: (req: Request, indexHtml: string) => Promise<string>;
}

/**
 * Serves the built client with an SPA fallback; a clear page when it has not been built. The page
 * gives a browser its presence id (see browser-id.ts) before it opens a realtime connection.
 */
export function clientRoutes(distDir: string, options: ClientRoutesOptions = {}): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  // The built file, read again only when a build replaces it.
  let cached: { mtimeMs: number; html: string } | undefined;
  const indexHtml = async () => {
    const { mtimeMs } = await fs.promises.stat(index);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: await fs.promises.readFile(index, 'utf8') };
    return cached.html;
  };
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  // Said outright (serve-static 2's default too): files in dot-folders, such as the build's chunk
  // manifest dist/.vite/manifest.json that the bench reads, are not served.
  router.use(express.static(distDir, { index: false, maxAge: 0, dotfiles: 'ignore' }));
  // Every client route (react-router in client/src/main.tsx) gets the app; anything else is a 404.
  router.get(['/', '/sign-in', '/account', '/upload', '/admin/jobs', '/admin/reviews', '/host/*rest', '/caption/*rest', '/events/*rest', '/exhibitions/*rest', '/works', '/works/*rest', '/curate', '/curate/*rest', '/awards', '/awards/*rest'], (req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The web client is not built yet: run `npm start` (it builds it) or `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    if (!browserIdOf(req)) res.append('Set-Cookie', newBrowserCookie(options.cookieSecure === true || req.secure));
    if (!options.render) {
      res.sendFile(index);
      return;
    }
    const render = options.render;
    void indexHtml()
      .then(async (html) => res.type('html').send(await render(req, html).catch(() => html)))
      .catch(() => res.sendFile(index));
  });
  return router;
}
