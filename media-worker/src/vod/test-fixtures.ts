// Media that ffmpeg itself generates, for the tests that run the real ffprobe and ffmpeg (not
// part of the public API).
import fs from 'node:fs/promises';
import { runFfmpegCommand } from '../ffmpeg/ffmpeg-command';

/** What to generate. */
export interface ClipSpec {
  seconds: number;
  /** Default 640x360. */
  size?: string;
  /** Default 30. */
  fps?: number;
  /** A 440 Hz tone. Default true. */
  audio?: boolean;
  /** Video encoder options. Default H.264 (ultrafast). */
  videoCodec?: string[];
  /** Output options added last (e.g. `-movflags +faststart`). */
  extra?: string[];
}

/** Writes a test pattern clip (testsrc2 + tone) to `file`; the container follows the extension. */
export async function generateClip(file: string, spec: ClipSpec): Promise<string> {
  await runFfmpegCommand(
    (c) => {
      c.input(`testsrc2=size=${spec.size ?? '640x360'}:rate=${spec.fps ?? 30}`).inputFormat('lavfi');
      if (spec.audio !== false) c.input('sine=frequency=440:sample_rate=48000').inputFormat('lavfi');
      c.outputOptions(['-t', String(spec.seconds), ...(spec.videoCodec ?? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'])]);
      if (spec.audio !== false) c.outputOptions(['-c:a', 'aac', '-b:a', '64k']);
      c.outputOptions(spec.extra ?? []).output(file);
    },
    { timeoutSeconds: 60 },
  );
  return file;
}

/** Writes a tone only (AAC in MP4). */
export async function generateTone(file: string, seconds: number): Promise<string> {
  await runFfmpegCommand(
    (c) => c.input('sine=frequency=440:sample_rate=48000').inputFormat('lavfi').outputOptions(['-t', String(seconds), '-c:a', 'aac']).output(file),
    { timeoutSeconds: 60 },
  );
  return file;
}

/** Writes one still PNG frame. */
export async function generateImage(file: string): Promise<string> {
  await runFfmpegCommand((c) => c.input('testsrc2=size=320x180').inputFormat('lavfi').outputOptions(['-frames:v', '1']).output(file), { timeoutSeconds: 30 });
  return file;
}

/** Copies the first `fraction` of `source` to `file` (an upload cut off mid-way). */
export async function truncateCopy(source: string, file: string, fraction: number): Promise<string> {
  const bytes = await fs.readFile(source);
  await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return file;
}
