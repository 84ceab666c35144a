import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegProcess, HAS_PDEATHSIG } from './ffmpeg-process';
import { trackedPids } from './process-registry';

// A cheap ffmpeg that runs until told otherwise: silent audio, in real time, to nowhere.
const IDLE_ARGS = ['-hide_banner', '-nostats', '-re', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-f', 'null', '-'];

const alive = (pid: number) => {
  try {
    // A zombie is as good as gone.
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const waitUntil = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
};

describe('FfmpegProcess', () => {
  it('close() ends ffmpeg with q, waits for the exit, and is idempotent', async () => {
    const proc = FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args: IDLE_ARGS });
    const pid = proc.pid!;
    expect(trackedPids()).toContain(pid);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([proc.close(), proc.close()]);
    expect(a).toEqual({ code: 0, signal: null });
    expect(b).toBe(a);
    expect(proc.running).toBe(false);
    expect(proc.pid).toBeUndefined();
    expect(alive(pid)).toBe(false);
    expect(trackedPids()).not.toContain(pid);
  });

  it('close() escalates to signals when ffmpeg does not react to q', async () => {
    // Waiting for a UDP input that never comes: ffmpeg is stuck in a read and never sees `q`.
    const proc = FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args: ['-hide_banner', '-f', 'mpegts', '-i', 'udp://127.0.0.1:9?timeout=60000000', '-f', 'null', '-'] });
    const pid = proc.pid!;
    const exit = await proc.close({ stepMs: 300 });
    expect(exit.code !== 0 || exit.signal !== null).toBe(true);
    expect(alive(pid)).toBe(false);
  });

  it('kill() ends it at once; errors carry the command line and stderr tail', async () => {
    const proc = FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args: IDLE_ARGS });
    // Killed once it has described its output (not after a fixed sleep: on a loaded machine
    // ffmpeg may not have written a line 300 ms after the spawn, and the tail would be empty).
    expect(await waitUntil(() => /Output #0/.test(proc.stderrTail()), 15_000)).toBe(true);
    expect(await proc.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    const err = proc.error('it died');
    expect(err.message).toContain('it died');
    expect(err.commandLine).toBe(`ffmpeg ${IDLE_ARGS.join(' ')}`);
    expect(err.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(err.stderrTail).toMatch(/anullsrc|Output #0/);
  });

  it('reports a binary that does not exist as an exit, not a throw', async () => {
    const proc = FfmpegProcess.start({ ffmpegPath: '/nonexistent/ffmpeg', args: ['-version'] });
    const exit = await proc.exited;
    expect(exit.error !== undefined || (exit.code !== null && exit.code !== 0)).toBe(true);
    expect(proc.error('missing').commandLine).toBe('/nonexistent/ffmpeg -version');
  });
});

describe('no orphaned ffmpeg', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-orphan-'));
  const module = fileURLToPath(new URL('./ffmpeg-process.ts', import.meta.url));
  const script = path.join(dir, 'owner.ts');
  fs.writeFileSync(
    script,
    `import { FfmpegProcess } from ${JSON.stringify(module)};\n` +
      `const p = FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args: ${JSON.stringify(IDLE_ARGS)} });\n` +
      `console.log(p.pid);\nsetInterval(() => {}, 1000);\n`,
  );
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Starts a Node process that owns one ffmpeg; resolves with both pids.
  const startOwner = (env: Record<string, string> = {}) =>
    new Promise<{ owner: number; ffmpeg: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      child.once('error', reject);
      child.stdout.once('data', (d: Buffer) => resolve({ owner: child.pid!, ffmpeg: Number(String(d).trim()) }));
    });

  it('kills its ffmpeg when the owning process gets SIGTERM (process registry, no parent-death signal)', async () => {
    const { owner, ffmpeg } = await startOwner({ MEDIA_WORKER_PDEATHSIG: 'off' });
    expect(alive(ffmpeg)).toBe(true);
    process.kill(owner, 'SIGTERM');
    expect(await waitUntil(() => !alive(owner) && !alive(ffmpeg), 5000)).toBe(true);
  }, 20_000);

  it.runIf(HAS_PDEATHSIG)('kills its ffmpeg even when the owning process is SIGKILLed (parent-death signal)', async () => {
    const { owner, ffmpeg } = await startOwner();
    expect(alive(ffmpeg)).toBe(true);
    process.kill(owner, 'SIGKILL');
    expect(await waitUntil(() => !alive(ffmpeg), 5000)).toBe(true);
  }, 20_000);
});
