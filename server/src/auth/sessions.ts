import { createHash, randomBytes } from 'node:crypto';
import type { PublicUser, SessionEndReason } from '@yunzhan/shared';
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

/**
 * A session ended, or an account's rights changed, so open connections must be authorised again:
 * one session (`sessionId`, on sign-out) or every session of an account (`userId`).
 */
export type SessionEnd = { reason: SessionEndReason } & ({ sessionId: string; userId?: undefined } | { userId: string; sessionId?: undefined });

/**
 * Sessions stored by the hash of their token, so a leaked database holds no usable cookies.
 * HTTP reads the session on every request; open connections hear of an end through `onEnd`
 * (the realtime layer listens and cuts them, on every node).
 */
export class SessionManager {
  private readonly endListeners: ((end: SessionEnd) => void)[] = [];

  constructor(private readonly store: Store) {}

  /** The id of a token's session (the hash stored in the database); null without a usable token. */
  sessionId(token: string | undefined): string | null {
    return token && token.length <= 200 ? hashToken(token) : null;
  }

  /** Runs `listener` after every session end or rights change (see SessionEnd). */
  onEnd(listener: (end: SessionEnd) => void): void {
    this.endListeners.push(listener);
  }

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

  /** Ends the session of a token (sign-out); its open connections are cut. */
  async close(token: string | undefined): Promise<void> {
    const sessionId = this.sessionId(token);
    if (!sessionId) return;
    await this.store.sessions.delete(sessionId);
    this.announce({ sessionId, reason: 'signed-out' });
  }

  /** Ends every session of an account (its password changed); its open connections are cut. */
  async closeAll(userId: string, reason: SessionEndReason): Promise<void> {
    await this.store.sessions.deleteForUser(userId);
    this.announce({ userId, reason });
  }

  /** The account's rights changed (its role): sessions stay, open connections are authorised again. */
  rightsChanged(userId: string): void {
    this.announce({ userId, reason: 'role-changed' });
  }

  private announce(end: SessionEnd): void {
    for (const listener of this.endListeners) listener(end);
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
