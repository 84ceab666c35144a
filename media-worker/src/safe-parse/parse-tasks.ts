import type { MediaFacts, UploadLimits } from '@yunzhan/shared';
import { judgeAudioProbe, type AudioFacts } from '../audio/audio-probe';
import { readGlbFacts, type GlbFacts } from '../images/glb-check';
import { judgeProbe, readProbeOutput, type ProbeOutput } from '../vod/media-policy';
import type { ParseTaskHandlers } from './parse-protocol';
import { parseProbeReport } from './probe-report';

/** What a parse thread is asked to read from an upload's bytes. */
export type UploadParseTasks = {
  /** A GLB file's header and JSON chunk. */
  glb: { input: { file: string; sizeBytes: number }; output: GlbFacts };
  /** ffprobe's report of a video upload, judged by the video policy. */
  'ffprobe-video': { input: ProbeReportInput; output: { facts: MediaFacts; probe: ProbeOutput } };
  /** ffprobe's report of an audio upload, judged by the audio policy. */
  'ffprobe-audio': { input: ProbeReportInput; output: AudioFacts };
};

/** An ffprobe report with what it is judged against. */
export interface ProbeReportInput {
  text: string;
  sizeBytes: number;
  limits: UploadLimits;
}

/** The functions parse threads run (see parse-thread.ts). */
export const uploadParseHandlers: ParseTaskHandlers<UploadParseTasks> = {
  glb: readGlbFacts,
  'ffprobe-video': ({ text, sizeBytes, limits }) => {
    const json = parseProbeReport(text);
    // judgeProbe refuses what readProbeOutput cannot read, so `probe` is defined after it.
    return { facts: judgeProbe(json, sizeBytes, limits), probe: readProbeOutput(json)! };
  },
  'ffprobe-audio': ({ text, sizeBytes, limits }) => judgeAudioProbe(parseProbeReport(text), sizeBytes, limits),
};
