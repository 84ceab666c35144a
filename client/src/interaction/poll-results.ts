import type { PollState } from '@yunzhan/shared';

// Poll results as the bars show them: each option's share of the voters, in whole percent.

/** One option's result. */
export interface OptionResult {
  index: number;
  text: string;
  votes: number;
  /** Share of voters who picked it, 0..100, whole numbers. */
  percent: number;
  /** Whether it has the most votes (ties: all of them; none while nobody voted). */
  leading: boolean;
}

/**
 * Each option's share of `totalVoters`. A single-choice poll's percentages add up to exactly 100
 * (largest remainder); in a multiple-choice poll each is its own share and they may add up to more.
 */
export function pollResults(poll: Pick<PollState, 'options' | 'totalVoters' | 'multiple'>): OptionResult[] {
  const voters = poll.multiple ? poll.totalVoters : Math.max(poll.totalVoters, poll.options.reduce((s, o) => s + o.votes, 0));
  const max = Math.max(0, ...poll.options.map((o) => o.votes));
  const exact = poll.options.map((o) => (voters > 0 ? Math.min(100, (o.votes / voters) * 100) : 0));
  const percents = exact.map(Math.floor);
  if (!poll.multiple && voters > 0) {
    let missing = 100 - percents.reduce((s, p) => s + p, 0);
    const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i, r } of byRemainder) {
      if (missing <= 0 || r === 0) break;
      percents[i] = (percents[i] ?? 0) + 1;
      missing--;
    }
  } else {
    for (let i = 0; i < exact.length; i++) percents[i] = Math.round(exact[i] ?? 0);
  }
  return poll.options.map((o, index) => ({
    index,
    text: o.text,
    votes: o.votes,
    percent: percents[index] ?? 0,
    leading: max > 0 && o.votes === max,
  }));
}

/** Whether a vote of `choices` is valid for the poll: at least one, in range, one unless multiple. */
export function validChoices(poll: Pick<PollState, 'options' | 'multiple'>, choices: readonly number[]): boolean {
  if (choices.length === 0) return false;
  if (!poll.multiple && choices.length > 1) return false;
  return new Set(choices).size === choices.length && choices.every((c) => Number.isInteger(c) && c >= 0 && c < poll.options.length);
}
