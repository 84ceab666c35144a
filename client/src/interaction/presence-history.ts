// The host console's viewer count over time, as a small line chart: samples kept for a window
// and turned into an SVG path. Pure, so the scaling is tested with plain data.

/** One viewer-count sample. `at` in ms since the epoch. */
export interface PresenceSample {
  at: number;
  count: number;
}

/** How long the chart looks back, in ms. Default 10 minutes. */
export const PRESENCE_WINDOW_MS = 10 * 60_000;

/** Adds a sample at `at`, dropping those older than the window (a repeat of the same count is kept: the line stays flat). */
export function addSample(samples: readonly PresenceSample[], sample: PresenceSample, windowMs = PRESENCE_WINDOW_MS): PresenceSample[] {
  return [...samples.filter((s) => s.at > sample.at - windowMs && s.at <= sample.at), sample];
}

/**
 * An SVG path (`M x y L x y …`) of the samples in a `width` × `height` box: time across the
 * window ending at `now`, counts from 0 at the bottom to the highest count (at least 1) at the top.
 * A step line: the count holds until the next sample.
 */
export function presencePath(samples: readonly PresenceSample[], now: number, width: number, height: number, windowMs = PRESENCE_WINDOW_MS): string {
  if (samples.length === 0) return '';
  const max = Math.max(1, ...samples.map((s) => s.count));
  const x = (at: number) => Math.round(Math.max(0, Math.min(1, 1 - (now - at) / windowMs)) * width * 10) / 10;
  const y = (count: number) => Math.round((height - (count / max) * height) * 10) / 10;
  const parts: string[] = [];
  samples.forEach((s, i) => {
    if (i === 0) parts.push(`M ${x(s.at)} ${y(s.count)}`);
    else parts.push(`L ${x(s.at)} ${y(samples[i - 1]!.count)}`, `L ${x(s.at)} ${y(s.count)}`);
  });
  const last = samples[samples.length - 1]!;
  parts.push(`L ${x(now)} ${y(last.count)}`);
  return parts.join(' ');
}

/** The highest count in the samples (the chart's top), at least 1. */
export function peakCount(samples: readonly PresenceSample[]): number {
  return Math.max(1, ...samples.map((s) => s.count));
}
