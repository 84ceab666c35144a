import type { EventSummary } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { canHost } from '../lib/api';
import { groupEvents } from './event-groups';

const event = (id: string, over: Partial<EventSummary>): EventSummary => ({
  id,
  title: id,
  description: '',
  status: 'scheduled',
  startsAt: '2025-06-01T10:00:00Z',
  startedAt: null,
  endedAt: null,
  hls: null,
  recording: null,
  hostIds: ['host-1'],
  viewerCount: 0,
  ...over,
});

describe('groupEvents', () => {
  it('sorts live, upcoming and past events into their lists in a useful order', () => {
    const groups = groupEvents([
      event('later', { startsAt: '2025-06-02T10:00:00Z' }),
      event('sooner', { startsAt: '2025-06-01T10:00:00Z' }),
      event('old', { status: 'ended', endedAt: '2025-05-01T10:00:00Z' }),
      event('recent', { status: 'ended', endedAt: '2025-05-20T10:00:00Z' }),
      event('on-air', { status: 'live', startedAt: '2025-05-31T10:00:00Z' }),
    ]);
    expect(groups.live.map((e) => e.id)).toEqual(['on-air']);
    expect(groups.upcoming.map((e) => e.id)).toEqual(['sooner', 'later']);
    expect(groups.past.map((e) => e.id)).toEqual(['recent', 'old']);
  });
});

describe('canHost', () => {
  const e = event('launch', {});
  it('lets the event’s hosts and admins in, and nobody else', () => {
    expect(canHost({ id: 'host-1', username: 'h', displayName: 'H', role: 'host' }, e)).toBe(true);
    expect(canHost({ id: 'admin-1', username: 'a', displayName: 'A', role: 'admin' }, e)).toBe(true);
    expect(canHost({ id: 'host-2', username: 'h2', displayName: 'H2', role: 'host' }, e)).toBe(false);
    expect(canHost({ id: 'v', username: 'v', displayName: 'V', role: 'viewer' }, e)).toBe(false);
    expect(canHost(null, e)).toBe(false);
  });
});
