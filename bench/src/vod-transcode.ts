import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LADDER, type BatchJobRecord } from '@yunzhan/shared';
import { createBatchHandlers, createDbJobQueue, createVodHlsHandler, defaultFfmpegPath, type DbJobQueueOptions, type VodHlsJobResult } from '@yunzhan/media-worker';
import { openDatabase } from '../../server/src/db/database';
import { findProcesses } from './proc';

/** The generated source clip. */
export interface VodClip {
  path: string;
  seconds: number;
  width: number;
  height: number;
  fps: number;
}

/** VOD transcode wall times: our queue + `vod-hls` handler against bare ffmpeg with its arguments. */
export interface VodTranscodeResult {
  clip: Omit<VodClip, 'path'>;
  /** Wall seconds of each queued run, enqueue to `completed`, in run order. */
  queued: number[];
  /** Wall seconds of each bare ffmpeg run, spawn to exit, in run order. */
  bare: number[];
  queuedMedian: number;
  bareMedian: number;
  /** queuedMedian / bareMedian (the issue's goal: <= 1.05). */
  ratio: number;
  /** Renditions the handler produced, each with what made its video: `720p (passthrough)`. */
  renditions: string[];
  /** Number of ffmpeg arguments both ran with. */
  argCount: number;
  /** The same clip through the `vod-hls` handler itself, passthrough switched off (every rung encoded), then on. */
  passthrough: PassthroughComparison;
}

/** Wall times of handler runs with passthrough off and on (the default), alternating. */
export interface PassthroughComparison {
  /** Seconds of each run with `passthrough: false` (the top rung encoded too), in run order. */
  transcode: number[];
  /** Seconds of each run with passthrough on, in run order. */
  passthrough: number[];
  /** Median of `transcode`. */
  transcodeSeconds: number;
  /** Median of `passthrough`. */
  passthroughSeconds: number;
  /** passthroughSeconds / transcodeSeconds. */
  ratio: number;
  /** Renditions of the passthrough run with their encoders. */
  renditions: string[];
}

let clip: Promise<VodClip> | undefined;

/**
 * Generates (once per process; later calls get the same file) an H.264 + AAC MP4 of testsrc2 and
 * a sine tone with ffmpeg itself, in a temporary folder removed when the process exits.
 */
export function generateClip(seconds = 60, width = 1280, height = 720, fps = 30): Promise<VodClip> {
  clip ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-vod-clip-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, `clip-${width}x${height}-${seconds}s.mp4`);
    await runFfmpeg([
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(fps * 2),
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-movflags', '+faststart',
      file,
    ]);
    return { path: file, seconds, width, height, fps };
  })();
  return clip;
}

/** Runs ffmpeg to completion (stdout discarded, stderr's tail kept for the error); resolves with wall seconds. */
function runFfmpeg(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(defaultFfmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`ffmpeg failed (${signal ?? `exit ${code}`}): ${stderr}`));
    });
  });
}

