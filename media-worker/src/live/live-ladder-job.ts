import fs from 'node:fs/promises';
import path from 'node:path';
import type { LiveLadderPayload, JobState } from '@yunzhan/shared';
import { describeExit } from '../ffmpeg/ffmpeg-error';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process';
import type { JobContext, JobDriver, JobRun } from '../jobs/job-types';
import { LivePackager } from '../llhls/live-packager';
import { FFMPEG_HOST, RtpRelay } from '../rtp/rtp-relay';
import { ffmpegInputSdp } from '../rtp/sdp-session';
import { findFreePortPairs, waitForBoundPorts } from '../rtp/udp-ports';
import { LIVE_FPS, buildLiveLadderArgs } from './live-ladder-args';

/** How long a new ffmpeg may take to open its RTP ports, in ms. */
const LISTEN_TIMEOUT_MS = 15_000;
/** Wait after each stop step (BYE + `q`, SIGINT, SIGTERM) before the next, in ms. */
const STOP_STEP_MS = 4000;

/**
 * The `live-ladder` job: the RTP the SFU sends (described by `payload.input`) arrives at an
 * RtpRelay listening on ports it chooses on this worker (reported once with `rtp-listening`, with
 * the advertised address), and goes on into ffmpeg on loopback, which encodes the ladder and writes each rendition as CMAF to a pipe; a
 * LivePackager cuts parts and segments and publishes both the standard and the LL-HLS
 * playlists. Each run (a new one after every crash) gets fresh ffmpeg ports and file prefix
 * `<job token>-r<attempt>`, so no file is ever overwritten. Output: `<mediaDir>/hls/<streamId>/`.
 */
export function createLiveLadderDriver(payload: LiveLadderPayload, ctx: JobContext): JobDriver {
  const streams = payload.input;
  const hasAudio = streams.some((m) => m.kind === 'audio');
  const outputDir = path.join(ctx.mediaDir, 'hls', payload.streamId);
  const token = Date.now().toString(36);
  const log = ctx.logger.child({ streamId: payload.streamId });
  let relay: RtpRelay | undefined;
  let packager: LivePackager | undefined;

  const prepare = async (): Promise<{ relay: RtpRelay; packager: LivePackager }> => {
    if (!packager) {
      packager = new LivePackager({
        streamId: payload.streamId,
        outputDir,
        registry: ctx.lowLatency,
        renditions: payload.renditions,
        segmentSeconds: payload.segmentSeconds,
        fps: LIVE_FPS,
        token,
        logger: log,
        resume: payload.resume,
        onSegments: () => {
          const { mediaSequence, discontinuitySequence } = packager!.sequence;
          ctx.emit({ type: 'progress', segments: mediaSequence, discontinuitySequence });
        },
      });
      await packager.start();
    }
    if (!relay) {
      relay = await RtpRelay.open({ streams, bindHost: ctx.rtp.bindHost, ports: ctx.rtp.ports }, { logger: log });
      log.info({ address: ctx.rtp.advertiseHost, ports: relay.ports }, 'live input listening');
      ctx.emit({ type: 'rtp-listening', address: ctx.rtp.advertiseHost, ports: [...relay.ports], ...(ctx.origin ? { origin: ctx.origin } : {}) });
    }
    return { relay, packager };
  };

  return {
    async startRun(attempt: number): Promise<JobRun> {
      const { relay, packager } = await prepare();
      const encoder = await ctx.videoEncoder();
      const prefix = `${token}-r${attempt}`;
      const ports = await findFreePortPairs(streams.length, FFMPEG_HOST);
      const sdpPath = path.join(ctx.workDir, `${prefix}.sdp`);
      // ffmpeg ignores a=rtcp and always uses RTP port + 1 for RTCP, which findFreePortPairs gives.
      await fs.writeFile(sdpPath, ffmpegInputSdp(streams, ports, FFMPEG_HOST));
      const args = buildLiveLadderArgs({
        sdpPath,
        renditions: payload.renditions,
        segmentSeconds: payload.segmentSeconds,
        encoder,
        hasAudio,
      });
      packager.beginRun(prefix);
      const proc = FfmpegProcess.start({ ffmpegPath: ctx.ffmpegPath, args, logger: log, outputPipes: payload.renditions.length });
      packager.attachRun(proc.outputPipes);
      const died = new AbortController();
      void proc.exited.then(() => died.abort());
      const listening = await waitForBoundPorts(
        ports.flatMap((p) => [p.rtp, p.rtcp]),
        LISTEN_TIMEOUT_MS,
        died.signal,
      );
      if (!listening || !proc.running) {
        const exit = proc.running ? await proc.kill() : await proc.exited;
        await packager.endRun(prefix);
        throw proc.error(listening ? `ffmpeg exited at start (${describeExit(exit)})` : 'ffmpeg did not open its RTP ports in time');
      }
      const originMs = relay.attach(ports, { onKeyframe: () => log.debug({ attempt }, 'first key frame forwarded') });
      packager.setRunOrigin(prefix, originMs);
      log.info({ attempt, pid: proc.pid, originMs, encoder: encoder.name }, 'live ladder running');
      ctx.emit({ type: 'input-ready', attempt });

      const ended = proc.exited.then(async (exit) => {
        relay.detach();
        await packager.endRun(prefix).catch((err: unknown) => log.warn({ err }, 'could not package the end of the run'));
        return exit;
      });
      return {
        get pid() {
          return proc.pid;
        },
        ended,
        stderrTail: () => proc.stderrTail(),
        async stop() {
          // BYE ends ffmpeg's input: it writes its last fragments and exits.
          relay.endInput();
          await proc.close({ stepMs: STOP_STEP_MS });
          return ended;
        },
        async kill() {
          await proc.kill();
          return ended;
        },
      };
    },

    async finish(state: JobState): Promise<void> {
      log.info({ state }, 'live ladder finishing');
      try {
        await packager?.finish();
      } finally {
        await relay?.close();
      }
    },
  };
}
