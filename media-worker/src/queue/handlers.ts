import type { Logger } from 'pino';
import type { BatchHandlers } from '@yunzhan/shared';
import { createAudioAacHandler } from '../audio/audio-aac-job';
import { renderImageRenditions } from '../images/image-renditions-job';
import { publishRecording } from '../recording/recording-publish';
import { createVodHlsHandler } from '../vod/vod-hls-job';

/** What the real batch handlers need from their host process. */
export interface BatchHandlerOptions {
  /** Default: JSON to stdout at `LOG_LEVEL` (info). */
  logger?: Logger;
  /** ffmpeg binary. Default `FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
}

/**
 * The handlers of every batch job type, for the in-process queue and for `npm run worker`. The
 * map is typed `{ [T in BatchJobType]: BatchHandler<T> }`, so a type without a handler does not
 * compile.
 */
export function createBatchHandlers(options: BatchHandlerOptions = {}): BatchHandlers {
  return {
    'vod-hls': createVodHlsHandler(options),
    'recording-publish': publishRecording,
    'image-renditions': renderImageRenditions,
    'audio-aac': createAudioAacHandler(options),
  };
}
