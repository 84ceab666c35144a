// @vitest-environment jsdom
import { AwardResults, type AwardReveal, type NomineeWork } from '@yunzhan/shared';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../data/query-keys';
import { FakeSocket, renderWithSocket } from '../data/socket-test-kit';
import { useSocket } from '../data/socket-provider';
import { fetchResults } from './awards-api';

// An award programme's live pushes through the socket provider's registry into the cached
// results that several components read; the API (window.fetch) and the socket are played by the test.

afterEach(cleanup);

const AWARD = 'demo-awards';
const work = (n: number): NomineeWork => ({ id: `wk_work00${n}`, catalogueNumber: `YZ-${n}`, kind: 'image', title: { 'zh-CN': `作品${n}`, en: `Work ${n}` }, creator: 'Someone', date: '2025', imageUrl: null });
const entry = (n: number, votes: number) => ({ entryId: `en_entry00${n}`, work: work(n), juryScore: null, judgeCount: 0, votes, rank: null });
const results = (votes: [number, number], revealStage: 'none' | 'winner' = 'none') =>
  AwardResults.parse({
    programmeId: AWARD,
    phase: 'voting',
    categories: [{ categoryId: 'audience', winnerBy: 'public', entries: [entry(1, votes[0]), entry(2, votes[1])], tiedForFirst: [], winnerEntryId: null, revealStage, totalVotes: votes[0] + votes[1] }],
  });
const reveal: AwardReveal = {
  programmeId: AWARD,
  eventId: null,
  programmeTitle: { 'zh-CN': '大赛', en: 'Awards' },
  categoryId: 'audience',
  categoryTitle: { 'zh-CN': '观众奖', en: 'Audience' },
  stage: 'winner',
  nominees: [{ entryId: 'en_entry001', work: work(1) }],
  winner: { entryId: 'en_entry001', work: work(1) },
  at: '2026-04-01T20:00:00.000Z',
};

let served: AwardResults;
let requests: string[];
beforeEach(() => {
  served = results([3, 1]);
  requests = [];
  vi.stubGlobal('fetch', async (input: string) => {
    requests.push(String(input));
    return new Response(JSON.stringify(served), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return () => vi.unstubAllGlobals();
});

/** A component showing the programme's results (the award page, the host's reveal panel). */
function Results({ name }: { name: string }) {
  useSocket();
  const { data } = useQuery({ queryKey: queryKeys.awards.results(AWARD), queryFn: () => fetchResults(AWARD) });
  const category = data?.categories[0];
  return <p data-testid={name}>{category ? `${category.entries.map((e) => e.votes).join(',')} ${category.revealStage}` : 'loading'}</p>;
}

const text = (id: string) => screen.getByTestId(id).textContent;
const showAll = (ids: string[], value: string) => waitFor(() => expect(ids.map(text)).toEqual(ids.map(() => value)));

describe('award pushes in the query cache', () => {
  it('writes an award:tally into the results every component reads, without a request', async () => {
    const fake = new FakeSocket();
    renderWithSocket(
      <>
        <Results name="page" />
        <Results name="panel" />
      </>,
      fake,
    );
    await showAll(['page', 'panel'], '3,1 none');
    await waitFor(() => expect(fake.listenerCount('award:tally')).toBe(1));

    act(() => fake.push('award:tally', { programmeId: AWARD, categoryId: 'audience', totalVotes: 6, votes: [{ entryId: 'en_entry002', votes: 3 }] }));
    await showAll(['page', 'panel'], '3,3 none');
    // Another programme's tally changes nothing here.
    act(() => fake.push('award:tally', { programmeId: 'other-awards', categoryId: 'audience', totalVotes: 9, votes: [{ entryId: 'en_entry001', votes: 9 }] }));
    expect(requests).toEqual([`/api/awards/${AWARD}/results`]);
    expect(text('page')).toBe('3,3 none');
  });

  it('reads the results again on award:reveal, and every reader shows the revealed ones', async () => {
    const fake = new FakeSocket();
    renderWithSocket(
      <>
        <Results name="page" />
        <Results name="panel" />
      </>,
      fake,
    );
    await showAll(['page', 'panel'], '3,1 none');
    await waitFor(() => expect(fake.listenerCount('award:reveal')).toBe(1));

    served = results([4, 1], 'winner');
    act(() => fake.push('award:reveal', reveal));
    await showAll(['page', 'panel'], '4,1 winner');
    expect(requests).toEqual([`/api/awards/${AWARD}/results`, `/api/awards/${AWARD}/results`]);
  });
});
