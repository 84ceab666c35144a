import type { ExhibitionLayout } from '@yunzhan/shared';

// Saving the draft while the curator works: a change waits `delayMs` for more changes (debounce),
// then one PUT goes out naming the revision it builds on. Changes made while a save is in flight
// wait for it and go out as one more save on the new revision. A conflict (someone saved
// elsewhere) stops saving until the editor reloads; other failures are retried on the next change
// or `flush()`.

/** Where saving stands, as the editor shows it. */
export type SaveState =
  /** Everything is on the server. */
  | 'saved'
  /** Changes wait for the debounce. */
  | 'pending'
  /** A save is in flight. */
  | 'saving'
  /** The layout breaks a rule (overlap, off the wall); it is not sent until fixed. */
  | 'invalid'
  /** The server has a newer revision; reload before editing on. */
  | 'conflict'
  /** The last save failed (network, server); the next change or flush tries again. */
  | 'error';

/** What a save sends. */
export interface SaveRequest {
  layout: ExhibitionLayout;
  baseRevision: number;
}

/** The outcome of one save: the new revision, or why it failed. */
export type SaveOutcome = { ok: true; revision: number } | { ok: false; conflict: boolean; error: unknown };

/** Options of AutosaveScheduler. */
export interface AutosaveOptions {
  /** Sends one save. Must not throw; failures are outcomes. */
  save: (request: SaveRequest) => Promise<SaveOutcome>;
  /** The revision the server has now. */
  revision: number;
  /** Quiet time after the last change before saving, ms. Default 1000. */
  delayMs?: number;
  /** Told of every state change. */
  onState?: (state: SaveState, error?: unknown) => void;
  /** Told of every revision the server confirms. */
  onSaved?: (revision: number) => void;
  /** Timers (tests pass fakes). Default: the global ones. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Debounced, one-at-a-time saving of a layout with optimistic concurrency. */
export class AutosaveScheduler {
  private state: SaveState = 'saved';
  private revision: number;
  /** The newest layout not yet sent, if any. */
  private unsent: ExhibitionLayout | null = null;
  private inFlight = false;
  private timer: unknown = null;
  private disposed = false;
  /** Whether the newest layout breaks a rule. */
  private invalidNow = false;
  private readonly delayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: AutosaveOptions) {
    this.revision = options.revision;
    this.delayMs = options.delayMs ?? 1000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** The current state. */
  get current(): SaveState {
    return this.state;
  }

  /** The revision the next save builds on. */
  get baseRevision(): number {
    return this.revision;
  }

  /** A valid layout changed: save it after the quiet time (nothing while in conflict). */
  change(layout: ExhibitionLayout): void {
    if (this.disposed || this.state === 'conflict') return;
    this.invalidNow = false;
    this.unsent = layout;
    this.restartTimer();
    if (!this.inFlight) this.setState('pending');
  }

  /** The layout breaks a rule: drop what was waiting and show it as not saved. */
  invalid(): void {
    if (this.disposed || this.state === 'conflict') return;
    this.invalidNow = true;
    this.unsent = null;
    this.stopTimer();
    if (!this.inFlight) this.setState('invalid');
  }

  /** Saves what is waiting now, without waiting for the quiet time. */
  flush(): void {
    this.stopTimer();
    void this.run();
  }

  /** Starts over from a layout just loaded from the server (after a reload). */
  reset(revision: number): void {
    this.stopTimer();
    this.unsent = null;
    this.invalidNow = false;
    this.revision = revision;
    this.setState('saved');
  }

  /** Stops: no more timers or saves. */
  dispose(): void {
    this.disposed = true;
    this.stopTimer();
  }

  private restartTimer(): void {
    this.stopTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.run();
    }, this.delayMs);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private setState(state: SaveState, error?: unknown): void {
    if (this.disposed) return;
    const changed = state !== this.state;
    this.state = state;
    if (changed || error !== undefined) this.options.onState?.(state, error);
  }

  private async run(): Promise<void> {
    // One save at a time: what arrives meanwhile goes out when this one is done.
    if (this.disposed || this.inFlight || this.unsent === null || this.state === 'conflict') return;
    const layout = this.unsent;
    this.unsent = null;
    this.inFlight = true;
    this.setState('saving');
    const outcome = await this.options.save({ layout, baseRevision: this.revision });
    this.inFlight = false;
    if (this.disposed) return;
    if (outcome.ok) {
      this.revision = outcome.revision;
      this.options.onSaved?.(outcome.revision);
      if (this.unsent !== null) {
        // Saved meanwhile changes right away unless the curator is still typing.
        if (this.timer === null) void this.run();
        else this.setState('pending');
      } else this.setState(this.invalidNow ? 'invalid' : 'saved');
      return;
    }
    if (outcome.conflict) {
      this.stopTimer();
      this.unsent = null;
      this.setState('conflict', outcome.error);
      return;
    }
    // Keep the failed layout unless a newer one is waiting; the next change or flush retries.
    if (!this.invalidNow) this.unsent ??= layout;
    this.setState(this.invalidNow ? 'invalid' : 'error', outcome.error);
  }
}
