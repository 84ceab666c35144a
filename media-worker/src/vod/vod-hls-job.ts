import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { BatchHandler, BatchJobContext, UploadLimits, VodHlsPayload, VodHlsResult, VodRendition } from '@yunzhan/shared';
import { selectVideoEncoder, type VideoEncoderPreference } from '../encoders/registry';
import type { RenditionEncoderName } from '../encoders/video-encoder';
import { describeExit } from '../ffmpeg/ffmpeg-error';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process';
import { defaultFfmpegPath } from '../ffmpeg/probe';
import { writeFileAtomic } from '../util/atomic-write';
import { probeUploadDetails } from './probe-upload';
import { planThumbnails, renderThumbnailsVtt } from './thumbnails';
import { POSTER_FILE, buildVodArgs, planRenditions, progressFrame, vodFps, vodRenditionEncoders, type VodArgsInput } from './vod-ladder-args';
import {
  MASTER_PLAYLIST,
  listSprites,
  publishOutput,
  readWrittenRendition,
  removeStaleStaging,
  stagingDirOf,
  writeMasterPlaylist,
} from './vod-output';
import { planVodPassthrough, type VodPassthroughDecision } from './vod-passthrough';

/** File name of the thumbnail track in the output folder. */
export const THUMBNAILS_VTT = 'thumbnails.vtt';

/** Share of the progress bar the transcode takes; the rest is checking and publishing. */
const TRANSCODE_SHARE = 97;

/** Options of the `vod-hls` handler. */
export interface VodHlsOptions {
  /** ffmpeg binary. Default `FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /** ffprobe binary. Default `FFPROBE_PATH` or `ffprobe` from PATH. */
  ffprobePath?: string;
  /** H.264 encoder: `auto` (NVENC when usable, else x264), `x264` or `h264_nvenc`. Default `auto`. */
  videoEncoder?: VideoEncoderPreference;
  /** Limits the source is checked against again before the transcode. Default DEFAULT_UPLOAD_LIMITS. */
  limits?: Partial<UploadLimits>;
  /** Copy the source's video as the top rendition when it fits (see encoders/passthrough.ts). Default true. */
  passthrough?: boolean;
  logger?: Logger;
}

/** A rendition of the result, with what made its video. */
export type VodHlsJobRendition = VodRendition & {
  /** `passthrough`: the source's own H.264 stream, copied; otherwise the encoder that made it. */
  encoder: RenditionEncoderName;
};

/** What the handler returns: a VodHlsResult whose renditions also say their encoder (a field the shared schema strips). */
export type VodHlsJobResult = Omit<VodHlsResult, 'renditions'> & { renditions: VodHlsJobRendition[] };

