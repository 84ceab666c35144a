import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '@yunzhan/shared';
import { isAllowedOrigin } from './origin';

/** Methods that change nothing (RFC 9110 safe methods); every other one is checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing request is refused as cross-site, or null when it may go on.
 *
 * Browsers tell where a request comes from: `Sec-Fetch-Site` (Fetch Metadata; a header pages
 * cannot set) and `Origin` (sent with every non-GET request). SameSite=Lax cookies stop other
 * *sites*, but not pages of the same site — another port on this host, a sibling subdomain — so:
 * - `Sec-Fetch-Site: same-origin` (or `none`, a user's own navigation) passes;
 * - `same-site` / `cross-site` pass only from an origin named in ALLOWED_ORIGINS;
 * - without Fetch Metadata (older browsers) the `Origin` must be this server's host or allowed;
 * - with neither header the caller is not a browser (curl, scripts, broadcast software): no
 *   ambient cookie was sent on anyone's behalf, so it passes.
 */
export function crossSiteRefusal(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): string | null {
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  if (site === 'same-origin' || site === 'none') return null;
  if (site !== undefined) {
    return origin && allowedOrigins.includes(origin) ? null : `Sec-Fetch-Site: ${String(site).slice(0, 20)} from ${origin ?? 'an unknown origin'}`;
  }
  if (origin === undefined) return null;
  return isAllowedOrigin(origin, headers.host, allowedOrigins) ? null : `Origin ${origin.slice(0, 100)} is not this site`;
}

/** Refuses cross-site state changes with 403 CSRF_REJECTED before any route runs (see crossSiteRefusal). */
export function csrfGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const refusal = crossSiteRefusal(req.headers, allowedOrigins);
    if (refusal === null) return next();
    next(new AppError('CSRF_REJECTED', 'Cross-site request refused', { reason: refusal }));
  };
}
