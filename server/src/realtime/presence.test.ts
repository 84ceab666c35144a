import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceCount } from '@yunzhan/shared';
import { Presence, type LocalRooms, type PresenceStore } from './presence';

/** Rooms of one node as plain data. */
function rooms(): LocalRooms & { sizes: Map<string, number>; sent: { room: string; payload: PresenceCount }[] } {
  const sizes = new Map<string, number>();
  const sent: { room: string; payload: PresenceCount }[] = [];
  return {
    sizes,
    sent,
    size: (room) => sizes.get(room) ?? 0,
    rooms: () => sizes.keys(),
    emitLocal: (room, payload) => sent.push({ room, payload }),
  };
}

describe('Presence', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one count per room per tick however many joins arrive', async () => {
    const local = rooms();
    const presence = new Presence({ local, tickMs: 2000 });
    for (let i = 1; i <= 300; i++) {
      local.sizes.set('event:gala', i);
      presence.changed('event:gala');
    }
    local.sizes.set('user:u1', 1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(local.sent).toEqual([{ room: 'event:gala', payload: { channel: 'event:gala', count: 300, approximate: true } }]);
    // Nothing changed: nothing more goes out, and the timer is not rearmed.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(local.sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    await presence.close();
  });

  it('answers exact counts below the limit at once, without waiting for a tick', async () => {
    const local = rooms();
    const presence = new Presence({ local, exactLimit: 200 });
    local.sizes.set('hall:demo', 12);
    expect(presence.count('hall:demo')).toEqual({ channel: 'hall:demo', count: 12, approximate: false });
    expect(presence.count('event:none')).toEqual({ channel: 'event:none', count: 0, approximate: false });
    await presence.close();
  });

  it('adds the other nodes’ counts and tells its own viewers when they change', async () => {
    const local = rooms();
    const published: Map<string, number>[] = [];
    let others = new Map([['event:gala', 5]]);
    const store: PresenceStore = {
      exchange: async (counts) => {
        published.push(new Map(counts));
        return others;
      },
      close: async () => {},
    };
    const presence = new Presence({ local, store, tickMs: 2000 });
    local.sizes.set('event:gala', 2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(published.at(-1)).toEqual(new Map([['event:gala', 2]]));
    expect(presence.count('event:gala').count).toBe(7);
    expect(local.sent.map((s) => s.payload.count)).toEqual([7]);
    others = new Map([['event:gala', 9]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(local.sent.map((s) => s.payload.count)).toEqual([7, 11]);
    await presence.close();
  });

  it('falls back to its own counts when the exchange fails', async () => {
    const local = rooms();
    const onError = vi.fn();
    const store: PresenceStore = { exchange: () => Promise.reject(new Error('redis away')), close: async () => {} };
    const presence = new Presence({ local, store, tickMs: 1000, onError });
    local.sizes.set('event:gala', 3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalled();
    expect(local.sent.map((s) => s.payload.count)).toEqual([3]);
    await presence.close();
  });
});
