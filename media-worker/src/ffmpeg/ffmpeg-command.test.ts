import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegError } from './ffmpeg-error';
import { runFfmpegCommand } from './ffmpeg-command';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'yz-cmd-'));
const ffmpegPids = () =>
  fs.readdirSync('/proc').filter((p) => {
    try {
      return /^\d+$/.test(p) && fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('yz-cmd-abort-marker');
    } catch {
      return false;
    }
  });

describe('runFfmpegCommand', () => {
  it('reports progress clamped to 0..100 and ends at 100', async () => {
    const out = path.join(tmp(), 'a.mp4');
    const seen: number[] = [];
    await runFfmpegCommand(
      (c) => c.input('testsrc2=size=160x90:rate=10:duration=3').inputFormat('lavfi').outputOptions('-c:v', 'libx264', '-preset', 'ultrafast').output(out),
      { durationSeconds: 3, onProgress: (p) => seen.push(p) },
    );
    expect(seen.at(-1)).toBe(100);
    expect(seen.every((p) => p >= 0 && p <= 100)).toBe(true);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });

  it('attaches the command line and the stderr tail to a failure', async () => {
    const err = await runFfmpegCommand((c) => c.input('/nonexistent/input.mp4').output(path.join(tmp(), 'x.mp4'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).commandLine).toContain('/nonexistent/input.mp4');
    expect((err as FfmpegError).stderrTail).toMatch(/No such file/);
  });

  it('kills ffmpeg when its signal aborts, and rejects with the reason', async () => {
    const controller = new AbortController();
    const out = path.join(tmp(), 'yz-cmd-abort-marker.mp4');
    const run = runFfmpegCommand(
      (c) => c.input('testsrc2=size=160x90:rate=10').inputFormat('lavfi').inputOptions('-re').outputOptions('-c:v', 'libx264', '-preset', 'ultrafast').output(out),
      { signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(ffmpegPids().length).toBe(1);
    controller.abort(new Error('cancelled by test'));
    await expect(run).rejects.toThrow('cancelled by test');
    await new Promise((r) => setTimeout(r, 100));
    expect(ffmpegPids()).toEqual([]);
  });
});
