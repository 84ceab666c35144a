import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_UPLOAD_LIMITS, MediaRejectedError, type UploadLimits } from '@yunzhan/shared';
import { FfmpegUnavailableError } from '../ffmpeg/ffmpeg-error';
import { trackChildProcess } from '../ffmpeg/process-registry';
import { MAX_PROBE_OUTPUT_BYTES } from '../safe-parse/parse-limits';
import { probeReportTooLong } from '../safe-parse/probe-report';
import { parsePool } from '../safe-parse/upload-parse-pool';
import { ACCEPTED_AUDIO_CODECS, readProbeOutput } from '../vod/media-policy';
import { defaultFfprobePath } from '../vod/probe-upload';

/** What the audio check learnt about an accepted audio file. */
export interface AudioFacts {
  /** ffprobe's format name, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `mp3`. */
  container: string;
  codec: string;
  channels: number;
  durationSeconds: number;
  sizeBytes: number;
  /**
   * The file plays in every browser as it is (AAC in MP4, or MP3): it is kept, not transcoded.
   * The value is the extension it is served with.
   */
  playableAs: 'm4a' | 'mp3' | null;
}

const audioAccepted = (codec: string) => ACCEPTED_AUDIO_CODECS.has(codec) || codec.startsWith('pcm_');

/**
 * Judges an audio upload from ffprobe's JSON output: audio streams only (a cover picture is
 * allowed, a moving picture is not), a codec we can decode, a known duration within the limit.
 * Throws NOT_MEDIA, UNSUPPORTED_CODEC, MEDIA_CORRUPT or MEDIA_TOO_LONG. Pure: tested as data.
 */
export function judgeAudioProbe(raw: unknown, sizeBytes: number, limits: UploadLimits): AudioFacts {
  const parsed = readProbeOutput(raw);
  if (!parsed) throw new MediaRejectedError('NOT_MEDIA', 'ffprobe found nothing it could read in this file');
  const container = parsed.format.format_name ?? '';
  const tokens = container.split(',').filter(Boolean);
  if (tokens.length === 0 || tokens.some((t) => t === 'tty' || t === 'image2' || t.endsWith('_pipe'))) {
    throw new MediaRejectedError('NOT_MEDIA', 'This file is not audio', { container: container || null });
  }
  const videos = parsed.streams.filter((s) => s.codec_type === 'video' && !s.attachedPic);
  if (videos.length > 0) throw new MediaRejectedError('NOT_MEDIA', 'This file has moving pictures: upload it as a video', { container });
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  if (!audio) throw new MediaRejectedError('NOT_MEDIA', 'This file has no audio stream', { container });
  const codec = audio.codec_name ?? 'unknown';
  if (!audioAccepted(codec)) throw new MediaRejectedError('UNSUPPORTED_CODEC', `The audio codec ${codec} is not supported`, { codec });
  const durationSeconds = parsed.format.duration ?? audio.duration;
  if (durationSeconds === undefined || !(durationSeconds > 0)) throw new MediaRejectedError('MEDIA_CORRUPT', 'The length of this audio cannot be read');
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new MediaRejectedError('MEDIA_TOO_LONG', `The audio is longer than ${limits.maxDurationSeconds} s`, { durationSeconds, maxDurationSeconds: limits.maxDurationSeconds });
  }
  if (audio.nb_read_frames === 0) throw new MediaRejectedError('MEDIA_CORRUPT', 'No frame of this audio can be decoded');
  const onlyAudio = parsed.streams.every((s) => s.codec_type === 'audio');
  const playableAs = onlyAudio && codec === 'aac' && tokens.includes('mp4') ? 'm4a' : onlyAudio && codec === 'mp3' && tokens.includes('mp3') ? 'mp3' : null;
  return { container, codec, channels: audio.channels ?? 0, durationSeconds, sizeBytes, playableAs };
}

/**
 * Checks an uploaded audio file (audio guides, audio works) with ffprobe, decoding the first
 * packets. Resolves with the facts or rejects with a MediaRejectedError (see judgeAudioProbe;
 * MEDIA_TOO_LARGE over `limits.maxBytes`; FILE_TOO_COMPLEX for a report over 2 MiB or past the
 * parse thread's limits).
 */
export async function probeAudio(file: string, limits: Partial<UploadLimits> = {}, ffprobePath = defaultFfprobePath()): Promise<AudioFacts> {
  const effective: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const { size } = await fs.stat(file);
  if (size > effective.maxBytes) throw new MediaRejectedError('MEDIA_TOO_LARGE', `The file is larger than ${effective.maxBytes} bytes`, { sizeBytes: size, maxBytes: effective.maxBytes });
  if (size === 0) throw new MediaRejectedError('NOT_MEDIA', 'The file is empty');
  const args = ['-hide_banner', '-v', 'error', '-count_frames', '-read_intervals', '%+#200', '-show_format', '-show_streams', '-of', 'json', `file:${path.resolve(file)}`];
  const stdout = await new Promise<string | null>((resolve, reject) => {
    const child = execFile(ffprobePath, args, { timeout: 30_000, killSignal: 'SIGKILL', maxBuffer: MAX_PROBE_OUTPUT_BYTES }, (err, out) => {
      const error = err as NodeJS.ErrnoException | null;
      if (error?.code === 'ENOENT' || error?.code === 'EACCES') {
        reject(new FfmpegUnavailableError(`ffprobe could not be started (${error.code}); install ffmpeg or set FFPROBE_PATH`));
        return;
      }
      if (error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(probeReportTooLong());
      resolve(error ? null : out);
    });
    trackChildProcess(child);
  });
  if (stdout === null) throw new MediaRejectedError('NOT_MEDIA', 'This file is not audio that can be read');
  // Parsed and judged on a parse thread: the report repeats what the file says about itself.
  return parsePool().run('ffprobe-audio', { text: stdout, sizeBytes: size, limits: effective }, 'FILE_TOO_COMPLEX');
}