/** Runs ffmpeg until it exits; the signal kills it (SIGKILL) and rejects with the signal's reason. */
async function runTranscode(ffmpegPath: string, args: string[], onFrame: (frame: number) => void, ctx: BatchJobContext, logger?: Logger): Promise<void> {
  const proc = FfmpegProcess.start({
    ffmpegPath,
    args,
    ...(logger ? { logger } : {}),
    onStdoutLine: (line) => {
      const frame = progressFrame(line);
      if (frame !== undefined) onFrame(frame);
    },
  });
  const onAbort = () => void proc.kill();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  // Aborted while the run was being prepared: the listener came too late to hear it.
  if (ctx.signal.aborted) onAbort();
  try {
    const exit = await proc.exited;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (exit.error || exit.code !== 0) throw proc.error(`VOD transcode failed (${describeExit(exit)})`);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The `vod-hls` batch handler: probes the source again, then one ffmpeg run writes the fMP4 HLS
 * ladder (the live ladder's renditions, those taller than the source skipped, VOD playlists with
 * ENDLIST), the thumbnail sprite sheets and the poster into a hidden staging folder; the master
 * playlist and `thumbnails.vtt` follow, and the folder is published as `payload.outputDir` in one
 * rename. When the source's H.264 already fits the top rendition it is copied, not encoded, and
 * the other renditions get key frames at its key frames (see vod-passthrough.ts); each
 * rendition of the result says its `encoder`. Progress follows ffmpeg's frame count (clamped
 * 0..100). Aborting `ctx.signal` kills ffmpeg, removes the partial output and rejects with the
 * signal's reason.
 */
export function createVodHlsHandler(options: VodHlsOptions = {}): BatchHandler<'vod-hls'> {
  const ffmpegPath = options.ffmpegPath ?? defaultFfmpegPath();
  const ffprobeOptions = options.ffprobePath ? { ffprobePath: options.ffprobePath } : {};
  return async (payload: VodHlsPayload, ctx: BatchJobContext): Promise<VodHlsJobResult> => {
    ctx.signal.throwIfAborted();
    const log = options.logger?.child({ assetId: payload.assetId, attempt: ctx.attempt });
    const probed = await probeUploadDetails(payload.sourcePath, options.limits, { ...ffprobeOptions, signal: ctx.signal });
    const { facts } = probed;
    const encoder = await selectVideoEncoder(options.videoEncoder ?? 'auto', ffmpegPath, options.logger);
    const renditions = planRenditions(payload.renditions, facts.video.width, facts.video.height);
    const fps = vodFps(facts.video.fps);
    const thumbnails = planThumbnails(facts.durationSeconds, facts.video.width, facts.video.height);
    const decision: VodPassthroughDecision =
      options.passthrough === false
        ? { reasons: ['passthrough is switched off'] }
        : await planVodPassthrough(payload.sourcePath, probed, renditions[0]!, fps, payload.segmentSeconds, { ...ffprobeOptions, signal: ctx.signal });

    await fs.mkdir(path.dirname(payload.outputDir), { recursive: true });
    await removeStaleStaging(payload.outputDir);
    const staging = stagingDirOf(payload.outputDir, randomBytes(4).toString('hex'));
    try {
      for (const r of renditions) await fs.mkdir(path.join(staging, r.rendition.name), { recursive: true });
      const input: VodArgsInput = {
        sourcePath: path.resolve(payload.sourcePath),
        facts,
        outputDir: staging,
        renditions,
        segmentSeconds: payload.segmentSeconds,
        fps,
        encoder,
        thumbnails,
        ...(decision.passthrough ? { passthrough: decision.passthrough } : {}),
      };
      const args = buildVodArgs(input);
      const encoders = vodRenditionEncoders(input);
      const totalFrames = Math.max(1, fps * facts.durationSeconds);
      ctx.progress(0);
      log?.info(
        {
          renditions: renditions.map((r, i) => `${r.rendition.name}:${r.width}x${r.height}:${encoders[i]}`),
          fps,
          encoder: encoder.name,
          ...(decision.reasons.length > 0 ? { passthroughRefused: decision.reasons } : {}),
        },
        'VOD transcode starting',
      );
      await runTranscode(ffmpegPath, args, (frame) => ctx.progress(Math.min(TRANSCODE_SHARE, (frame / totalFrames) * TRANSCODE_SHARE)), ctx, log);

      const written = [];
      for (const [i, r] of renditions.entries()) {
        const fallbackCodec = encoders[i] === 'passthrough' ? decision.passthrough?.codec : undefined;
        written.push(await readWrittenRendition(staging, r, fallbackCodec));
      }
      const durationSeconds = written[0]!.durationSeconds;
      await fs.access(path.join(staging, POSTER_FILE)).catch(() => {
        throw new Error('The transcode wrote no poster');
      });
      const sprites = await listSprites(staging);
      await writeFileAtomic(path.join(staging, THUMBNAILS_VTT), renderThumbnailsVtt(thumbnails, durationSeconds, sprites.length));
      await writeMasterPlaylist(
        staging,
        written.map((w) => w.rendition),
        fps,
      );
      ctx.signal.throwIfAborted();
      await publishOutput(staging, payload.outputDir);
      ctx.progress(100);
      log?.info({ durationSeconds }, 'VOD ladder published');
      return {
        master: MASTER_PLAYLIST,
        poster: POSTER_FILE,
        thumbnails: THUMBNAILS_VTT,
        sprites,
        durationSeconds,
        renditions: written.map((w, i) => ({ ...w.rendition, encoder: encoders[i]! })),
      };
    } finally {
      // Gone after a publish (renamed); what a failure or an abort left is removed here.
      await fs.rm(staging, { recursive: true, force: true });
    }
  };
}
