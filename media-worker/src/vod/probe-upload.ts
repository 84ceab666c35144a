import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_UPLOAD_LIMITS, MediaRejectedError, type MediaFacts, type UploadLimits } from '@yunzhan/shared';
import { FfmpegUnavailableError } from '../ffmpeg/ffmpeg-error';
import { trackChildProcess } from '../ffmpeg/process-registry';
import { MAX_PROBE_OUTPUT_BYTES } from '../safe-parse/parse-limits';
import { probeReportTooLong } from '../safe-parse/probe-report';
import { parsePool } from '../safe-parse/upload-parse-pool';
import type { ProbeOutput } from './media-policy';
import { SNIFF_BYTES, sniffContainer } from './media-sniff';

/** The ffprobe used when none is configured: `FFPROBE_PATH`, else `ffprobe` from PATH. */
export function defaultFfprobePath(): string {
  return process.env.FFPROBE_PATH || 'ffprobe';
}

/** Options of `probeUpload`. */
export interface ProbeUploadOptions {
  /** ffprobe binary. Default `defaultFfprobePath()`. */
  ffprobePath?: string;
  /** Give up on ffprobe after this many ms (the file is then taken as corrupt). Default 30000. */
  timeoutMs?: number;
  /** Aborting kills ffprobe and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Packets read (and decoded) from the start to prove that the video decodes. */
const DECODE_CHECK_PACKETS = 200;

interface FfprobeRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** ffprobe wrote more than MAX_PROBE_OUTPUT_BYTES and was stopped. */
  tooLong: boolean;
}

function runFfprobe(file: string, options: ProbeUploadOptions): Promise<FfprobeRun> {
  const args = [
    '-hide_banner',
    '-v', 'error',
    // Decode the first packets: a file whose header parses but whose frames do not is corrupt.
    '-count_frames',
    '-read_intervals', `%+#${DECODE_CHECK_PACKETS}`,
    '-show_format',
    '-show_streams',
    '-of', 'json',
    // `file:` so that nothing in the path is read as another protocol.
    `file:${path.resolve(file)}`,
  ];
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.ffprobePath ?? defaultFfprobePath(),
      args,
      // Past maxBuffer ffprobe is killed: the report of a file is not allowed to be that long.
      { timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: MAX_PROBE_OUTPUT_BYTES, signal: options.signal },
      (err, stdout, stderr) => {
        if (options.signal?.aborted) return reject(options.signal.reason);
        const error = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
        if (error?.code === 'ENOENT' || error?.code === 'EACCES') {
          return reject(new FfmpegUnavailableError(`ffprobe could not be started (${error.code}); install ffmpeg or set FFPROBE_PATH`));
        }
        const tooLong = error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        resolve({ ok: !error, stdout, stderr, timedOut: error?.killed === true && !tooLong, tooLong });
      },
    );
    trackChildProcess(child);
  });
}

/** ffprobe's last error line, without the file's path (which must not reach the uploader). */
function reasonOf(stderr: string, file: string): string {
  const line = stderr.trim().split('\n').at(-1) ?? '';
  return line.split(path.resolve(file)).join('file').replace(/^file:file/, 'file').slice(0, 200);
}

async function readStart(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Checks an uploaded file with ffprobe before it is accepted. Resolves with the media facts, or
 * rejects with a MediaRejectedError whose code says why: MEDIA_TOO_LARGE (over
 * `limits.maxBytes`), NOT_MEDIA (no audio/video container at all, a still image, text),
 * MEDIA_CORRUPT (a video container that cannot be read, is cut off or does not decode),
 * MEDIA_NO_VIDEO (sound only), UNSUPPORTED_CODEC, MEDIA_TOO_LONG (over
 * `limits.maxDurationSeconds`), FILE_TOO_COMPLEX (a report over 2 MiB, or past the parse
 * thread's limits). Limits default to DEFAULT_UPLOAD_LIMITS (8 GiB, 4 h).
 */
export async function probeUpload(file: string, limits: Partial<UploadLimits> = {}, options: ProbeUploadOptions = {}): Promise<MediaFacts> {
  return (await probeUploadDetails(file, limits, options)).facts;
}

/** An accepted upload: its media facts and ffprobe's output they were judged from. */
export interface ProbedUpload {
  /** What probeUpload returns. */
  facts: MediaFacts;
  /** Every stream and the format as ffprobe reported them (profile, level, pixel format, start time...). */
  probe: ProbeOutput;
}

/** As `probeUpload`, also giving ffprobe's parsed output (the VOD transcode reads more of it than the facts hold). */
export async function probeUploadDetails(file: string, limits: Partial<UploadLimits> = {}, options: ProbeUploadOptions = {}): Promise<ProbedUpload> {
  const effective: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const { size } = await fs.stat(file);
  if (size > effective.maxBytes) {
    throw new MediaRejectedError('MEDIA_TOO_LARGE', `The file is larger than ${effective.maxBytes} bytes`, { sizeBytes: size, maxBytes: effective.maxBytes });
  }
  if (size === 0) throw new MediaRejectedError('NOT_MEDIA', 'The file is empty');
  const run = await runFfprobe(file, options);
  if (run.tooLong) throw probeReportTooLong();
  if (!run.ok) {
    const reason = run.timedOut ? 'ffprobe timed out' : reasonOf(run.stderr, file);
    const container = sniffContainer(await readStart(file));
    if (container) throw new MediaRejectedError('MEDIA_CORRUPT', `This ${container} file cannot be read`, { container, reason });
    throw new MediaRejectedError('NOT_MEDIA', 'This file is not a video', { reason });
  }
  // The report is parsed and judged on a parse thread: it repeats what the file says about itself.
  return parsePool().run('ffprobe-video', { text: run.stdout, sizeBytes: size, limits: effective }, 'FILE_TOO_COMPLEX');
}
