import type { JobState, RehearsalSourcePayload } from '@yunzhan/shared';
import { x264Encoder } from '../encoders/x264';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process';
import type { JobContext, JobDriver, JobRun } from '../jobs/job-types';
import { buildRehearsalArgs } from './rehearsal-args';
import { findOverlayFont } from './overlay-font';

/**
 * The `rehearsal-source` job: an ffmpeg test pattern with a clock overlay and a tone, sent as
 * H.264 + Opus RTP to the SFU in real time. Always x264: its Constrained Baseline output is
 * what REHEARSAL_RTP advertises. Restarted after a crash like any job.
 */
export function createRehearsalSourceDriver(payload: RehearsalSourcePayload, ctx: JobContext): JobDriver {
  const log = ctx.logger.child({ eventId: payload.eventId });
  return {
    async startRun(attempt: number): Promise<JobRun> {
      const fontFile = await findOverlayFont();
      if (!fontFile && attempt === 1) log.info('no font found; the rehearsal pattern has no clock overlay');
      const proc = FfmpegProcess.start({
        ffmpegPath: ctx.ffmpegPath,
        args: buildRehearsalArgs({ payload, encoder: x264Encoder, ...(fontFile ? { fontFile } : {}) }),
        logger: log,
      });
      log.info({ attempt, pid: proc.pid }, 'rehearsal source running');
      return {
        get pid() {
          return proc.pid;
        },
        ended: proc.exited,
        stderrTail: () => proc.stderrTail(),
        stop: () => proc.close({ stepMs: 2000 }),
        kill: () => proc.kill(),
      };
    },
    async finish(state: JobState): Promise<void> {
      log.info({ state }, 'rehearsal source ended');
    },
  };
}
