// Public API of @yunzhan/media-worker: the job runner the server dispatches through, the ffmpeg
// probe for /healthz, the rehearsal source's RTP parameters, and the encoder registry.

export { createJobRunner, type JobRunnerOptions } from './jobs/job-runner';
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
export type { VideoEncoder, VideoEncoderName, VideoEncodeSettings, EncoderSpeed } from './encoders/video-encoder';
export { LIVE_FPS } from './live/live-ladder-args';
// Argument builders, public for the bench (bare ffmpeg with the same arguments) and for tests.
export { buildLiveLadderArgs, type LiveLadderArgsInput } from './live/live-ladder-args';
export { buildRehearsalArgs, type RehearsalArgsInput } from './rehearsal/rehearsal-args';
export { publishRecording, RECORDING_FILE, type RecordingResult } from './recording/recording-publish';
