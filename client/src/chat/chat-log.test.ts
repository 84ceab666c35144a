import type { ChatMessage } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { mergeMessages } from './chat-log';

const msg = (id: string, second: number): ChatMessage => ({
  id,
  eventId: 'launch',
  userId: 'u1',
  displayName: 'Ada',
  text: `message ${id}`,
  createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, second)).toISOString(),
});

describe('mergeMessages', () => {
  it('keeps a message that arrives twice (send ack and broadcast) once', () => {
    const log = mergeMessages([msg('a', 1)], [msg('a', 1)]);
    expect(log.map((m) => m.id)).toEqual(['a']);
  });

  it('orders messages by server time', () => {
    const log = mergeMessages([msg('b', 2)], [msg('a', 1), msg('c', 3)]);
    expect(log.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('drops the oldest beyond the limit', () => {
    const log = mergeMessages([msg('a', 1), msg('b', 2)], [msg('c', 3)], 2);
    expect(log.map((m) => m.id)).toEqual(['b', 'c']);
  });

  it('returns the same array when nothing is new (no needless re-render)', () => {
    const log = [msg('a', 1)];
    expect(mergeMessages(log, [])).toBe(log);
    expect(mergeMessages(log, [msg('a', 1)])).toBe(log);
  });
});
