import { MediaRejectedError } from '@yunzhan/shared';
import { withinJsonDepth } from './json-depth';
import { MAX_PROBE_JSON_DEPTH, MAX_PROBE_OUTPUT_BYTES } from './parse-limits';

/** The refusal of a file whose ffprobe report is over MAX_PROBE_OUTPUT_BYTES (2 MiB). */
export const probeReportTooLong = (reportBytes?: number) =>
  new MediaRejectedError('FILE_TOO_COMPLEX', 'The file describes itself at too great a length', { maxBytes: MAX_PROBE_OUTPUT_BYTES, ...(reportBytes ? { reportBytes } : {}) });

/**
 * Parses ffprobe's JSON report of an uploaded file within limits: FILE_TOO_COMPLEX over
 * MAX_PROBE_OUTPUT_BYTES (2 MiB) or nested deeper than MAX_PROBE_JSON_DEPTH; NOT_MEDIA when it
 * does not parse. The report repeats what the file says about itself (its tags, its streams),
 * so it is as untrusted as the file: this runs on a parse thread.
 */
export function parseProbeReport(text: string): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PROBE_OUTPUT_BYTES) throw probeReportTooLong(bytes);
  if (!withinJsonDepth(text, MAX_PROBE_JSON_DEPTH)) {
    throw new MediaRejectedError('FILE_TOO_COMPLEX', 'The file describes itself too deeply nested', { maxDepth: MAX_PROBE_JSON_DEPTH });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MediaRejectedError('NOT_MEDIA', 'ffprobe found nothing it could read in this file');
  }
}
