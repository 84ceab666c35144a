// @vitest-environment jsdom
import { ChatMessage, type ChatStanding, type JoinResult, type LiveState } from '@yunzhan/shared';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../data/query-keys';
import { FakeSocket, renderWithSocket } from '../data/socket-test-kit';
import { useLiveFeed } from '../data/socket-provider';
import { useEventInteraction } from '../interaction/use-event-interaction';
import { ClientError } from '../lib/client-error';
import { useEventRoom } from '../realtime/use-event-room';
import type { LiveMessage } from './chat-cache';
import { useChatLog, usePinned, useStanding } from './use-chat-channel';

// A channel's chat in the query cache, with the real hooks, the real push registry and the app's
// QueryClient; the server is a fake socket the test pushes events on and answers requests from.

afterEach(cleanup);

const CHANNEL = 'event:show';
const ADA = { id: 'u1', username: 'ada', displayName: 'Ada', role: 'viewer' as const };

const message = (seq: number, text: string, over: Partial<ChatMessage> = {}): ChatMessage =>
  ChatMessage.parse({
    id: `m${seq}`,
    seq,
    channel: CHANNEL,
    userId: 'u2',
    displayName: 'Bo',
    text,
    status: 'visible',
    replyTo: null,
    mentions: [],
    pinned: false,
    danmaku: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...over,
  });

const standing = (over: Partial<ChatStanding> = {}): ChatStanding => ({ channel: CHANNEL, mutedUntil: null, banned: false, moderator: false, nextMessageAt: null, ...over });
const live: LiveState = { eventId: 'show', status: 'live', hls: null, startedAt: null, viewerCount: 3, recovering: false, awaitingPublisher: false };
const joinResult = (over: Partial<JoinResult> = {}): JoinResult => ({ live, history: [], user: ADA, standing: standing(), pinned: [], polls: [], ...over });

/** The theatre's chat in miniature: the room, its chat and moderation, and a send button. */
function Theatre({ draft = 'hi' }: { draft?: string }) {
  const room = useEventRoom('show');
  const { chat, moderation } = useEventInteraction(room, ADA);
  const [error, setError] = useState('');
  return (
    <div>
      <p data-testid="joins">{room.joinCount}</p>
      <p data-testid="theatre-log">{chat.messages.map((m) => m.text).join('|')}</p>
      <p data-testid="theatre-standing">{chat.standing?.mutedUntil ?? 'free'}</p>
      <p data-testid="mod-held">{moderation.state ? String(moderation.state.held.length) : 'none'}</p>
      <button type="button" onClick={() => chat.send({ text: draft }).catch((e: ClientError) => setError(e.code))}>
        send
      </button>
      <button type="button" onClick={() => void moderation.act({ type: 'slow-mode', seconds: 10 }).catch(() => undefined)}>
        slow
      </button>
      <p data-testid="send-error">{error}</p>
    </div>
  );
}

/** Another component reading the same channel from the cache (as a second panel or a badge would). */
function Reader({ name }: { name: string }) {
  const log = useChatLog(CHANNEL);
  const pinned = usePinned(CHANNEL);
  const held = useStanding(CHANNEL);
  return (
    <div>
      <p data-testid={`${name}-log`}>{log.messages.map((m) => m.text).join('|')}</p>
      <p data-testid={`${name}-pinned`}>{pinned.map((m) => m.text).join('|')}</p>
      <p data-testid={`${name}-standing`}>{held?.mutedUntil ?? 'free'}</p>
    </div>
  );
}

/** Records what the danmaku layer would be given. */
function Danmaku({ seen }: { seen: LiveMessage[] }) {
  const feed = useLiveFeed('chat', CHANNEL);
  useEffect(() => feed.subscribe((item) => void seen.push(item)), [feed]);
  return null;
}

const text = (id: string) => screen.getByTestId(id).textContent;
/** Waits until every element named in `ids` reads `value` (the query cache tells its readers on the next tick). */
const showAll = (ids: string[], value: string) => waitFor(() => expect(ids.map(text)).toEqual(ids.map(() => value)));

function openTheatre(fake: FakeSocket, seen: LiveMessage[] = []) {
  const view = renderWithSocket(
    <>
      <Theatre />
      <Reader name="a" />
      <Reader name="b" />
      <Danmaku seen={seen} />
    </>,
    fake,
  );
  return view;
}

