import fs from 'node:fs/promises';
import path from 'node:path';
import type { AudioResult, BatchHandler } from '@yunzhan/shared';
import { runFfmpegCommand } from '../ffmpeg/ffmpeg-command';
import { probeAudio } from './audio-probe';

/** File name of the transcoded audio inside the asset's media folder. */
export const AUDIO_FILE = 'audio.m4a';

/** Options of the `audio-aac` handler. */
export interface AudioAacOptions {
  /** ffmpeg binary. Default `FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
}

/**
 * `audio-aac`: the first audio stream → AAC-LC in MP4 (`audio.m4a`, moov first so it plays while
 * it downloads), written under a temporary name and renamed when complete.
 */
export function createAudioAacHandler(options: AudioAacOptions = {}): BatchHandler<'audio-aac'> {
  return async (payload, ctx) => {
    const facts = await probeAudio(payload.sourcePath);
    await fs.mkdir(payload.outputDir, { recursive: true });
    const target = path.join(payload.outputDir, AUDIO_FILE);
    const tmp = path.join(payload.outputDir, `.${AUDIO_FILE}.tmp.m4a`);
    await runFfmpegCommand(
      (c) =>
        c
          .input(`file:${path.resolve(payload.sourcePath)}`)
          .outputOptions(['-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', `${payload.bitrateKbps}k`, '-movflags', '+faststart'])
          .output(tmp),
      { ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}), durationSeconds: facts.durationSeconds, onProgress: (p) => ctx.progress(p), signal: ctx.signal },
    );
    await fs.rename(tmp, target);
    const result: AudioResult = { file: AUDIO_FILE, codec: 'aac', durationSeconds: facts.durationSeconds };
    return result;
  };
}