/** The argument list (argv without argv[0]) of a running process. */
function argsOf(pid: number): string[] | null {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    argv.pop(); // cmdline ends with a NUL
    return argv.slice(1);
  } catch {
    return null;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Times a VOD transcode of a generated clip two ways, alternating (a b a b): (a) the real
 * `vod-hls` handler run through the server's in-process job queue (on SQLite), enqueue to
 * `completed` (probe, encoder choice, queue and publish count), and (b) bare ffmpeg spawned
 * directly with exactly the argument list (a) ran, read from the handler's ffmpeg's
 * /proc/<pid>/cmdline, output folders moved to another temporary folder. The ratio of the medians is our overhead over ffmpeg. Then the
 * handler alone, passthrough off and on, alternating (c d c d, `comparePassthrough`): the clip
 * (720p30 High 3.1, 2 s GOPs, about 2.7 Mbit/s) already is the 720p rung, so with passthrough on
 * it is copied (and so it is in the a b runs above).
 */
export async function measureVodTranscode(log: (s: string) => void, runs = 2, clipSeconds = 60): Promise<VodTranscodeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-vod-bench-'));
  // The queue and the handler log JSON at LOG_LEVEL (info by default); keep the bench's table readable.
  process.env.LOG_LEVEL ??= 'warn';
  // The server's in-process queue on a migrated SQLite database of its own, as a server without DATABASE_URL runs it.
  const database = await openDatabase({ sqliteFile: path.join(dir, 'db.sqlite') });
  const queue = createDbJobQueue({ db: database.db as unknown as DbJobQueueOptions['db'], engine: database.engine, handlers: createBatchHandlers() });
  try {
    log('  generating the source clip with ffmpeg...');
    const source = await generateClip(clipSeconds);
    const queued: number[] = [];
    const bare: number[] = [];
    let captured: string[] | undefined;
    let renditions: string[] = [];

    for (let i = 1; i <= runs; i++) {
      // (a) Through the queue: enqueue → completed. The handler's ffmpeg's argv is read while it runs.
      const outputDir = path.join(dir, `queued-${i}`);
      const stagingPrefix = path.join(dir, `.queued-${i}.partial-`);
      let args: string[] | undefined;
      const watcher = setInterval(() => {
        if (args) return;
        const [pid] = findProcesses(stagingPrefix, '-filter_complex');
        const found = pid === undefined ? null : argsOf(pid);
        if (found && found.length > 0) args = found;
      }, 100);
      const started = performance.now();
      const record = await new Promise<BatchJobRecord>((resolve, reject) => {
        let id: string | undefined;
        const settle = (job: BatchJobRecord) => {
          if (job.id !== id) return;
          if (job.state === 'completed') resolve(job);
          else if (job.state === 'failed' || job.state === 'cancelled') reject(new Error(`vod-hls ${job.state}: ${JSON.stringify(job)}`));
        };
        const off = queue.onUpdate((job) => {
          settle(job);
          if (job.id === id && job.state !== 'queued' && job.state !== 'active') off();
        });
        queue
          .enqueue({ type: 'vod-hls', payload: { assetId: `bench-${i}`, sourcePath: source.path, outputDir, renditions: [...DEFAULT_LADDER], segmentSeconds: 2 } }, { maxAttempts: 1 })
          .then((job) => {
            id = job.id;
            settle(job);
          })
          .catch(reject);
      });
      const queuedSeconds = (performance.now() - started) / 1000;
      clearInterval(watcher);
      queued.push(queuedSeconds);
      const result = record.result as { renditions?: { name: string; encoder?: string }[] } | undefined;
      renditions = result?.renditions?.map((r) => (r.encoder ? `${r.name} (${r.encoder})` : r.name)) ?? [];
      if (!args) throw new Error('could not read the handler ffmpeg arguments from /proc');
      captured = args;
      log(`  run ${i}a: queue + vod-hls handler  ${queuedSeconds.toFixed(2)} s`);

      // (b) Bare ffmpeg, the same arguments, every output path moved under a fresh folder.
      const staging = path.dirname(args.at(-1)!);
      const bareDir = path.join(dir, `bare-${i}`);
      const bareArgs = args.map((a) => (a.startsWith(staging) ? bareDir + a.slice(staging.length) : a));
      // As the handler does before it starts ffmpeg: one folder per rendition.
      bareArgs.forEach((a, k) => {
        if (bareArgs[k - 1] === '-hls_segment_filename') fs.mkdirSync(path.dirname(a), { recursive: true });
      });
      fs.mkdirSync(bareDir, { recursive: true });
      const bareSeconds = await runFfmpeg(bareArgs);
      bare.push(bareSeconds);
      if (!fs.existsSync(path.join(bareDir, 'poster.jpg'))) throw new Error('bare ffmpeg wrote no poster');
      log(`  run ${i}b: bare ffmpeg, same args   ${bareSeconds.toFixed(2)} s`);
      // Output of both is thrown away between runs so that the disk holds only one run's.
      fs.rmSync(outputDir, { recursive: true, force: true });
      fs.rmSync(bareDir, { recursive: true, force: true });
    }
    const passthrough = await comparePassthrough(source.path, dir, log, runs);
    const queuedMedian = median(queued);
    const bareMedian = median(bare);
    const { path: _clipPath, ...clipFacts } = source;
    return { clip: clipFacts, queued, bare, queuedMedian, bareMedian, ratio: queuedMedian / bareMedian, renditions, argCount: captured?.length ?? 0, passthrough };
  } finally {
    await queue.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the `vod-hls` handler directly (no queue) on the clip, alternating `runs` times:
 * passthrough switched off, so every rung is encoded, then on, so a clip that already is the top
 * rung is copied into it. Only the difference between the two is the point; the queue's cost is
 * measured above.
 */
async function comparePassthrough(sourcePath: string, dir: string, log: (s: string) => void, runs: number): Promise<PassthroughComparison> {
  const run = async (passthrough: boolean, i: number) => {
    const outputDir = path.join(dir, `direct-${passthrough ? 'passthrough' : 'transcode'}-${i}`);
    const ctx = { signal: new AbortController().signal, progress: () => {}, attempt: 1 };
    const started = performance.now();
    const result = (await createVodHlsHandler({ passthrough })(
      { assetId: path.basename(outputDir), sourcePath, outputDir, renditions: [...DEFAULT_LADDER], segmentSeconds: 2 },
      ctx,
    )) as VodHlsJobResult;
    const seconds = (performance.now() - started) / 1000;
    fs.rmSync(outputDir, { recursive: true, force: true });
    const renditions = result.renditions.map((r) => `${r.name} (${r.encoder})`);
    log(`  run ${i}${passthrough ? 'd' : 'c'}: vod-hls handler, passthrough ${passthrough ? 'on ' : 'off'}  ${seconds.toFixed(2)} s  ${renditions.join(' / ')}`);
    return { seconds, renditions };
  };
  const off: number[] = [];
  const on: number[] = [];
  let renditions: string[] = [];
  for (let i = 1; i <= runs; i++) {
    off.push((await run(false, i)).seconds);
    const copied = await run(true, i);
    on.push(copied.seconds);
    renditions = copied.renditions;
  }
  const transcodeSeconds = median(off);
  const passthroughSeconds = median(on);
  return { transcode: off, passthrough: on, transcodeSeconds, passthroughSeconds, ratio: passthroughSeconds / transcodeSeconds, renditions };
}
