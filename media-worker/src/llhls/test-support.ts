// Helpers for the tests that run the real ffmpeg (not part of the public API).
import type { Rendition } from '@yunzhan/shared';
import { x264Encoder } from '../encoders/x264';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process';
import { cmafOutputArgs, forceKeyFramesExpr, pipeOutput, renditionVideoSettings } from '../live/live-ladder-args';

/** Two small renditions, enough to see rendition reports and aligned segments. */
export const TEST_RENDITIONS: Rendition[] = [
  { name: '180p', width: 320, height: 180, videoKbps: 250, audioKbps: 64 },
  { name: '144p', width: 256, height: 144, videoKbps: 150, audioKbps: 48 },
];

/**
 * The ladder's encoders and CMAF outputs (pipe:3, pipe:4, ...) fed by ffmpeg's own test sources
 * instead of RTP: `seconds` of testsrc2 and a tone whose timestamps start at `startSeconds`, as a
 * live run's do (capture time - run origin). As fast as the CPU allows unless `realTime`.
 */
export function startCmafLadder(options: { seconds: number; startSeconds?: number; realTime?: boolean; renditions?: Rendition[] }): FfmpegProcess {
  const renditions = options.renditions ?? TEST_RENDITIONS;
  const start = options.startSeconds ?? 0.3;
  const fps = 30;
  const n = renditions.length;
  const re = options.realTime ? ['-re'] : [];
  const graph = [
    `[0:v]setpts=PTS+${start}/TB,fps=${fps}:round=down,split=${n}${renditions.map((_, i) => `[vs${i}]`).join('')}`,
    ...renditions.map((r, i) => `[vs${i}]scale=${r.width}:${r.height},setsar=1,format=yuv420p[v${i}]`),
    `[1:a]asetpts=PTS+${start}/TB,aresample=async=1:min_hard_comp=0.1,asplit=${n}${renditions.map((_, i) => `[a${i}]`).join('')}`,
  ].join(';');
  const args = [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    ...re, '-f', 'lavfi', '-t', String(options.seconds), '-i', 'testsrc2=size=320x180:rate=25',
    ...re, '-f', 'lavfi', '-t', String(options.seconds), '-i', 'sine=frequency=440:sample_rate=48000',
    '-copyts',
    '-filter_complex', graph,
  ];
  renditions.forEach((r, i) => {
    args.push(
      '-map', `[v${i}]`, '-map', `[a${i}]`,
      ...x264Encoder.buildArgs(renditionVideoSettings(r, fps, 2)),
      '-force_key_frames', forceKeyFramesExpr(fps, 2),
      '-fps_mode', 'passthrough',
      '-c:a', 'aac', '-b:a', `${r.audioKbps}k`, '-ar', '48000', '-ac', '2',
      ...cmafOutputArgs(fps, 2),
      pipeOutput(i),
    );
  });
  return FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args, outputPipes: n });
}

/** Everything a readable stream yields until it ends. */
export function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
