import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { delay } from '../util/delay';
import { FfmpegError, describeExit, formatCommandLine, type ProcessExit } from './ffmpeg-error';
import { trackChildProcess } from './process-registry';
import { StderrTail } from './stderr-tail';

// Long-running ffmpeg processes (the live ladder, the rehearsal source) are owned here with
// child_process rather than through fluent-ffmpeg, because their owner needs what fluent-ffmpeg
// hides or gets in the way of: the exact argv (built and tested as plain data, with several
// outputs and -filter_complex chains that fluent-ffmpeg reorders), stdin to send `q`, a staged
// SIGINT -> SIGTERM -> SIGKILL stop whose steps we choose (fluent's kill() is one signal), an exit
// we can tell apart from a crash, and the `setpriv --pdeathsig` launcher below. Short commands
// (probes, fixtures, files) go through the fluent-ffmpeg wrapper in ffmpeg-command.ts.

const SETPRIV = '/usr/bin/setpriv';
// prctl(PR_SET_PDEATHSIG) via util-linux: the kernel SIGKILLs ffmpeg when the thread that spawned
// it (Node's main thread, which lives as long as the process) dies, even by SIGKILL. setpriv execs
// ffmpeg, so the pid we hold is ffmpeg's own. MEDIA_WORKER_PDEATHSIG=off turns it off (tests use
// it to check the process registry on its own).
const PDEATHSIG_LAUNCHER =
  process.platform === 'linux' && process.env.MEDIA_WORKER_PDEATHSIG !== 'off' && isExecutable(SETPRIV) ? SETPRIV : undefined;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to start. */
export interface FfmpegProcessOptions {
  /** ffmpeg binary (a path, or a name looked up in PATH). */
  ffmpegPath: string;
  args: readonly string[];
  logger?: Logger;
  /** Lines of stderr kept for errors. Default 60. */
  stderrLines?: number;
  /** Called with each stderr line (ffmpeg's log). */
  onStderrLine?: (line: string) => void;
  /** Called with each stdout line; stdout is ignored without it (e.g. `-progress pipe:1` reports). */
  onStdoutLine?: (line: string) => void;
  /** Extra pipes ffmpeg writes to as `pipe:3`, `pipe:4`, ... (see `outputPipes`). Default 0. */
  outputPipes?: number;
  /** One more pipe ffmpeg reads from, after the output pipes: `pipe:${3 + outputPipes}` (see `inputPipe`). */
  inputPipe?: boolean;
}

/** How `close()` escalates. */
export interface CloseOptions {
  /** Wait after each step (`q`, SIGINT, SIGTERM) before the next, in ms. Default 3000. */
  stepMs?: number;
}

/** One ffmpeg process and its single owner: started once, closed once, never left behind. */
export class FfmpegProcess {
  /** The command line, shell-quoted. */
  readonly commandLine: string;
  /** Resolves (never rejects) when the process has exited and its stderr is drained. */
  readonly exited: Promise<ProcessExit>;
  /** The read ends of `pipe:3`, `pipe:4`, ... in order (empty without `outputPipes`). */
  readonly outputPipes: readonly Readable[];
  /** The write end of the input pipe (`inputPipe`), else undefined. */
  readonly inputPipe: Writable | undefined;
  private readonly child: ChildProcess;
  private readonly tail: StderrTail;
  private exit: ProcessExit | undefined;
  private closing: Promise<ProcessExit> | undefined;

