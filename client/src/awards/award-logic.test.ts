import type { AwardReveal, AwardSchedule, CategoryResult, NomineeWork } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { ClientError } from '../lib/client-error';
import { applyTally, hasRanking, phaseTimeline, rankedEntries, votePercent, votesLeft } from './award-logic';
import { applyJoinAck, applyReveal, revealKey, type ShownReveal } from './reveal-state';
import { PendingVoteKeys, isUncertain, newIdempotencyKey, sendWithRetries } from './vote-retry';

const schedule: AwardSchedule = {
  entries: '2026-01-01T00:00:00.000Z',
  judging: '2026-02-01T00:00:00.000Z',
  voting: '2026-03-01T00:00:00.000Z',
  ceremony: '2026-04-01T00:00:00.000Z',
  results: '2026-04-02T00:00:00.000Z',
};

const work = (n: number): NomineeWork => ({
  id: `wk_work00${n}`,
  catalogueNumber: `YZ-${n}`,
  kind: 'image',
  title: { 'zh-CN': `作品${n}`, en: `Work ${n}` },
  creator: 'Someone',
  date: '2025',
  imageUrl: `/media/${n}.jpg`,
});

const entry = (n: number, votes: number | null, rank: number | null = null) => ({
  entryId: `en_entry00${n}`,
  work: work(n),
  juryScore: null,
  judgeCount: 0,
  votes,
  rank,
});

const result = (over: Partial<CategoryResult> = {}): CategoryResult => ({
  categoryId: 'audience',
  winnerBy: 'public',
  entries: [entry(1, 3), entry(2, 1)],
  tiedForFirst: [],
  winnerEntryId: null,
  revealStage: 'none',
  totalVotes: 4,
  ...over,
});

const reveal = (over: Partial<AwardReveal> = {}): AwardReveal => ({
  programmeId: 'demo-awards',
  eventId: 'spring-gala',
  programmeTitle: { 'zh-CN': '大赛', en: 'Awards' },
  categoryId: 'painting',
  categoryTitle: { 'zh-CN': '绘画', en: 'Painting' },
  stage: 'nominees',
  nominees: [{ entryId: 'en_entry001', work: work(1) }],
  winner: null,
  at: '2026-04-01T20:00:00.000Z',
  ...over,
});

describe('phaseTimeline', () => {
  it('marks the phases before the current one past and the ones after it future', () => {
    const steps = phaseTimeline(schedule, 'voting');
    expect(steps.map((s) => [s.phase, s.state])).toEqual([
      ['entries', 'past'],
      ['judging', 'past'],
      ['voting', 'current'],
      ['ceremony', 'future'],
      ['results', 'future'],
    ]);
    expect(steps[2]?.startsAt).toBe(schedule.voting);
  });

  it('lists draft, without a date, only while the programme is a draft', () => {
    const steps = phaseTimeline(schedule, 'draft');
    expect(steps[0]).toEqual({ phase: 'draft', startsAt: null, state: 'current' });
    expect(steps.slice(1).every((s) => s.state === 'future')).toBe(true);
  });
});

describe('tallies and results', () => {
  it('applies a live tally to the entries it names and sets the total', () => {
    const next = applyTally(result(), { programmeId: 'demo-awards', categoryId: 'audience', totalVotes: 9, votes: [{ entryId: 'en_entry002', votes: 6 }] });
    expect(next.totalVotes).toBe(9);
    expect(next.entries.map((e) => e.votes)).toEqual([3, 6]);
  });

  it('ignores a tally of another category', () => {
    const before = result();
    expect(applyTally(before, { programmeId: 'demo-awards', categoryId: 'painting', totalVotes: 1, votes: [] })).toBe(before);
  });

  it('turns counts into whole percentages, zero without votes', () => {
    expect(votePercent(1, 3)).toBe(33);
    expect(votePercent(5, 0)).toBe(0);
    expect(votePercent(5, null)).toBe(0);
  });

  it('counts the votes left from the votes already cast', () => {
    expect(votesLeft(3, ['a'])).toBe(2);
    expect(votesLeft(1, undefined)).toBe(1);
    expect(votesLeft(1, ['a', 'b'])).toBe(0);
  });

  it('orders entries by rank with unranked ones last, ties keeping their order', () => {
    const r = result({ entries: [entry(1, null, null), entry(2, null, 2), entry(3, null, 1), entry(4, null, 1)] });
    expect(rankedEntries(r).map((e) => e.entryId)).toEqual(['en_entry003', 'en_entry004', 'en_entry002', 'en_entry001']);
  });

  it('says results are out once there is a rank or a winner', () => {
    expect(hasRanking(result())).toBe(false);
    expect(hasRanking(result({ winnerEntryId: 'en_entry001' }))).toBe(true);
    expect(hasRanking(undefined)).toBe(false);
  });
});