describe('a channel’s chat in the query cache', () => {
  it('writes a chat:batch push into every component reading the channel, and out to the danmaku feed', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ history: [message(1, 'hello'), message(2, 'again')] });
    const seen: LiveMessage[] = [];
    openTheatre(fake, seen);
    await waitFor(() => expect(text('theatre-log')).toBe('hello|again'));
    expect(text('a-log')).toBe('hello|again');
    expect(text('b-log')).toBe('hello|again');

    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    act(() => fake.push('chat:batch', { channel: CHANNEL, messages: [message(3, 'third', { userId: 'u1' }), { id: 'bad' }] }));
    await showAll(['theatre-log', 'a-log', 'b-log'], 'hello|again|third');
    expect(seen).toEqual([{ message: message(3, 'third', { userId: 'u1' }), own: true }]);
    // Another channel's batch does not land here (the next one of this channel does).
    act(() => fake.push('chat:batch', { channel: 'event:other', messages: [message(4, 'elsewhere', { channel: 'event:other' })] }));
    act(() => fake.push('chat:batch', { channel: CHANNEL, messages: [message(5, 'fifth')] }));
    await showAll(['theatre-log', 'a-log', 'b-log'], 'hello|again|third|fifth');
    expect(seen.map((s) => s.message.text)).toEqual(['third', 'fifth']);
    warned.mockRestore();
  });

  it('applies a chat:update to the log and the pinned list of every reader', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ history: [message(1, 'hello'), message(2, 'again')] });
    openTheatre(fake);
    await waitFor(() => expect(text('a-log')).toBe('hello|again'));

    act(() => fake.push('chat:update', { channel: CHANNEL, message: message(2, 'again', { pinned: true }) }));
    await showAll(['a-pinned', 'b-pinned'], 'again');
    act(() => fake.push('chat:update', { channel: CHANNEL, message: message(1, 'hello', { status: 'hidden' }) }));
    await showAll(['theatre-log', 'a-log', 'b-log'], 'again');
  });

  it('sends as a mutation: the ack lands in every reader, and a refusal that says why sets the standing they all show', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ history: [message(1, 'hello')] });
    fake.answers['chat:send'] = () => message(2, 'hi', { userId: 'u1', displayName: 'Ada' });
    openTheatre(fake);
    await waitFor(() => expect(text('a-log')).toBe('hello'));

    act(() => screen.getByText('send').click());
    await waitFor(() => expect(text('a-log')).toBe('hello|hi'));
    expect(text('b-log')).toBe('hello|hi');
    expect(fake.sentOf('chat:send')).toEqual([expect.objectContaining({ channel: CHANNEL, text: 'hi' })]);

    const until = '2030-01-01T00:00:00.000Z';
    fake.answers['chat:send'] = () => {
      throw { code: 'FORBIDDEN', message: 'muted', details: { reason: 'muted', until } };
    };
    act(() => screen.getByText('send').click());
    await waitFor(() => expect(text('send-error')).toBe('FORBIDDEN'));
    await showAll(['theatre-standing', 'a-standing', 'b-standing'], until);
    // A chat:standing push (the mute lifted) reaches them all too.
    act(() => fake.push('chat:standing', standing()));
    await showAll(['theatre-standing', 'a-standing', 'b-standing'], 'free');
  });

  it('catches up after a reconnect socket.io could not recover: pages after the last message seen, merged with the join’s newest page', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ history: [message(1, 'one'), message(2, 'two')] });
    openTheatre(fake);
    await waitFor(() => expect(text('a-log')).toBe('one|two'));
    expect(fake.sentOf('chat:history')).toEqual([]);

    act(() => fake.drop());
    // While away: 3 and 4 were said; the join brings the newest page (only 4 fits in this one).
    fake.answers['event:join'] = () => joinResult({ history: [message(4, 'four')] });
    fake.answers['chat:history'] = () => ({ messages: [message(3, 'three'), message(4, 'four')], hasMore: false });
    act(() => void fake.connect());
    await waitFor(() => expect(text('a-log')).toBe('one|two|three|four'));
    expect(text('b-log')).toBe('one|two|three|four');
    expect(fake.sentOf('chat:history')).toEqual([{ channel: CHANNEL, afterSeq: 2, limit: 100 }]);
  });

  it('drops the channel’s entries when the last reader goes, and a later push does not bring them back', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ history: [message(1, 'hello')] });
    const view = openTheatre(fake);
    await waitFor(() => expect(text('a-log')).toBe('hello'));
    view.unmount();
    await waitFor(() => expect(view.queryClient.getQueryCache().find({ queryKey: queryKeys.chat.log(CHANNEL) })).toBeUndefined());
    expect(fake.sentOf('event:leave')).toEqual([{ eventId: 'show' }]);
    fake.push('chat:batch', { channel: CHANNEL, messages: [message(2, 'late')] });
    fake.push('chat:standing', standing({ banned: true }));
    expect(view.queryClient.getQueryData(queryKeys.chat.log(CHANNEL))).toBeUndefined();
    expect(view.queryClient.getQueryData(queryKeys.chat.standing(CHANNEL))).toBeUndefined();
  });
});

describe('a channel’s moderation in the query cache', () => {
  const modState = { settings: { channel: CHANNEL, slowModeSeconds: 0, membersOnly: false, membersOnlyMinAgeMinutes: 0, keywordRules: [], moderatorIds: ['u1'] }, held: [], reports: [], log: [] };

  it('loads for a moderator, follows mod:queue pushes, and an action invalidates it', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult({ standing: standing({ moderator: true }) });
    fake.answers['mod:state'] = () => modState;
    fake.answers['mod:act'] = () => null;
    openTheatre(fake);
    await waitFor(() => expect(text('mod-held')).toBe('0'));
    expect(fake.sentOf('mod:state')).toHaveLength(1);

    act(() => fake.push('mod:queue', { channel: CHANNEL, held: [message(5, 'held back', { status: 'held' })], reports: [] }));
    await waitFor(() => expect(text('mod-held')).toBe('1'));

    act(() => screen.getByText('slow').click());
    await waitFor(() => expect(fake.sentOf('mod:state')).toHaveLength(2));
    expect(fake.sentOf('mod:act')).toEqual([{ channel: CHANNEL, action: { type: 'slow-mode', seconds: 10 } }]);
    // The state read afterwards is the server's (its queue is empty again).
    await waitFor(() => expect(text('mod-held')).toBe('0'));
  });

  it('is not asked for when the join says the viewer does not moderate', async () => {
    const fake = new FakeSocket();
    fake.answers['event:join'] = () => joinResult();
    openTheatre(fake);
    await waitFor(() => expect(text('joins')).toBe('1'));
    expect(text('mod-held')).toBe('none');
    expect(fake.sentOf('mod:state')).toEqual([]);
  });
});
