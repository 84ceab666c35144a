import type { Logger } from 'pino';
import type { JobEvent, JobHandle, JobState, JobType } from '@yunzhan/shared';
import { describeExit, type ProcessExit } from '../ffmpeg/ffmpeg-error';
import { delay } from '../util/delay';
import type { JobDriver, JobRun } from './job-types';

/** Restart policy of a job. */
export interface SupervisionOptions {
  /** Wait between a crash and the restart, in ms. */
  restartDelayMs: number;
  /** Give up (state `failed`) after this many crashes within `crashWindowMs`. */
  maxCrashes: number;
  crashWindowMs: number;
  logger: Logger;
}

const FINAL: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** True for completed, failed and cancelled. */
export function isFinalState(state: JobState): boolean {
  return FINAL.includes(state);
}

/**
 * A dispatched job: runs its driver's process, restarts it after a crash (emitting `crashed`),
 * gives up after too many crashes, and stops it cleanly on request. The only owner of its runs.
 */
export class ManagedJob implements JobHandle {
  /** Resolves with the final state. */
  readonly done: Promise<JobState>;
  private currentState: JobState = 'starting';
  private attempt = 0;
  private run: JobRun | undefined;
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private stopAs: 'completed' | 'cancelled' | undefined;
  private restartRequested = false;
  private readonly stopSignal = new AbortController();
  private resolveDone!: (state: JobState) => void;

  constructor(
    readonly id: string,
    readonly type: JobType,
    private readonly driver: JobDriver,
    private readonly options: SupervisionOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Current state. */
  get state(): JobState {
    return this.currentState;
  }

  /** Pid of the current run's process (undefined between runs). */
  get pid(): number | undefined {
    return this.run?.pid;
  }

  /** Subscribes to the job's events; returns the unsubscribe function. */
  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports an event to every listener (a throwing listener does not stop the others). */
  emit(event: JobEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.options.logger.error({ err }, 'job event listener threw');
      }
    }
  }

  /** Ends the job cleanly; final state `completed`. Idempotent. */
  async stop(): Promise<void> {
    this.requestStop('completed');
    await this.done;
  }

  /** Ends the job cleanly because the runner closes; final state `cancelled`. Idempotent. */
  async cancel(): Promise<void> {
    this.requestStop('cancelled');
    await this.done;
  }

  /**
   * Ends the current run cleanly and starts the next at once (no crash counted, no delay): the
   * input changed. Resolves when the current run has ended. No-op once stopping.
   */
  async restart(): Promise<void> {
    if (this.stopAs || isFinalState(this.currentState)) return;
    const run = this.run;
    if (!run) return;
    this.restartRequested = true;
    await run.stop();
  }

  /** Starts supervising (on the next tick, so that listeners added after dispatch see `starting`). */
  start(): void {
    setImmediate(() => void this.supervise());
  }

  private requestStop(as: 'completed' | 'cancelled'): void {
    if (this.stopAs || isFinalState(this.currentState)) return;
    this.stopAs = as;
    this.stopSignal.abort();
  }

  private setState(state: JobState, error?: string): void {
    this.currentState = state;
    this.emit(error === undefined ? { type: 'state', state, attempt: this.attempt } : { type: 'state', state, attempt: this.attempt, error });
  }

  private async supervise(): Promise<void> {
    const log = this.options.logger;
    const crashes: number[] = [];
    let final: JobState = 'completed';
    let error: string | undefined;
    // `attempt` in events is the run number: 1 for the first, +1 for each restart.
    this.attempt = 1;
    this.setState('starting');
    try {
      for (;;) {
        if (this.stopAs) break;
        const outcome = await this.runOnce();
        if (outcome === 'stopped') break;
        if (this.restartRequested) {
          this.restartRequested = false;
          if (this.stopAs) break;
          log.info({ attempt: this.attempt }, 'job run restarted on request');
          this.attempt++;
          this.setState('restarting');
          continue;
        }
        this.emit({ type: 'crashed', attempt: this.attempt, exitCode: outcome.exit.code, signal: outcome.exit.signal, stderrTail: outcome.stderrTail });
        log.warn({ attempt: this.attempt, exit: describeExit(outcome.exit), stderrTail: outcome.stderrTail }, 'job process crashed');
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0]! > this.options.crashWindowMs) crashes.shift();
        if (crashes.length >= this.options.maxCrashes) {
          final = 'failed';
          error = `gave up after ${crashes.length} crashes within ${Math.round(this.options.crashWindowMs / 1000)} s; last: ${describeExit(outcome.exit)}\n${outcome.stderrTail}`;
          break;
        }
        if (this.stopAs) break;
        this.attempt++;
        this.setState('restarting');
        await delay(this.options.restartDelayMs, this.stopSignal.signal);
      }
    } catch (err) {
      final = 'failed';
      error = err instanceof Error ? err.message : String(err);
      log.error({ err }, 'job supervision failed');
    }
    if (final !== 'failed' && this.stopAs) final = this.stopAs;
    if (this.stopAs && this.currentState !== 'stopping') this.setState('stopping');
    try {
      await this.driver.finish(final);
    } catch (err) {
      log.error({ err }, 'job could not finish its outputs');
      if (final !== 'failed') {
        final = 'failed';
        error = `could not finish: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    this.setState(final, error);
    this.resolveDone(final);
  }

  /** One run: 'stopped' when a stop ended it, else how it crashed. */
  private async runOnce(): Promise<'stopped' | { exit: ProcessExit; stderrTail: string }> {
    let run: JobRun;
    try {
      run = await this.driver.startRun(this.attempt);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { exit: { code: null, signal: null, error: err instanceof Error ? err : new Error(message) }, stderrTail: message };
    }
    this.run = run;
    try {
      if (!this.stopAs) {
        this.setState('running');
        const signal = this.stopSignal.signal;
        let onAbort = () => {};
        const stopped = new Promise<'stop'>((resolve) => {
          onAbort = () => resolve('stop');
          signal.addEventListener('abort', onAbort, { once: true });
        });
        const first = await Promise.race([run.ended, stopped]).finally(() => signal.removeEventListener('abort', onAbort));
        if (first !== 'stop') return { exit: first, stderrTail: run.stderrTail() };
      }
      this.setState('stopping');
      await run.stop();
      await run.ended;
      return 'stopped';
    } finally {
      this.run = undefined;
    }
  }
}
