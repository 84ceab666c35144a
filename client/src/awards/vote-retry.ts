import { toClientError } from '../lib/client-error';

// A vote is sent with an Idempotency-Key made once per click. When the answer is lost (network
// error, timeout) the request is sent again with the SAME key, so the server replays its first
// answer instead of counting twice. A key is dropped only once an answer has come back.

/** Codes after which the request may or may not have reached the server: retry with the same key. */
const UNCERTAIN = new Set(['NETWORK', 'TIMEOUT']);

/** Whether an error leaves it unknown whether the vote was counted (so a retry must reuse the key). */
export function isUncertain(error: unknown): boolean {
  return UNCERTAIN.has(toClientError(error).code);
}

/** A new Idempotency-Key: a random UUID, or 32 random hex digits where randomUUID is missing (plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The keys of votes whose answer never arrived, per nominee (`<categoryId>/<entryId>`). A click on
 * a nominee with a pending key retries with it; any other click gets a fresh key.
 */
export class PendingVoteKeys {
  private readonly keys = new Map<string, string>();

  constructor(private readonly makeKey: () => string = newIdempotencyKey) {}

  /** The key for a click on this nominee: the pending one if its last request was lost, else a new one. */
  keyFor(categoryId: string, entryId: string): string {
    const slot = `${categoryId}/${entryId}`;
    let key = this.keys.get(slot);
    if (!key) {
      key = this.makeKey();
      this.keys.set(slot, key);
    }
    return key;
  }

  /** Records how the request ended: an answer (success or a stable error) frees the key; a lost one keeps it. */
  settle(categoryId: string, entryId: string, error?: unknown): void {
    if (error !== undefined && isUncertain(error)) return;
    this.keys.delete(`${categoryId}/${entryId}`);
  }
}

/** Options of sendWithRetries. */
export interface RetryOptions {
  /** Tries in all, the first included. Default 3. */
  attempts?: number;
  /** Wait before the first retry in ms, doubled after each. Default 500. */
  delayMs?: number;
  /** How to wait (tests pass an immediate one). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `send(key)` and, while it fails with a network error or timeout, again with the same key
 * after a growing pause. Stable errors (VOTE_LIMIT, CONFLICT, …) are thrown at once.
 */
export async function sendWithRetries<T>(send: (key: string) => Promise<T>, key: string, options: RetryOptions = {}): Promise<T> {
  const { attempts = 3, delayMs = 500, sleep = wait } = options;
  let pause = delayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(key);
    } catch (error) {
      if (!isUncertain(error) || attempt >= attempts) throw error;
      await sleep(pause);
      pause *= 2;
    }
  }
}
