import { describe, expect, it } from 'vitest';
import { firstCatchUpStep, nextCatchUpStep } from './catch-up';
import { applyUpdate, canSee, firstSeq, keepAfterPage, lastSeq, mentionsName, mergeMessages, updatePinned, type LogMessage } from './message-log';
import { composerState, formatCountdown, isCountingDown, standingAfterRefusal } from './standing-view';

interface Msg extends LogMessage {
  text: string;
}
const msg = (id: string, seq: number, over: Partial<Msg> = {}): Msg => ({ id, seq, status: 'visible', userId: 'u1', pinned: false, text: id, ...over });
const viewer = { userId: 'me', moderator: false };

describe('merging batches into the chat log', () => {
  it('keeps a message that arrives twice (send ack and batch) once', () => {
    expect(mergeMessages([msg('a', 1)], [msg('a', 1), msg('b', 2)]).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('orders by seq whatever order batches, pages and acks arrive in', () => {
    const log = mergeMessages(mergeMessages([msg('c', 3)], [msg('e', 5), msg('a', 1)]), [msg('b', 2), msg('d', 4)]);
    expect(log.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets a later copy of a message replace the earlier one', () => {
    const log = mergeMessages([msg('a', 1)], [msg('a', 1, { pinned: true })]);
    expect(log[0]?.pinned).toBe(true);
  });

  it('drops the oldest beyond the limit', () => {
    expect(mergeMessages([msg('a', 1), msg('b', 2)], [msg('c', 3)], 2).map((m) => m.id)).toEqual(['b', 'c']);
  });

  it('returns the same array when nothing changed, so React skips the render', () => {
    const log = [msg('a', 1)];
    expect(mergeMessages(log, [])).toBe(log);
    expect(mergeMessages(log, [msg('a', 1)])).toBe(log);
  });

  it('knows the first and last seq it holds', () => {
    expect(lastSeq([msg('b', 7), msg('a', 3)])).toBe(7);
    expect(firstSeq([msg('b', 7), msg('a', 3)])).toBe(3);
    expect(lastSeq([])).toBeNull();
  });

  it('raises the limit when paging back so an older page is not trimmed at once', () => {
    expect(keepAfterPage(200, 200, 50)).toBe(250);
    expect(keepAfterPage(300, 100, 50)).toBe(300);
  });
});

describe('chat updates', () => {
  it('removes a deleted message for viewers and keeps its tombstone for moderators', () => {
    const log = [msg('a', 1), msg('b', 2)];
    const deleted = msg('a', 1, { status: 'deleted', text: '' });
    expect(applyUpdate(log, deleted, viewer).map((m) => m.id)).toEqual(['b']);
    expect(applyUpdate(log, deleted, { userId: 'mod', moderator: true })[0]?.status).toBe('deleted');
  });

  it('adds a held message to everyone’s log once a moderator approves it', () => {
    expect(applyUpdate([msg('b', 2)], msg('a', 1), viewer).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('shows authors their own held message but not other people’s', () => {
    expect(canSee(msg('a', 1, { status: 'held', userId: 'me' }), viewer)).toBe(true);
    expect(canSee(msg('a', 1, { status: 'held', userId: 'other' }), viewer)).toBe(false);
    expect(canSee(msg('a', 1, { status: 'deleted', userId: 'me' }), viewer)).toBe(false);
  });

  it('keeps the pinned bar in step with pin and unpin, newest first', () => {
    let pinned = updatePinned([], msg('a', 1, { pinned: true }));
    pinned = updatePinned(pinned, msg('b', 2, { pinned: true }));
    expect(pinned.map((m) => m.id)).toEqual(['b', 'a']);
    expect(updatePinned(pinned, msg('a', 1, { pinned: false })).map((m) => m.id)).toEqual(['b']);
    expect(updatePinned(pinned, msg('b', 2, { pinned: true, status: 'deleted' })).map((m) => m.id)).toEqual(['a']);
  });

  it('finds @mentions of a username but not of a longer name', () => {
    expect(mentionsName('hi @ada!', 'ada')).toBe(true);
    expect(mentionsName('@ADA look', 'ada')).toBe(true);
    expect(mentionsName('hi @adam', 'ada')).toBe(false);
    expect(mentionsName('mail ada@example.com', 'ada')).toBe(false);
    expect(mentionsName('hi ada', 'ada')).toBe(false);
  });
});

describe('catching up after a reconnect', () => {
  it('loads the newest page on the first join', () => {
    expect(firstCatchUpStep({ firstJoin: true, recovered: false, lastSeq: null })).toEqual({ kind: 'newest' });
  });

  it('asks for nothing when socket.io recovered the session', () => {
    expect(firstCatchUpStep({ firstJoin: false, recovered: true, lastSeq: 40 })).toEqual({ kind: 'none' });
  });

  it('asks for what came after the last seq seen when recovery failed', () => {
    expect(firstCatchUpStep({ firstJoin: false, recovered: false, lastSeq: 40 })).toEqual({ kind: 'after', afterSeq: 40 });
    expect(firstCatchUpStep({ firstJoin: false, recovered: false, lastSeq: null })).toEqual({ kind: 'newest' });
  });

  it('continues after a full page and stops after a short one', () => {
    expect(nextCatchUpStep({ received: 100, limit: 100, pageLastSeq: 140, pagesSoFar: 1 })).toEqual({ kind: 'after', afterSeq: 140 });
    expect(nextCatchUpStep({ received: 12, limit: 100, pageLastSeq: 52, pagesSoFar: 1 })).toEqual({ kind: 'none' });
  });

  it('gives up on a very long gap and reloads the newest page', () => {
    expect(nextCatchUpStep({ received: 100, limit: 100, pageLastSeq: 540, pagesSoFar: 5 })).toEqual({ kind: 'newest' });
  });
});

describe('standing in the composer', () => {
  const now = Date.parse('2025-01-01T12:00:00.000Z');
  const base = { mutedUntil: null, banned: false, nextMessageAt: null };

  it('counts slow mode down to the next allowed message', () => {
    const state = composerState({ ...base, nextMessageAt: '2025-01-01T12:00:04.200Z' }, now);
    expect(state).toEqual({ kind: 'slow', until: '2025-01-01T12:00:04.200Z', secondsLeft: 5 });
    expect(isCountingDown(state)).toBe(true);
    expect(composerState({ ...base, nextMessageAt: '2025-01-01T11:59:59.000Z' }, now)).toEqual({ kind: 'ok' });
  });

  it('shows a mute until it runs out, and a ban above everything', () => {
    expect(composerState({ ...base, mutedUntil: '2025-01-01T12:10:00.000Z' }, now)).toMatchObject({ kind: 'muted', secondsLeft: 600 });
    expect(composerState({ ...base, mutedUntil: '2025-01-01T11:00:00.000Z' }, now)).toEqual({ kind: 'ok' });
    expect(composerState({ ...base, banned: true, mutedUntil: '2025-01-01T12:10:00.000Z' }, now)).toEqual({ kind: 'banned' });
  });

  it('formats countdowns as minutes and seconds', () => {
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(600)).toBe('10:00');
    expect(formatCountdown(3725)).toBe('1:02:05');
  });

  it('learns the standing from a refused send', () => {
    expect(standingAfterRefusal(null, { code: 'FORBIDDEN', details: { reason: 'banned' } }, now)?.banned).toBe(true);
    expect(standingAfterRefusal(null, { code: 'FORBIDDEN', details: { reason: 'muted', until: '2025-01-01T12:05:00.000Z' } }, now)?.mutedUntil).toBe(
      '2025-01-01T12:05:00.000Z',
    );
    expect(standingAfterRefusal(base, { code: 'RATE_LIMITED', details: { retryAfterMs: 3000 } }, now)?.nextMessageAt).toBe('2025-01-01T12:00:03.000Z');
    expect(standingAfterRefusal(base, { code: 'FORBIDDEN', details: { reason: 'slow-mode', retryAfterMs: 2000 } }, now)?.nextMessageAt).toBe('2025-01-01T12:00:02.000Z');
    expect(standingAfterRefusal(base, { code: 'FORBIDDEN', details: { reason: 'members-only' } }, now)).toBeNull();
    expect(standingAfterRefusal(base, { code: 'VALIDATION_FAILED' }, now)).toBeNull();
  });
});
