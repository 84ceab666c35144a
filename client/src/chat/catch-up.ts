// What to ask for after the connection comes back. socket.io's connection state recovery replays
// what was missed when it can (`socket.recovered`); when it cannot, the client asks for history
// after the last seq it saw, page by page, and gives up on a long gap by reloading the newest page.

/** Most catch-up pages fetched after one reconnect before falling back to the newest page. Default 5. */
export const MAX_CATCH_UP_PAGES = 5;

/** The next `chat:history` request, or done. */
export type CatchUpStep =
  | { kind: 'none' }
  | { kind: 'after'; afterSeq: number }
  /** The gap is too long (or nothing was seen): replace the log with the newest page. */
  | { kind: 'newest' };

/** The first step after a (re)connect. */
export function firstCatchUpStep(input: { recovered: boolean; lastSeq: number | null; firstJoin: boolean }): CatchUpStep {
  if (input.firstJoin) return { kind: 'newest' };
  if (input.recovered) return { kind: 'none' };
  return input.lastSeq === null ? { kind: 'newest' } : { kind: 'after', afterSeq: input.lastSeq };
}

/**
 * The step after a catch-up page of `received` messages (newest seq `pageLastSeq`): a full page
 * may have more behind it, so continue after its last message, up to `maxPages`.
 */
export function nextCatchUpStep(input: { received: number; limit: number; pageLastSeq: number | null; pagesSoFar: number; maxPages?: number }): CatchUpStep {
  if (input.received < input.limit || input.pageLastSeq === null) return { kind: 'none' };
  if (input.pagesSoFar >= (input.maxPages ?? MAX_CATCH_UP_PAGES)) return { kind: 'newest' };
  return { kind: 'after', afterSeq: input.pageLastSeq };
}
