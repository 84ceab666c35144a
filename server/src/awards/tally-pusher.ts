import type { AwardTally } from '@yunzhan/shared';

/** Calls `fire` after `ms`; the result cancels it. */
export type WindowTimer = (fire: () => void, ms: number) => () => void;

const realTimer: WindowTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** Options of a TallyPusher. */
export interface TallyPusherOptions {
  /** Reads a category's tally now (null: nothing to send, e.g. tallies no longer live). */
  read(programmeId: string, categoryId: string): Promise<AwardTally | null>;
  /** Sends it (Realtime.emitAwardTally). */
  emit(tally: AwardTally): void;
  /** Least time between two sends for one category, in ms. Default 1000. */
  intervalMs?: number;
  /** Starts a window's timer and returns what cancels it. Default: an unref'd setTimeout (tests pass one they fire themselves). */
  startTimer?: WindowTimer;
  /** Told when a read fails. */
  onError?: (err: unknown) => void;
}

/**
 * Coalesces live tallies: the first vote of a quiet category is sent at once, votes during the
 * following interval are sent together at its end, so each category gets at most one tally a
 * second however fast votes arrive.
 */
export class TallyPusher {
  private readonly windows = new Map<string, { cancel: () => void; dirty: boolean }>();
  private closed = false;

  constructor(private readonly options: TallyPusherOptions) {}

  /** Notes that a category's votes changed. */
  changed(programmeId: string, categoryId: string): void {
    if (this.closed) return;
    const key = `${programmeId}\n${categoryId}`;
    const open = this.windows.get(key);
    if (open) {
      open.dirty = true;
      return;
    }
    this.send(programmeId, categoryId);
    this.openWindow(key, programmeId, categoryId);
  }

  /** Stops every timer; later changes are ignored. Idempotent. */
  close(): void {
    this.closed = true;
    for (const w of this.windows.values()) w.cancel();
    this.windows.clear();
  }

  private openWindow(key: string, programmeId: string, categoryId: string): void {
    const window = { dirty: false, cancel: () => {} };
    this.windows.set(key, window);
    window.cancel = (this.options.startTimer ?? realTimer)(() => {
      if (this.windows.get(key) !== window) return;
      this.windows.delete(key);
      if (!window.dirty || this.closed) return;
      this.send(programmeId, categoryId);
      this.openWindow(key, programmeId, categoryId);
    }, this.options.intervalMs ?? 1000);
  }

  private send(programmeId: string, categoryId: string): void {
    this.options
      .read(programmeId, categoryId)
      .then((tally) => {
        if (tally && !this.closed) this.options.emit(tally);
      })
      .catch((err: unknown) => this.options.onError?.(err));
  }
}
