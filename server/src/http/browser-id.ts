import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie } from '../auth/sessions';

// A random id per browser, used only to count a browser's tabs once in presence: it grants
// nothing and names nobody. The web client's page sets it, so a browser has it before its first
// realtime connection; a connection that comes without one is counted by its address.

/** Name of the browser cookie. */
export const BROWSER_COOKIE = 'yz_browser';
const MAX_AGE_S = 365 * 24 * 3600;

/** The browser id a request carries, if it is well-formed. */
export function browserIdOf(req: IncomingMessage): string | undefined {
  const id = readCookie(req.headers.cookie, BROWSER_COOKIE);
  return id && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

/** A Set-Cookie value giving the browser a new id. */
export function newBrowserCookie(secure: boolean): string {
  return `${BROWSER_COOKIE}=${randomUUID()}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
