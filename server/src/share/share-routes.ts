import type { Request } from 'express';
import type { Logger } from 'pino';
import { cardHead, cardLocale, siteCard, withHead } from './share-card';
import type { ShareService } from './share-service';

/** A Host header that can stand in a URL: a name or IPv4 address, or a bracketed IPv6 one, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin absolute card URLs start with: `publicUrl` (PUBLIC_URL) when configured, else the
 * request's own scheme (X-Forwarded-Proto only from TRUST_PROXY's proxies) and Host header.
 * A Host that is not a plain host name falls back to the server's loopback address.
 */
export function originOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST.test(host) ? host : `127.0.0.1:${req.socket.localPort ?? 80}`}`;
}

/**
 * The SPA-serving hook (clientRoutes' `render`): the built index.html with the share card of the
 * page asked for in its <head>: the page's own for a published event, exhibition, work or award
 * programme, else the site's. Never fails: the site's card stands in for any error.
 */
export function shareCardPages(shares: ShareService, options: { publicUrl?: string; logger: Logger }) {
  return async (req: Request, indexHtml: string): Promise<string> => {
    const locale = cardLocale(req.get('accept-language'));
    const origin = originOf(req, options.publicUrl);
    let card = siteCard(req.path, locale);
    try {
      card = await shares.cardFor(req.path, new URL(req.originalUrl, 'http://x').searchParams, locale);
    } catch (err) {
      options.logger.warn({ err, path: req.path }, 'share card failed; the site card stands in');
    }
    return withHead(indexHtml, cardHead(card, origin, locale));
  };
}
