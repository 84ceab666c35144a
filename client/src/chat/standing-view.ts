import type { ChatStanding } from '@yunzhan/shared';

// What the composer shows for the viewer's standing in a channel: free to write, waiting out slow
// mode (a countdown on the send button), muted until a time, or banned. Pure: `now` comes in.

/** The composer's state. `secondsLeft` counts down to `until` (whole seconds, rounded up). */
export type ComposerState =
  | { kind: 'ok' }
  | { kind: 'banned' }
  | { kind: 'muted'; until: string; secondsLeft: number }
  | { kind: 'slow'; until: string; secondsLeft: number };

/** The parts of a standing the composer reads (from the server, or learned from a refusal). */
export type StandingLike = Pick<ChatStanding, 'mutedUntil' | 'banned' | 'nextMessageAt'>;

function secondsUntil(iso: string | null | undefined, now: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The composer's state at `now` (ms since the epoch). A mute or slow mode that has run out is `ok`. */
export function composerState(standing: StandingLike | null, now: number): ComposerState {
  if (!standing) return { kind: 'ok' };
  if (standing.banned) return { kind: 'banned' };
  const muted = secondsUntil(standing.mutedUntil, now);
  if (muted > 0 && standing.mutedUntil) return { kind: 'muted', until: standing.mutedUntil, secondsLeft: muted };
  const slow = secondsUntil(standing.nextMessageAt, now);
  if (slow > 0 && standing.nextMessageAt) return { kind: 'slow', until: standing.nextMessageAt, secondsLeft: slow };
  return { kind: 'ok' };
}

/** Whether the state counts down (the composer re-renders once a second only while it does). */
export function isCountingDown(state: ComposerState): boolean {
  return state.kind === 'muted' || state.kind === 'slow';
}

/** `m:ss` (or `h:mm:ss`) for a countdown in seconds. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * What a refused send teaches about the standing: FORBIDDEN with `details.reason` (muted with
 * `until`, banned, slow mode with `retryAfterMs`) or RATE_LIMITED with `retryAfterMs`. Returns
 * the standing to show next, or null when the refusal says nothing lasting about it (members-only
 * is a channel setting that may change at any time: the composer shows the error, nothing more).
 */
export function standingAfterRefusal(
  standing: StandingLike | null,
  error: { code: string; details?: unknown },
  now: number,
): StandingLike | null {
  const details = (error.details ?? {}) as Record<string, unknown>;
  const base: StandingLike = standing ?? { mutedUntil: null, banned: false, nextMessageAt: null };
  const retryAt = (ms: unknown) => (typeof ms === 'number' && ms > 0 ? new Date(now + ms).toISOString() : null);
  const iso = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null);
  if (error.code === 'RATE_LIMITED') {
    const at = retryAt(details.retryAfterMs);
    return at ? { ...base, nextMessageAt: at } : null;
  }
  if (error.code !== 'FORBIDDEN') return null;
  switch (details.reason) {
    case 'banned':
      return { ...base, banned: true };
    case 'muted': {
      const until = iso(details.until) ?? iso(details.mutedUntil);
      return until ? { ...base, mutedUntil: until } : null;
    }
    case 'slow-mode':
    case 'slow': {
      const at = iso(details.nextMessageAt) ?? retryAt(details.retryAfterMs);
      return at ? { ...base, nextMessageAt: at } : null;
    }
    default:
      return null;
  }
}
