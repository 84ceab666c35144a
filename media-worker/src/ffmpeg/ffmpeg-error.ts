import { AppError } from '@yunzhan/shared';

/** How a process ended. `error` is set when it could not be started at all. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** An ffmpeg run failed; carries the full command line and the tail of stderr. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    /** The command line, shell-quoted so it can be pasted into a terminal. */
    readonly commandLine: string,
    /** The last lines ffmpeg wrote to stderr. */
    readonly stderrTail: string,
    /** The exit, when the process ended. */
    readonly exit?: ProcessExit,
  ) {
    super(`${message}\ncommand: ${commandLine}\nstderr (last lines):\n${stderrTail || '(empty)'}`);
    this.name = 'FfmpegError';
  }
}

/** ffmpeg is not installed or not runnable at the configured path. */
export class FfmpegUnavailableError extends AppError {
  constructor(message: string) {
    super('MEDIA_UNAVAILABLE', message);
  }
}

/** Quotes one argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line as a copy-pasteable string. */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

/** Describes an exit for logs and errors: `exit code 1`, `signal SIGKILL`, or the spawn error. */
export function describeExit(exit: ProcessExit): string {
  if (exit.error) return `could not start (${exit.error.message})`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
