import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FfmpegUnavailableError } from './ffmpeg-error';

/** What /healthz reports about ffmpeg. */
export interface FfmpegInfo {
  /** Absolute path of the binary that ran. */
  path: string;
  /** Version string, e.g. `5.1.9-0+deb12u1`. */
  version: string;
}

/** The ffmpeg used when none is configured: `FFMPEG_PATH`, else `ffmpeg` from PATH. */
export function defaultFfmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

/** Resolves a command name through PATH (a name with a slash is taken as a path). */
export async function resolveExecutable(command: string): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const file of candidates) {
    try {
      await fs.access(file, fs.constants.X_OK);
      return file;
    } catch {
      // Try the next one.
    }
  }
  return undefined;
}

/** Parses the first line of `ffmpeg -version`. */
export function parseFfmpegVersion(output: string): string | undefined {
  return /ffmpeg version (\S+)/.exec(output)?.[1];
}

const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; info: Promise<FfmpegInfo> }>();

/**
 * Finds ffmpeg and its version (cached for 30 s; failures are not cached). Throws an
 * FfmpegUnavailableError (code MEDIA_UNAVAILABLE) with a clear message when it is missing.
 */
export function probeFfmpeg(ffmpegPath: string = defaultFfmpegPath()): Promise<FfmpegInfo> {
  const hit = cache.get(ffmpegPath);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.info;
  const info = probe(ffmpegPath);
  cache.set(ffmpegPath, { at: Date.now(), info });
  info.catch(() => cache.delete(ffmpegPath));
  return info;
}

async function probe(ffmpegPath: string): Promise<FfmpegInfo> {
  const resolved = await resolveExecutable(ffmpegPath);
  if (!resolved) {
    throw new FfmpegUnavailableError(`ffmpeg not found ("${ffmpegPath}" is not an executable file or in PATH); install ffmpeg or set FFMPEG_PATH`);
  }
  const output = await new Promise<string>((resolve, reject) => {
    execFile(resolved, ['-hide_banner', '-version'], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  }).catch((err: Error) => {
    throw new FfmpegUnavailableError(`ffmpeg at ${resolved} does not run: ${err.message}`);
  });
  const version = parseFfmpegVersion(output);
  if (!version) throw new FfmpegUnavailableError(`${resolved} did not print an ffmpeg version`);
  return { path: resolved, version };
}
