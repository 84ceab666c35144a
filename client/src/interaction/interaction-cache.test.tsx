// @vitest-environment jsdom
import type { ChatStanding, JoinResult, LiveState, PollState, ReactionBurst } from '@yunzhan/shared';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket, renderWithSocket } from '../data/socket-test-kit';
import { useLiveFeed } from '../data/socket-provider';
import { ClientError } from '../lib/client-error';
import { useEventRoom } from '../realtime/use-event-room';
import { useEventInteraction } from './use-event-interaction';
import { usePolls, usePresence } from './use-interaction';

// A room's polls, presence and reactions in the query cache, with the real hooks, the real push
// registry and the app's QueryClient; the server is a fake socket.

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

const CHANNEL = 'event:show';
const ADA = { id: 'u1', username: 'ada', displayName: 'Ada', role: 'viewer' as const };
const standing: ChatStanding = { channel: CHANNEL, mutedUntil: null, banned: false, moderator: false, nextMessageAt: null };
const live = (viewerCount: number): LiveState => ({ eventId: 'show', status: 'live', hls: null, startedAt: null, viewerCount, recovering: false, awaitingPublisher: false });
const poll = (id: string, votes: number[], over: Partial<PollState> = {}): PollState => ({
  id,
  channel: CHANNEL,
  question: `question ${id}`,
  options: votes.map((v, i) => ({ text: `option ${i}`, votes: v })),
  multiple: false,
  open: true,
  totalVoters: votes.reduce((a, b) => a + b, 0),
  createdAt: `2026-01-01T00:00:0${id.slice(-1)}.000Z`,
  closedAt: null,
  ...over,
});
const joinResult = (over: Partial<JoinResult> = {}): JoinResult => ({ live: live(3), history: [], user: ADA, standing, pinned: [], polls: [], ...over });

/** The theatre's polls and viewer count in miniature, with a vote button for the first poll. */
function Theatre() {
  const room = useEventRoom('show');
  const { interaction } = useEventInteraction(room, ADA);
  const [error, setError] = useState('');
  const first = interaction.polls[0];
  return (
    <div>
      <p data-testid="theatre-polls">{interaction.polls.map((p) => `${p.id}:${p.options.map((o) => o.votes).join(',')}`).join(' ')}</p>
      <p data-testid="theatre-ballot">{first ? JSON.stringify(interaction.ballots[first.id] ?? null) : ''}</p>
      <p data-testid="theatre-presence">{interaction.presence?.count ?? '-'}</p>
      <p data-testid="room-presence">{room.presence ? `${room.presence.approximate ? '≈' : ''}${room.presence.count}` : '-'}</p>
      <button type="button" onClick={() => first && interaction.vote(first.id, [1]).catch((e: ClientError) => setError(e.code))}>
        vote
      </button>
      <p data-testid="vote-error">{error}</p>
    </div>
  );
}

/** Another component reading the room's polls and presence from the cache (the host's list, a badge). */
function Reader({ name }: { name: string }) {
  const polls = usePolls(CHANNEL);
  const presence = usePresence(CHANNEL);
  return (
    <div>
      <p data-testid={`${name}-polls`}>{polls.map((p) => `${p.id}:${p.options.map((o) => o.votes).join(',')}`).join(' ')}</p>
      <p data-testid={`${name}-presence`}>{presence?.count ?? '-'}</p>
    </div>
  );
}

/** Records the reaction bursts the floating emoji layer would be given. */
function Reactions({ seen }: { seen: ReactionBurst[] }) {
  const feed = useLiveFeed('reactions', CHANNEL);
  useEffect(() => feed.subscribe((burst) => void seen.push(burst)), [feed]);
  return null;
}

const text = (id: string) => screen.getByTestId(id).textContent;
const showAll = (ids: string[], value: string) => waitFor(() => expect(ids.map(text)).toEqual(ids.map(() => value)));

function openTheatre(fake: FakeSocket, seen: ReactionBurst[] = []) {
  return renderWithSocket(
    <>
      <Theatre />
      <Reader name="a" />
      <Reader name="b" />
      <Reactions seen={seen} />
    </>,
    fake,
  );
}

describe('a room’s polls in the query cache', () => {
  it('seeds them from the join, and writes a poll:state push into every component reading them (open first, newest first)', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ polls: [poll('p1', [1, 0])] });
    openTheatre(fake);
    await showAll(['theatre-polls', 'a-polls', 'b-polls'], 'p1:1,0');

    act(() => fake.push('poll:state', poll('p2', [0, 0])));
    await showAll(['theatre-polls', 'a-polls', 'b-polls'], 'p2:0,0 p1:1,0');
    act(() => fake.push('poll:state', poll('p2', [0, 0], { open: false, closedAt: '2026-01-01T00:01:00.000Z' })));
    await showAll(['theatre-polls', 'a-polls', 'b-polls'], 'p1:1,0 p2:0,0');
  });

  it('votes as a mutation: the acked poll lands in every reader and the ballot is kept; a second ballot (CONFLICT) is recorded as cast elsewhere', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ polls: [poll('p1', [1, 0])] });
    fake.answers['poll:vote'] = () => poll('p1', [1, 1]);
    openTheatre(fake);
    await showAll(['a-polls'], 'p1:1,0');
    expect(text('theatre-ballot')).toBe('null');

    act(() => screen.getByText('vote').click());
    await showAll(['theatre-polls', 'a-polls', 'b-polls'], 'p1:1,1');
    expect(text('theatre-ballot')).toBe('[1]');
    expect(fake.sentOf('poll:vote')).toEqual([{ pollId: 'p1', choices: [1] }]);
    expect(window.localStorage.getItem('yunzhan.poll.p1')).toBe('[1]');

    fake.answers['poll:vote'] = () => {
      throw { code: 'CONFLICT', message: 'voted already' };
    };
    act(() => screen.getByText('vote').click());
    await waitFor(() => expect(text('vote-error')).toBe('CONFLICT'));
    expect(text('theatre-ballot')).toBe('[]');
  });
});

describe('a room’s presence and reactions', () => {
  it('writes a presence:count push into every reader and into the room’s count; a live:state moves the room’s count', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult();
    openTheatre(fake);
    await waitFor(() => expect(text('room-presence')).toBe('3'));
    expect(text('a-presence')).toBe('-');

    act(() => fake.push('presence:count', { channel: CHANNEL, count: 250, approximate: true }));
    await showAll(['theatre-presence', 'a-presence', 'b-presence'], '250');
    expect(text('room-presence')).toBe('≈250');

    act(() => fake.push('live:state', live(260)));
    await waitFor(() => expect(text('room-presence')).toBe('≈260'));
    // Another room's count is not this one's.
    act(() => fake.push('presence:count', { channel: 'event:other', count: 1, approximate: false }));
    act(() => fake.push('presence:count', { channel: CHANNEL, count: 251, approximate: true }));
    await showAll(['theatre-presence', 'a-presence', 'b-presence'], '251');
  });

  it('hands reaction bursts to the room’s feed without keeping them', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult();
    const seen: ReactionBurst[] = [];
    openTheatre(fake, seen);
    await waitFor(() => expect(text('room-presence')).toBe('3'));
    const burst: ReactionBurst = { channel: CHANNEL, counts: { heart: 2 }, tickMs: 250 };
    act(() => fake.push('reaction:burst', burst));
    act(() => fake.push('reaction:burst', { ...burst, channel: 'event:other' }));
    expect(seen).toEqual([burst]);
  });
});