describe('vote idempotency keys', () => {
  it('reuses the key of a vote whose answer was lost, and makes a new one after an answer', () => {
    let n = 0;
    const keys = new PendingVoteKeys(() => `key-000${++n}`);
    const first = keys.keyFor('audience', 'en_entry001');
    keys.settle('audience', 'en_entry001', new ClientError('NETWORK', 'offline'));
    expect(keys.keyFor('audience', 'en_entry001')).toBe(first);
    keys.settle('audience', 'en_entry001');
    expect(keys.keyFor('audience', 'en_entry001')).not.toBe(first);
  });

  it('frees the key after a stable refusal, so the next click is a new request', () => {
    const keys = new PendingVoteKeys();
    const first = keys.keyFor('audience', 'en_entry001');
    keys.settle('audience', 'en_entry001', new ClientError('VOTE_LIMIT', 'no votes left'));
    expect(keys.keyFor('audience', 'en_entry001')).not.toBe(first);
  });

  it('keeps separate keys per nominee', () => {
    const keys = new PendingVoteKeys();
    expect(keys.keyFor('audience', 'en_entry001')).not.toBe(keys.keyFor('audience', 'en_entry002'));
  });

  it('makes keys the server accepts', () => {
    expect(newIdempotencyKey()).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });

  it('retries a lost request with the same key and stops at the first answer', async () => {
    const sent: string[] = [];
    const answer = await sendWithRetries(
      async (key) => {
        sent.push(key);
        if (sent.length < 3) throw new ClientError('TIMEOUT', 'slow');
        return 'ok';
      },
      'key-abcdef',
      { sleep: async () => undefined },
    );
    expect(answer).toBe('ok');
    expect(sent).toEqual(['key-abcdef', 'key-abcdef', 'key-abcdef']);
  });

  it('does not retry a stable error', async () => {
    let calls = 0;
    const failing = sendWithRetries(
      async () => {
        calls++;
        throw new ClientError('CONFLICT', 'already voted');
      },
      'key-abcdef',
      { sleep: async () => undefined },
    );
    await expect(failing).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(calls).toBe(1);
    expect(isUncertain(new ClientError('NETWORK', 'x'))).toBe(true);
    expect(isUncertain(new ClientError('RATE_LIMITED', 'x'))).toBe(false);
  });
});

describe('reveal state', () => {
  it('shows a reveal and replaces it with a newer one', () => {
    const first = applyReveal(null, reveal());
    const winner = reveal({ stage: 'winner', winner: { entryId: 'en_entry001', work: work(1) }, at: '2026-04-01T20:01:00.000Z' });
    expect(applyReveal(first, winner)?.stage).toBe('winner');
  });

  it('keeps the newer reveal when an older one arrives late', () => {
    const newer = applyReveal(null, reveal({ at: '2026-04-01T20:05:00.000Z' }));
    expect(applyReveal(newer, reveal({ categoryId: 'audience' }))?.categoryId).toBe('painting');
  });

  it('clears only a reveal of the same programme', () => {
    const shown = applyReveal(null, reveal()) as ShownReveal;
    expect(applyReveal(shown, reveal({ stage: 'clear', at: '2026-04-01T20:02:00.000Z' }))).toBeNull();
    expect(applyReveal(shown, reveal({ programmeId: 'other-awards', stage: 'clear', at: '2026-04-01T20:02:00.000Z' }))).toBe(shown);
  });

  it('takes the current reveal from a join ack and drops one the ack says is gone', () => {
    const shown = applyJoinAck(null, 'demo-awards', reveal());
    expect(shown?.categoryId).toBe('painting');
    expect(applyJoinAck(shown, 'demo-awards', null)).toBeNull();
    expect(applyJoinAck(shown, 'other-awards', null)).toBe(shown);
    expect(applyJoinAck(null, 'demo-awards', { nonsense: true })).toBeNull();
  });

  it('gives each reveal its own key', () => {
    expect(revealKey(reveal())).not.toBe(revealKey(reveal({ stage: 'winner' })));
  });
});
