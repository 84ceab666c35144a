import type { Aggregation, RubricCriterion } from '@yunzhan/shared';

// The arithmetic of judging and ranking, as plain functions of plain data.

/** Rounds to 1e-6: sums of fractions are not exact, and nobody needs the 15th digit of a score. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A judge's total for an entry on a 0..100 scale: sum(score/max × weight) / sum(weight) × 100, to 1e-6. */
export function judgeTotal(rubric: readonly RubricCriterion[], scores: Readonly<Record<string, number>>): number {
  const weights = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (weights <= 0) return 0;
  const weighted = rubric.reduce((sum, c) => sum + ((scores[c.id] ?? 0) / c.max) * c.weight, 0);
  return round6((weighted / weights) * 100);
}

/**
 * The jury score of an entry from its judges' totals: the mean, or with `trimmed-mean` the mean
 * after dropping floor(n × trimShare) totals from each end (the plain mean when that would leave
 * none), to 1e-6. Null without totals.
 */
export function aggregate(totals: readonly number[], aggregation: Aggregation, trimShare: number): number | null {
  if (totals.length === 0) return null;
  let kept = [...totals];
  if (aggregation === 'trimmed-mean') {
    const cut = Math.floor(totals.length * trimShare);
    const sorted = [...totals].sort((a, b) => a - b);
    if (sorted.length - 2 * cut > 0) kept = sorted.slice(cut, sorted.length - cut);
  }
  return round6(kept.reduce((a, b) => a + b, 0) / kept.length);
}

/** An entry to rank: its value by the category's winnerBy (jury score or votes), null if it has none. */
export interface Rankable {
  entryId: string;
  value: number | null;
}

/** An entry with its 1-based rank (null when it has no value). */
export interface Ranked extends Rankable {
  rank: number | null;
}

/** Values equal to 1e-6 count as equal. */
const key = (v: number) => Math.round(v * 1e6);

/**
 * Ranks entries best first (highest value). Equal values share a rank and the next rank skips
 * (1, 1, 3); entries without a value come last, unranked, in their given order. Two or more
 * entries sharing rank 1 are `tiedForFirst`.
 */
export function rankEntries(items: readonly Rankable[]): { ranked: Ranked[]; tiedForFirst: string[] } {
  const valued = items.map((item, i) => ({ item, i })).filter(({ item }) => item.value !== null);
  valued.sort((a, b) => key(b.item.value!) - key(a.item.value!) || a.i - b.i);
  const ranked: Ranked[] = [];
  valued.forEach(({ item }, i) => {
    const previous = ranked[i - 1];
    const rank = previous && key(previous.value!) === key(item.value!) ? previous.rank : i + 1;
    ranked.push({ ...item, rank });
  });
  for (const item of items) if (item.value === null) ranked.push({ ...item, rank: null });
  const first = ranked.filter((r) => r.rank === 1).map((r) => r.entryId);
  return { ranked, tiedForFirst: first.length >= 2 ? first : [] };
}

/**
 * The winner: the organiser's tie-break when it names one of the entries tied for first, else
 * (no tie) the rank-1 entry; null while a tie is unresolved or nothing is ranked.
 */
export function decideWinner(ranked: readonly Ranked[], tiedForFirst: readonly string[], tieBreak: string | null): string | null {
  if (tiedForFirst.length > 0) return tieBreak !== null && tiedForFirst.includes(tieBreak) ? tieBreak : null;
  return ranked.find((r) => r.rank === 1)?.entryId ?? null;
}
