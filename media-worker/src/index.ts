// Public API of @yunzhan/media-worker: the job runner the server dispatches through, the ffmpeg
// probe for /healthz, the rehearsal source's RTP parameters, and the encoder registry.

export { createJobRunner, type JobRunnerOptions, type LocalJobRunner } from './jobs/job-runner';
// Live ladders on media worker hosts (LIVE_WORKERS=remote): the server's runner, the worker's side,
// and the HLS origin both a worker and a LIVE_WORKERS=local server serve `/hls/` with.
export { createRemoteLiveRunner, type AdoptedLive, type RemoteLiveRunner, type RemoteLiveRunnerOptions } from './live-remote/remote-live-runner';
export { LIVE_OWNER_TTL_MS, liveOwnership, type LiveOwnership, type LiveOwnershipOptions } from './live-remote/live-ownership';
export { startLiveWorker, type LiveWorker, type LiveWorkerOptions } from './live-remote/live-worker';
export { hlsOriginRoutes, originErrorHandler, startHlsOrigin, type HlsOrigin, type HlsOriginOptions } from './origin/hls-origin';
export { STREAM_ID, hlsMasterExists, sendFileDone } from './origin/hls-files';
export { mediaRoutes } from './origin/media-files';
export { probeFfmpeg, defaultFfmpegPath, type FfmpegInfo } from './ffmpeg/probe';
export { FfmpegError, FfmpegUnavailableError, type ProcessExit } from './ffmpeg/ffmpeg-error';
export { runFfmpegCommand, type FfmpegCommandOptions } from './ffmpeg/ffmpeg-command';
export { FfmpegProcess, HAS_PDEATHSIG, type FfmpegProcessOptions, type CloseOptions } from './ffmpeg/ffmpeg-process';
export {
  REHEARSAL_RTP,
  REHEARSAL_CNAME,
  REHEARSAL_H264_PROFILE_LEVEL_ID,
  rehearsalRtpParameters,
  type ProducerRtpParameters,
  type RehearsalRtpStream,
} from './rehearsal/rehearsal-rtp';
export { VIDEO_ENCODERS, chooseVideoEncoder, selectVideoEncoder, type EncoderFacts, type VideoEncoderPreference } from './encoders/registry';
export type { VideoEncoder, VideoEncoderName, RenditionEncoderName, VideoEncodeSettings, EncoderSpeed } from './encoders/video-encoder';
export { passthroughFit, passthroughEncoder, type PassthroughSource, type PassthroughTarget, type PassthroughFit } from './encoders/passthrough';
export { LIVE_FPS } from './live/live-ladder-args';
// Argument builders, public for the bench (bare ffmpeg with the same arguments) and for tests.
export { buildLiveLadderArgs, type LiveLadderArgsInput } from './live/live-ladder-args';
export { buildRehearsalArgs, type RehearsalArgsInput } from './rehearsal/rehearsal-args';
export { buildIngestBridgeArgs, isConstrainedBaseline, type IngestBridgeArgsInput } from './ingest/ingest-args';
export { publishRecording, RECORDING_FILE, type RecordingResult } from './recording/recording-publish';
// Uploads: the ffprobe check the server runs before accepting a file, and the `vod-hls` handler.
export { probeUpload, defaultFfprobePath, type ProbeUploadOptions } from './vod/probe-upload';
export { createVodHlsHandler, type VodHlsOptions, type VodHlsJobResult, type VodHlsJobRendition } from './vod/vod-hls-job';
// Works of the exhibitions: the image, GLB and audio checks the server runs before accepting an
// upload, the `image-renditions` and `audio-aac` handlers (the seed calls the former directly).
export { probeImage, sniffImage, type ImageFacts, type ProbeImageOptions } from './images/image-probe';
export { renderImageRenditions, plannedSizes, renditionSize, renditionFile } from './images/image-renditions-job';
export { probeGlb, judgeGlb, judgeGlbHeader, judgeGlbJson, looksLikeGlb, buildMinimalGlb, packGlb, type GlbFacts } from './images/glb-check';
export { probeAudio, judgeAudioProbe, type AudioFacts } from './audio/audio-probe';
export { createAudioAacHandler, AUDIO_FILE, type AudioAacOptions } from './audio/audio-aac-job';
// Batch jobs (queued, persisted, retried): the in-process queue on the server's database (SQLite
// or PostgreSQL), the BullMQ producer and worker for REDIS_URL deployments, and the handler map both run.
export { createDbJobQueue, type DbJobQueue, type DbJobQueueOptions } from './queue/db-job-queue';
export { jobStore, type JobStore, type JobTables, type BatchJobsTable, type JobEngine } from './queue/job-store';
export { importLegacyJobFile, type LegacyImport } from './queue/legacy-job-file';
export { createBullmqJobQueue, type BullmqJobQueueOptions } from './queue/bullmq-job-queue';
export { startBullmqWorker, type BatchWorker, type BullmqWorkerOptions } from './queue/bullmq-worker';
export { createBatchHandlers, type BatchHandlerOptions } from './queue/handlers';
export { fetchSource, portableAssetHandlers, type PortableAssetOptions } from './queue/portable-assets';
export { errorMessageOf, isRetryable, type BackoffOptions, type ConcurrencyOption } from './queue/job-common';
// Untrusted bytes (GLB JSON, ffprobe reports) are parsed on a bounded pool of worker threads with
// limits on size, nesting, time and memory; a server or worker holds the pool while it runs.
export { parsePool, holdParsePool, configureParsePool } from './safe-parse/upload-parse-pool';
export { ParsePool, type ParsePoolOptions, type ParsePoolStats } from './safe-parse/parse-pool';
export { JsonDepthScanner, withinJsonDepth } from './safe-parse/json-depth';
export * from './safe-parse/parse-limits';
// LL-HLS: the registry of live streams the server answers LL-HLS playlist requests from (blocking
// reloads, delta updates, hinted parts), the Delivery Directive rules, and the playlist rule checker.
export { LowLatencyRegistry, type LowLatencyStream } from './llhls/registry';
export {
  parseDeliveryDirectives,
  checkDirectivesAhead,
  directivesSatisfied,
  advancePartLimit,
  DirectiveError,
  type DeliveryDirectives,
  type PlaylistPosition,
} from './llhls/delivery-directives';
export { checkLowLatencyPlaylist, checkPlaylistUpdate, parsePlaylist, lastPartOf, type ParsedPlaylist, type PlaylistRuleOptions } from './llhls/playlist-rules';
// The packager itself and the ladder's CMAF output options, for tools and tests that feed it.
export { LivePackager, LL_FOLDER, type LivePackagerOptions } from './llhls/live-packager';
export { cmafOutputArgs } from './live/live-ladder-args';
export { lowLatencyTiming, type LowLatencyTiming } from './llhls/part-timing';
export { readCmafHeader, readCmafFragment, type CmafHeader, type CmafFragment } from './llhls/cmaf-reader';
