import type { LiveState } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { playbackSource, streamStatus } from './stream-status';

const state = (over: Partial<LiveState>): LiveState => ({
  eventId: 'launch',
  status: 'scheduled',
  hls: null,
  startedAt: null,
  viewerCount: 0,
  recovering: false,
  awaitingPublisher: false,
  ...over,
});
const hls = { master: '/hls/s1/master.m3u8' };

describe('streamStatus and playbackSource', () => {
  it('is connecting before the join ack', () => {
    expect(streamStatus(null)).toBe('connecting');
    expect(playbackSource(null)).toBeNull();
  });

  it('waits for a scheduled event', () => {
    expect(streamStatus(state({}))).toBe('waiting');
    expect(playbackSource(state({}))).toBeNull();
  });

  it('waits while live but before the playlist exists', () => {
    expect(streamStatus(state({ status: 'live' }))).toBe('waiting');
  });

  it('plays the live playlist at the live edge once there is one', () => {
    expect(streamStatus(state({ status: 'live', hls }))).toBe('live');
    expect(playbackSource(state({ status: 'live', hls }))).toEqual({ url: hls.master, mode: 'live' });
  });

  it('offers the LL-HLS playlist next to the standard one while live, and only the standard one as a replay', () => {
    const both = { ...hls, lowLatency: '/hls/s1/ll/master.m3u8' };
    expect(playbackSource(state({ status: 'live', hls: both }))).toEqual({ url: hls.master, mode: 'live', lowLatencyUrl: both.lowLatency });
    expect(playbackSource(state({ status: 'ended', hls: both }))).toEqual({ url: hls.master, mode: 'replay' });
  });

  it('turns into a replay of the same playlist when the live ends', () => {
    expect(streamStatus(state({ status: 'ended', hls }))).toBe('replay');
    expect(playbackSource(state({ status: 'ended', hls }))).toEqual({ url: hls.master, mode: 'replay' });
  });

  it('is simply over when an ended event has nothing to replay', () => {
    expect(streamStatus(state({ status: 'ended' }))).toBe('ended');
    expect(playbackSource(state({ status: 'ended' }))).toBeNull();
  });
});
