import type { LiveState } from '@yunzhan/shared';

/** What the theatre shows: before joining, before the live, live, a replay, or over with nothing to replay. */
export type StreamStatus = 'connecting' | 'waiting' | 'live' | 'replay' | 'ended';

/** How to play the stream: following the live edge, or a finished recording from its start. */
export type PlaybackMode = 'live' | 'replay';

/** The stream to load into the player. */
export interface PlaybackSource {
  /** Standard HLS multivariant playlist: replays, and the fallback for lives. */
  url: string;
  mode: PlaybackMode;
  /** LL-HLS multivariant playlist, preferred while live where the server offers one. */
  lowLatencyUrl?: string;
}

/** The theatre's status for an event's live state (null until the join ack arrives). */
export function streamStatus(live: LiveState | null): StreamStatus {
  if (!live) return 'connecting';
  if (live.status === 'live') return live.hls ? 'live' : 'waiting';
  if (live.status === 'ended') return live.hls ? 'replay' : 'ended';
  return 'waiting';
}

/**
 * What the player should load: the live playlist while live (its LL-HLS flavour too, when
 * offered), the same (now finished) standard playlist as a replay from 0 once ended, nothing
 * otherwise.
 */
export function playbackSource(live: LiveState | null): PlaybackSource | null {
  const status = streamStatus(live);
  if (!live?.hls) return null;
  if (status === 'live') return live.hls.lowLatency ? { url: live.hls.master, mode: 'live', lowLatencyUrl: live.hls.lowLatency } : { url: live.hls.master, mode: 'live' };
  if (status === 'replay') return { url: live.hls.master, mode: 'replay' };
  return null;
}
