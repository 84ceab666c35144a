import type { AwardTally } from '@yunzhan/shared';

/** Options of a TallyPusher. */
export interface TallyPusherOptions {
  /** Reads a category's tally now (null: nothing to send, e.g. tallies no longer live). */
  read(programmeId: string, categoryId: string): Promise<AwardTally | null>;
  /** Sends it (Realtime.emitAwardTally). */
  emit(tally: AwardTally): void;
  /** Least time between two sends for one category, in ms. Default 1000. */
  intervalMs?: number;
  /** Told when a read fails. */
  onError?: (err: unknown) => void;
}

/**
 * Coalesces live tallies: the first vote of a quiet category is sent at once, votes during the
 * following interval are sent together at its end, so each category gets at most one tally a
 * second however fast votes arrive.
 */
export class TallyPusher {
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
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
    for (const w of this.windows.values()) clearTimeout(w.timer);
    this.windows.clear();
  }

  private openWindow(key: string, programmeId: string, categoryId: string): void {
    const window = {
      dirty: false,
      timer: setTimeout(() => {
        this.windows.delete(key);
        if (!window.dirty || this.closed) return;
        this.send(programmeId, categoryId);
        this.openWindow(key, programmeId, categoryId);
      }, this.options.intervalMs ?? 1000),
    };
    window.timer.unref();
    this.windows.set(key, window);
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
