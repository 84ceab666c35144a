import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (children run there). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** When a process started, in seconds since boot (as /proc/uptime counts), or null when it is gone. */
export function startedAtSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Seconds since boot. */
export const uptimeSeconds = (): number => Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);

/** CPU seconds (user + system) a process has used so far, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Pids whose command line contains every needle. */
export function findProcesses(...needles: string[]): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (needles.every((n) => cmd.includes(n))) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Measures the CPU a set of processes uses over a window, in percent of one core. */
export class CpuMeter {
  private readonly start = new Map<number, number>();
  private startedAt = 0;

  constructor(private readonly pids: () => number[]) {}

  begin(): void {
    this.startedAt = performance.now();
    for (const pid of this.pids()) {
      const s = cpuSeconds(pid);
      if (s !== null) this.start.set(pid, s);
    }
  }

  /** Percent of one core used since begin(), summed over the processes present at both ends. */
  end(): number {
    const wall = (performance.now() - this.startedAt) / 1000;
    let used = 0;
    for (const [pid, s0] of this.start) {
      const s1 = cpuSeconds(pid);
      if (s1 !== null) used += s1 - s0;
    }
    return (used / wall) * 100;
  }
}

/** The p-th percentile (0..100) of values, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Stops a child process: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(force);
}

/** Runs a TypeScript file in a child Node (tsx) at the repository root: stdout piped, or inherited with an IPC channel. */
export function spawnTs(script: string, env: NodeJS.ProcessEnv, ipc: boolean): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
}

/** The `{"port":N}` line a bare server prints on stdout once it listens. */
export function listeningPort(child: ChildProcess, what: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}
