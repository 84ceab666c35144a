import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, PollState } from '@yunzhan/shared';
import { Fanout, type FanoutPacket } from './fanout';

const message = (channel: string, seq: number): ChatMessage => ({
  id: `m${seq}`,
  channel,
  seq,
  userId: 'u1',
  displayName: 'Ada',
  badge: null,
  text: `line ${seq}`,
  status: 'visible',
  replyTo: null,
  mentions: [],
  pinned: false,
  danmaku: null,
  createdAt: new Date(0).toISOString(),
});

const poll = (id: string, votes: number, open = true): PollState => ({
  id,
  channel: 'event:gala',
  question: 'Best act?',
  options: [
    { text: 'a', votes },
    { text: 'b', votes: 0 },
  ],
  multiple: false,
  open,
  totalVoters: votes,
  createdAt: new Date(0).toISOString(),
  closedAt: open ? null : new Date(0).toISOString(),
});

describe('Fanout', () => {
  let sent: { room: string; packet: FanoutPacket }[];
  let fanout: Fanout;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    fanout = new Fanout({ emit: (room, packet) => sent.push({ room, packet }), tickMs: 150, maxMessagesPerTick: 4 });
  });
  afterEach(() => {
    fanout.close();
    vi.useRealTimers();
  });

  it('sends the chat messages of one tick as one batch per room, in order', () => {
    fanout.chat(message('event:gala', 1));
    fanout.chat(message('event:gala', 2));
    fanout.chat(message('hall:demo', 1));
    vi.advanceTimersByTime(149);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => s.room)).toEqual(['event:gala', 'hall:demo']);
    expect(sent[0]!.packet).toMatchObject({ event: 'chat:batch', payload: { channel: 'event:gala' } });
    const batch = sent[0]!.packet.payload as { messages: ChatMessage[] };
    expect(batch.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('sums reactions per tick into one burst and sends nothing when nothing arrived', () => {
    for (let i = 0; i < 30; i++) fanout.reaction('event:gala', 'clap');
    fanout.reaction('event:gala', 'heart', 3);
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([{ room: 'event:gala', packet: { event: 'reaction:burst', payload: { channel: 'event:gala', counts: { clap: 30, heart: 3 }, tickMs: 150 } } }]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends at most one state per poll per tick, the latest', () => {
    for (let v = 1; v <= 50; v++) fanout.poll(poll('p1', v));
    fanout.poll(poll('p2', 1));
    vi.advanceTimersByTime(150);
    expect(sent.map((s) => s.packet.event)).toEqual(['poll:state', 'poll:state']);
    expect(sent.map((s) => (s.packet.payload as PollState).totalVoters)).toEqual([50, 1]);
  });

  it('drops the oldest messages beyond the cap and counts them', () => {
    const onDrop = vi.fn();
    fanout = new Fanout({ emit: (room, packet) => sent.push({ room, packet }), tickMs: 150, maxMessagesPerTick: 4, onDrop });
    for (let seq = 1; seq <= 11; seq++) fanout.chat(message('event:gala', seq));
    vi.advanceTimersByTime(150);
    const batch = sent[0]!.packet.payload as { messages: ChatMessage[] };
    expect(batch.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11]);
    expect(fanout.metrics.dropped).toBe(7);
    expect(onDrop.mock.calls.reduce((sum, [, n]) => sum + (n as number), 0)).toBe(7);
  });

  it('flushes on close and ignores what comes after', () => {
    fanout.chat(message('event:gala', 1));
    fanout.close();
    expect(sent).toHaveLength(1);
    fanout.chat(message('event:gala', 2));
    fanout.reaction('event:gala', 'wow');
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
    fanout.close();
  });

  it('keeps flushing the other rooms when one emit throws', () => {
    let first = true;
    fanout = new Fanout({
      emit: (room, packet) => {
        if (first) {
          first = false;
          throw new Error('closing');
        }
        sent.push({ room, packet });
      },
    });
    fanout.chat(message('event:a', 1));
    fanout.chat(message('event:b', 1));
    fanout.flush();
    expect(sent.map((s) => s.room)).toEqual(['event:b']);
    expect(fanout.metrics).toMatchObject({ packets: 2, messages: 2, ticks: 1 });
  });
});
