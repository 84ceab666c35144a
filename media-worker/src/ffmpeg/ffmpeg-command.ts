import type { ChildProcess } from 'node:child_process';
import ffmpeg, { type FfmpegCommand } from 'fluent-ffmpeg';
import { FfmpegError } from './ffmpeg-error';
import { trackChildProcess } from './process-registry';
import { StderrTail } from './stderr-tail';

/** Options of one finite ffmpeg command. */
export interface FfmpegCommandOptions {
  /** ffmpeg binary. Default `FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /** Expected output duration in seconds, used for `percent` when ffmpeg cannot tell. */
  durationSeconds?: number;
  /** Progress in percent, clamped to 0..100; 100 is reported once at the end. */
  onProgress?: (percent: number) => void;
  /** Kill the command after this many seconds. Default: no limit. */
  timeoutSeconds?: number;
  /** Aborting kills ffmpeg (SIGKILL) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Parses fluent-ffmpeg's `timemark` (`HH:MM:SS.ss`) to seconds. */
export function timemarkSeconds(timemark: string): number | undefined {
  const m = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(timemark);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/** Clamps a progress figure to 0..100 (NaN becomes 0). */
export function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

/**
 * Runs a finite ffmpeg command built with fluent-ffmpeg and resolves when it ends. Rejects with
 * an FfmpegError carrying the full command line and the tail of stderr. The process is listed in
 * the process registry so that it never outlives us.
 */
export function runFfmpegCommand(configure: (command: FfmpegCommand) => void, options: FfmpegCommandOptions = {}): Promise<void> {
  const command = ffmpeg(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {});
  command.setFfmpegPath(options.ffmpegPath ?? process.env.FFMPEG_PATH ?? 'ffmpeg');
  configure(command);
  const tail = new StderrTail(40);
  let commandLine = '(not started)';
  let lastPercent = -1;
  const report = (percent: number) => {
    const p = clampPercent(percent);
    if (p === lastPercent) return;
    lastPercent = p;
    options.onProgress?.(p);
  };
  return new Promise<void>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => command.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    command
      .on('start', (line: string) => {
        commandLine = line;
        // fluent-ffmpeg keeps its ChildProcess here once spawned.
        const proc = (command as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
        if (proc) trackChildProcess(proc);
      })
      .on('stderr', (line: string) => tail.push(`${line}\n`))
      .on('progress', (p: { percent?: number; timemark?: string }) => {
        if (typeof p.percent === 'number' && Number.isFinite(p.percent)) return report(p.percent);
        const seconds = p.timemark ? timemarkSeconds(p.timemark) : undefined;
        if (seconds !== undefined && options.durationSeconds) report((seconds / options.durationSeconds) * 100);
      })
      .on('end', () => {
        settle();
        report(100);
        resolve();
      })
      .on('error', (err: Error) => {
        settle();
        reject(signal?.aborted ? signal.reason : new FfmpegError(`ffmpeg failed: ${err.message}`, commandLine, tail.text()));
      })
      .run();
  });
}