  private constructor(private readonly options: FfmpegProcessOptions) {
    const { ffmpegPath, args, logger } = options;
    this.commandLine = formatCommandLine(ffmpegPath, args);
    this.tail = new StderrTail(options.stderrLines ?? 60, (line) => {
      logger?.trace({ line }, 'ffmpeg');
      options.onStderrLine?.(line);
    });
    const [command, argv] = PDEATHSIG_LAUNCHER
      ? [PDEATHSIG_LAUNCHER, ['--pdeathsig', 'SIGKILL', '--', ffmpegPath, ...args]]
      : [ffmpegPath, [...args]];
    const extraPipes = Array.from({ length: (options.outputPipes ?? 0) + (options.inputPipe ? 1 : 0) }, () => 'pipe' as const);
    this.child = spawn(command, argv, { stdio: ['pipe', options.onStdoutLine ? 'pipe' : 'ignore', 'pipe', ...extraPipes] });
    this.outputPipes = Array.from({ length: options.outputPipes ?? 0 }, (_, i) => this.child.stdio[3 + i] as Readable);
    this.inputPipe = options.inputPipe ? (this.child.stdio[3 + this.outputPipes.length] as Writable) : undefined;
    // Writing to an input pipe whose reader died must not become an uncaught EPIPE either.
    this.inputPipe?.on('error', () => undefined);
    trackChildProcess(this.child);
    // Writing `q` to a process that just died must not become an uncaught EPIPE.
    this.child.stdin?.on('error', () => undefined);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => this.tail.push(chunk));
    if (options.onStdoutLine) {
      // Only the line splitting of StderrTail is wanted here; it keeps no more than one line.
      const lines = new StderrTail(1, options.onStdoutLine);
      this.child.stdout?.setEncoding('utf8');
      this.child.stdout?.on('data', (chunk: string) => lines.push(chunk));
    }
    this.exited = new Promise<ProcessExit>((resolve) => {
      const settle = (exit: ProcessExit) => {
        if (this.exit) return;
        this.exit = exit;
        logger?.debug({ pid: this.child.pid, exit: describeExit(exit) }, 'ffmpeg exited');
        resolve(exit);
      };
      this.child.once('close', (code, signal) => settle({ code, signal }));
      // A spawn failure may come without 'close'.
      this.child.once('error', (error) => setImmediate(() => settle({ code: null, signal: null, error })));
    });
    logger?.debug({ pid: this.child.pid, command: this.commandLine }, 'ffmpeg started');
  }

  /** Starts ffmpeg. Failure to start shows up as an immediate `exited` with `error` set. */
  static start(options: FfmpegProcessOptions): FfmpegProcess {
    return new FfmpegProcess(options);
  }

  /** The process id while it may be running. */
  get pid(): number | undefined {
    return this.exit ? undefined : this.child.pid;
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines ffmpeg wrote to stderr. */
  stderrTail(): string {
    return this.tail.text();
  }

  /** An error carrying this process's command line, stderr tail and exit. */
  error(message: string): FfmpegError {
    return new FfmpegError(message, this.commandLine, this.stderrTail(), this.exit);
  }

  /**
   * Ends the process cleanly and waits for it: `q` on stdin (ffmpeg finishes its outputs), then
   * SIGINT, then SIGTERM (a second signal also breaks a blocking read), then SIGKILL. Idempotent;
   * callers that can end the input themselves (RTCP BYE) do so first.
   */
  close(options: CloseOptions = {}): Promise<ProcessExit> {
    this.closing ??= this.escalate(options.stepMs ?? 3000);
    return this.closing;
  }

  /** Kills the process at once (SIGKILL) and waits for it. Idempotent. */
  async kill(): Promise<ProcessExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  private async escalate(stepMs: number): Promise<ProcessExit> {
    if (this.exit) return this.exit;
    this.child.stdin?.write('q');
    const done = new AbortController();
    void this.exited.then(() => done.abort());
    const steps: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];
    for (const signal of steps) {
      await delay(stepMs, done.signal);
      if (this.exit) break;
      this.options.logger?.warn({ pid: this.child.pid, signal }, 'ffmpeg did not stop in time; signalling');
      this.signal(signal);
    }
    return this.exited;
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.exit) return;
    try {
      this.child.kill(signal);
    } catch {
      // Exited in between.
    }
  }
}

/** True when child processes get a parent-death signal (Linux with util-linux's setpriv). */
export const HAS_PDEATHSIG = PDEATHSIG_LAUNCHER !== undefined;
