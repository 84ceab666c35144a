import { createHash, randomBytes } from 'node:crypto';
import type { PublicUser } from '@yunzhan/shared';
import type { Store, UserRecord } from '../db/store';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'yz_session';
/** Session lifetime in milliseconds. Default 14 days. */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The fields of a user that may leave the server. */
export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

/** Sessions stored by the hash of their token, so a leaked database holds no usable cookies. */
export class SessionManager {
  constructor(private readonly store: Store) {}

  /** Opens a session for a user; returns the token to put in the cookie. */
  async open(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.store.sessions.create(hashToken(token), userId, expiresAt.toISOString());
    return { token, expiresAt };
  }

  /** The signed-in user for a token, or null when missing, unknown or expired. */
  async user(token: string | undefined): Promise<PublicUser | null> {
    if (!token || token.length > 200) return null;
    const user = await this.store.sessions.user(hashToken(token), new Date().toISOString());
    return user ? toPublicUser(user) : null;
  }

  /** Ends the session of a token. */
  async close(token: string | undefined): Promise<void> {
    if (token) await this.store.sessions.delete(hashToken(token));
  }
}

/** Reads one cookie from a Cookie header without a dependency (names are ours, values opaque). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
