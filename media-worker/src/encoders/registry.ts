import fs from 'node:fs';
import ffmpeg from 'fluent-ffmpeg';
import type { Logger } from 'pino';
import { runFfmpegCommand } from '../ffmpeg/ffmpeg-command';
import { nvencEncoder } from './nvenc';
import type { VideoEncoder, VideoEncoderName } from './video-encoder';
import { x264Encoder } from './x264';

/** Every encoder by name. x264 is the default and the fallback. */
export const VIDEO_ENCODERS: Readonly<Record<VideoEncoderName, VideoEncoder>> = {
  x264: x264Encoder,
  h264_nvenc: nvencEncoder,
};

/** Which encoder to use: a name, or `auto` (NVENC when usable, else x264). */
export type VideoEncoderPreference = 'auto' | VideoEncoderName;

/** What is known about the machine when choosing. */
export interface EncoderFacts {
  /** Encoder names `ffmpeg -encoders` lists. */
  listed: ReadonlySet<string>;
  /** An NVIDIA device node exists. */
  gpuDevice: boolean;
  /** A short trial encode with NVENC worked (undefined: not tried). */
  nvencWorks?: boolean;
}

/** Pure choice: NVENC only when listed, a GPU exists and (when tried) it works; otherwise x264. */
export function chooseVideoEncoder(preference: VideoEncoderPreference, facts: EncoderFacts): VideoEncoderName {
  if (preference === 'x264') return 'x264';
  const nvencUsable = facts.listed.has('h264_nvenc') && facts.gpuDevice && facts.nvencWorks !== false;
  return nvencUsable ? 'h264_nvenc' : 'x264';
}

/** True when an NVIDIA GPU device node is present. */
export function hasNvidiaDevice(): boolean {
  return ['/dev/nvidia0', '/dev/nvidiactl'].some((p) => fs.existsSync(p));
}

/** Names of the encoders this ffmpeg lists (fluent-ffmpeg parses `ffmpeg -encoders`). */
export function listEncoders(ffmpegPath: string): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    ffmpeg()
      .setFfmpegPath(ffmpegPath)
      .getAvailableEncoders((err, encoders) => (err ? reject(err) : resolve(new Set(Object.keys(encoders)))));
  });
}

const chosen = new Map<string, Promise<VideoEncoder>>();

/**
 * Picks the encoder for this machine once per ffmpeg and preference: NVENC is tried (a 5-frame
 * encode) only when ffmpeg lists it and a GPU device exists; any doubt falls back to x264.
 */
export function selectVideoEncoder(preference: VideoEncoderPreference, ffmpegPath: string, logger?: Logger): Promise<VideoEncoder> {
  const key = `${preference}\0${ffmpegPath}`;
  let result = chosen.get(key);
  if (!result) {
    result = detect(preference, ffmpegPath, logger);
    chosen.set(key, result);
  }
  return result;
}

async function detect(preference: VideoEncoderPreference, ffmpegPath: string, logger?: Logger): Promise<VideoEncoder> {
  if (preference === 'x264') return x264Encoder;
  const listed = await listEncoders(ffmpegPath).catch(() => new Set<string>());
  const facts: EncoderFacts = { listed, gpuDevice: hasNvidiaDevice() };
  if (listed.has('h264_nvenc') && facts.gpuDevice) {
    facts.nvencWorks = await runFfmpegCommand(
      (c) =>
        c
          .input('color=c=black:s=256x144:r=30')
          .inputFormat('lavfi')
          .outputOptions(['-frames:v', '5', '-c:v', 'h264_nvenc'])
          .format('null')
          .output('-'),
      { ffmpegPath, timeoutSeconds: 20 },
    ).then(
      () => true,
      (err: unknown) => {
        logger?.warn({ err }, 'h264_nvenc is listed but does not work; using x264');
        return false;
      },
    );
  }
  const name = chooseVideoEncoder(preference, facts);
  logger?.info({ encoder: name }, 'video encoder selected');
  return VIDEO_ENCODERS[name];
}
