import type { PollState } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { pollResults, validChoices } from './poll-results';
import { addSample, peakCount, presencePath } from './presence-history';
import { MAX_PARTICLES_PER_BURST, MAX_PARTICLES_PER_REACTION, burstParts, particlesFor } from './reaction-burst';

const poll = (votes: number[], multiple = false, totalVoters = votes.reduce((a, b) => a + b, 0)): PollState => ({
  id: 'p1',
  channel: 'event:demo',
  question: 'Which?',
  options: votes.map((v, i) => ({ text: `option ${i}`, votes: v })),
  multiple,
  open: true,
  totalVoters,
  createdAt: '2025-01-01T00:00:00.000Z',
  closedAt: null,
});

describe('poll results', () => {
  it('gives each option its share of the voters', () => {
    expect(pollResults(poll([3, 1])).map((r) => r.percent)).toEqual([75, 25]);
  });

  it('adds up to exactly 100 in a single-choice poll, rounding by largest remainder', () => {
    const percents = pollResults(poll([1, 1, 1])).map((r) => r.percent);
    expect(percents.reduce((a, b) => a + b, 0)).toBe(100);
    expect(percents).toEqual([34, 33, 33]);
  });

  it('shows zero everywhere and no leader before anyone votes', () => {
    const results = pollResults(poll([0, 0, 0]));
    expect(results.map((r) => r.percent)).toEqual([0, 0, 0]);
    expect(results.some((r) => r.leading)).toBe(false);
  });

  it('measures a multiple-choice option against the voters, so shares may add up to more than 100', () => {
    const results = pollResults(poll([4, 3, 1], true, 5));
    expect(results.map((r) => r.percent)).toEqual([80, 60, 20]);
    expect(results.map((r) => r.leading)).toEqual([true, false, false]);
  });

  it('marks every tied option as leading', () => {
    expect(pollResults(poll([2, 2, 1])).map((r) => r.leading)).toEqual([true, true, false]);
  });

  it('accepts one choice, or several only in a multiple-choice poll', () => {
    expect(validChoices(poll([0, 0]), [1])).toBe(true);
    expect(validChoices(poll([0, 0]), [0, 1])).toBe(false);
    expect(validChoices(poll([0, 0], true), [0, 1])).toBe(true);
    expect(validChoices(poll([0, 0], true), [0, 0])).toBe(false);
    expect(validChoices(poll([0, 0]), [2])).toBe(false);
    expect(validChoices(poll([0, 0]), [])).toBe(false);
  });
});

describe('reaction bursts', () => {
  it('grows with the logarithm of the count and stops at the cap', () => {
    expect(particlesFor(0)).toBe(0);
    expect(particlesFor(1)).toBe(1);
    expect(particlesFor(10)).toBeGreaterThan(particlesFor(2));
    expect(particlesFor(100)).toBeLessThan(100 / 5);
    expect(particlesFor(1e9)).toBe(MAX_PARTICLES_PER_REACTION);
  });

  it('orders a burst by count and keeps its total under the cap, one emoji at least each', () => {
    const parts = burstParts({ counts: { clap: 5000, heart: 4000, fire: 3000, wow: 2000, laugh: 1, flower: 1000 } });
    expect(parts[0]?.reaction).toBe('clap');
    expect(parts.reduce((s, p) => s + p.particles, 0)).toBeLessThanOrEqual(MAX_PARTICLES_PER_BURST);
    expect(parts.every((p) => p.particles >= 1)).toBe(true);
  });

  it('draws one emoji per reaction when the viewer prefers reduced motion', () => {
    expect(burstParts({ counts: { clap: 500, heart: 3 } }, true).map((p) => p.particles)).toEqual([1, 1]);
  });
});

describe('viewer count over time', () => {
  const t0 = 1_000_000;

  it('keeps only the samples inside the window', () => {
    let samples = addSample([], { at: t0, count: 1 }, 1000);
    samples = addSample(samples, { at: t0 + 600, count: 2 }, 1000);
    samples = addSample(samples, { at: t0 + 1200, count: 3 }, 1000);
    expect(samples.map((s) => s.count)).toEqual([2, 3]);
  });

  it('draws a step line from the first sample to now, scaled to the peak', () => {
    const samples = [
      { at: t0, count: 2 },
      { at: t0 + 500, count: 4 },
    ];
    expect(presencePath(samples, t0 + 1000, 100, 40, 1000)).toBe('M 0 20 L 50 20 L 50 0 L 100 0');
    expect(peakCount(samples)).toBe(4);
    expect(presencePath([], t0, 100, 40)).toBe('');
  });
});
