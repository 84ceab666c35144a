import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { SESSION_COOKIE, readCookie } from '../auth/sessions';

/**
 * Everything the client needs comes from this origin: no CDNs, no inline scripts. Inline styles
 * stay allowed for React's style attributes; media may be MSE blobs or the host's camera, and
 * `data:` for the empty `<track src="data:,WEBVTT">` hls.js gives each subtitle track (its cues
 * come from the playlist; a data: URL loads no script).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * API answers are data, never documents to render: nothing may load from them and no page may
 * frame them (OWASP's REST security guidance). Shorter, too, on the busiest answers.
 */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** HSTS for a year, subdomains included: sent only on answers that went out over HTTPS. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every answer: CSP (the pages' policy, or none at all for API answers), nosniff,
 * same-origin referrers; HSTS when the request came over HTTPS (`req.secure`: directly, or
 * X-Forwarded-Proto from a TRUST_PROXY proxy).
 *
 * API answers vary with the session cookie (`Vary: Cookie`) and default to `no-store`. An answer
 * to a signed-in request is personal whatever its route says (drafts, votes, scores, what an admin
 * sees): it is `no-store` in the end, overriding a route's `no-cache`, so it never sits in a shared
 * cache or the browser's history. Anonymous answers keep the route's own caching.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (req.secure) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    if (!req.path.startsWith('/api/')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    else {
      res.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Vary', 'Cookie');
      if (readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined) forceNoStore(res);
    }
    next();
  };
}

/** Makes `no-store` the Cache-Control that goes out, whatever a route set before the headers are written. */
function forceNoStore(res: ServerResponse): void {
  const writeHead = res.writeHead;
  // Node writes headers through writeHead, also implicitly on the first body write.
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    this.setHeader('Cache-Control', 'no-store');
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}
