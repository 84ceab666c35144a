import type { BatchHandlers, BatchJobRecord, BatchJobType } from '@yunzhan/shared';
import { backoffDelayMs, errorMessageOf, isRetryable, parsePayload, type BackoffOptions } from './job-common';

/** How an attempt ended; `final` failures (a payload that no longer validates, a fault of the input) are not retried. */
export type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown; final?: boolean };

/** Runs one attempt of a claimed job with its type's handler; never rejects. */
export async function runAttempt(
  record: BatchJobRecord,
  handlers: BatchHandlers,
  signal: AbortSignal,
  progress: (percent: number) => void,
): Promise<Outcome> {
  let payload: unknown;
  try {
    payload = parsePayload(record.type, record.payload);
  } catch (err) {
    return { ok: false, err, final: true };
  }
  try {
    const handler = handlers[record.type] as (payload: unknown, ctx: Parameters<BatchHandlers[BatchJobType]>[1]) => Promise<unknown>;
    return { ok: true, value: await handler(payload, { signal, progress, attempt: record.attempts }) };
  } catch (err) {
    return { ok: false, err, final: !isRetryable(err) };
  }
}

/** What to store after an attempt that is still this process's: the job's next state and the line to log. */
export type Verdict =
  | { kind: 'complete'; resultJson: string }
  | { kind: 'requeue' }
  | { kind: 'fail'; error: string; final: boolean }
  | { kind: 'retry'; error: string; retryInMs: number };

/**
 * The next state of a job after an attempt: completed with its result (failed when the result is
 * not JSON), queued again untouched when shutdown interrupted it, failed for good at the last
 * attempt or on a fault of the input, else retried after the backoff.
 */
export function verdictOf(record: Pick<BatchJobRecord, 'attempts' | 'maxAttempts'>, outcome: Outcome, interrupted: boolean, backoff?: BackoffOptions): Verdict {
  if (outcome.ok) {
    try {
      return { kind: 'complete', resultJson: JSON.stringify(outcome.value ?? null) };
    } catch (err) {
      outcome = { ok: false, err: new Error(`The result is not JSON: ${errorMessageOf(err)}`) };
    }
  }
  const error = errorMessageOf(outcome.err);
  if (interrupted) return { kind: 'requeue' };
  if (record.attempts >= record.maxAttempts || outcome.final) return { kind: 'fail', error, final: outcome.final === true };
  return { kind: 'retry', error, retryInMs: backoffDelayMs(record.attempts, backoff) };
}
