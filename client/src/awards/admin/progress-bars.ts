import type { JudgeProgress } from '@yunzhan/shared';
import { personLabel } from './people';

// The judge-progress chart as plain data: each judge is a horizontal bar of four stacked
// segments (submitted, drafts, remaining, recused), all bars on one scale so that lengths compare.

/** The segments of a bar, in drawing order. */
export const SEGMENT_KINDS = ['submitted', 'drafts', 'remaining', 'recused'] as const;
/** One of SEGMENT_KINDS. */
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** One stacked segment: how many entries and its width in percent of the chart. */
export interface BarSegment {
  kind: SegmentKind;
  count: number;
  /** Width as a percentage (0..100) of the widest judge's entries. */
  percent: number;
}

/** A judge's bar. */
export interface ProgressBar {
  judgeId: string;
  /** "display name (username)". */
  name: string;
  /** Entries the judge is to score (recusals excluded). */
  assigned: number;
  submitted: number;
  /** Every entry in the judge's categories: assigned plus recused. */
  total: number;
  segments: BarSegment[];
}

/** The counts of a judge's four segments; `remaining` never goes below 0. */
export function segmentCounts(p: Pick<JudgeProgress, 'assigned' | 'drafts' | 'submitted' | 'recused'>): Record<SegmentKind, number> {
  const submitted = Math.max(0, p.submitted);
  const drafts = Math.max(0, p.drafts);
  return { submitted, drafts, remaining: Math.max(0, p.assigned - submitted - drafts), recused: Math.max(0, p.recused) };
}

/**
 * Bars for the chart, on a shared scale (the judge with the most entries fills 100%). Widths are
 * rounded to 0.1% and never add up to more than 100 for one bar.
 */
export function progressBars(list: readonly JudgeProgress[]): ProgressBar[] {
  const counted = list.map((p) => ({ p, counts: segmentCounts(p) }));
  const totals = counted.map(({ counts }) => SEGMENT_KINDS.reduce((sum, k) => sum + counts[k], 0));
  const scale = Math.max(0, ...totals);
  return counted.map(({ p, counts }, i) => {
    let used = 0;
    const segments = SEGMENT_KINDS.map((kind) => {
      const raw = scale === 0 ? 0 : (counts[kind] / scale) * 100;
      const percent = Math.min(Math.round(raw * 10) / 10, Math.max(0, 100 - used));
      used += percent;
      return { kind, count: counts[kind], percent };
    });
    return { judgeId: p.judgeId, name: personLabel(p), assigned: p.assigned, submitted: counts.submitted, total: totals[i]!, segments };
  });
}
