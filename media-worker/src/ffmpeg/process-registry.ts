import type { ChildProcess } from 'node:child_process';

// Every ffmpeg this process starts is listed here until it exits, so that none outlives us:
// - on 'exit' (normal end, process.exit, an uncaught exception) each is SIGKILLed synchronously;
// - on SIGINT/SIGTERM/SIGHUP with nobody else listening we kill them and re-raise the signal,
//   which is what Node would have done without our listener. When the application has its own
//   handler we leave the shutdown to it (it closes the job runner, which stops each job cleanly)
//   and the 'exit' hook catches anything left.
// Children are also started under `setpriv --pdeathsig SIGKILL` where available (see
// ffmpeg-process.ts), which covers the one case no hook can: this process being SIGKILLed.
const children = new Set<ChildProcess>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function killAllNow(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAllNow();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAllNow);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Lists a child until it exits; returns a function that unlists it early. */
export function trackChildProcess(child: ChildProcess): () => void {
  children.add(child);
  install();
  const untrack = () => {
    children.delete(child);
    // No signal listener of ours while nothing runs: Node's default signal behaviour is untouched.
    if (children.size === 0) uninstall();
  };
  child.once('exit', untrack);
  child.once('error', untrack);
  return untrack;
}

/** Pids of the tracked children that are still running (for health checks and tests). */
export function trackedPids(): number[] {
  return [...children].map((c) => c.pid).filter((p): p is number => p !== undefined);
}
