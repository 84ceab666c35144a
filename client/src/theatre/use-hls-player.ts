import type Hls from 'hls.js';
import type { ErrorData, HlsConfig } from 'hls.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientErrorCode } from '../lib/client-error';
import { readPreference } from '../lib/storage';
import { levelShortLabel, qualityOptions, type QualityOption } from './quality';
import type { PlaybackSource } from './stream-status';

/** How the stream is being played: hls.js with LL-HLS, hls.js with standard HLS, or the browser's own HLS. */
export type PlaybackProtocol = 'll-hls' | 'hls' | 'native';

declare global {
  interface Window {
    /** Test and bench hook: the current player's hls.js instance, video element and protocol. */
    __yunzhan?: { hls: Hls | null; video: HTMLVideoElement | null; protocol: PlaybackProtocol | null };
  }
}

/** localStorage key: `off` plays lives with standard HLS even where LL-HLS is offered (bench, debugging). */
export const LOW_LATENCY_PREFERENCE = 'yunzhan.lowLatency';

/** What the video is doing. */
export type PlaybackState = 'idle' | 'loading' | 'playing' | 'paused' | 'buffering' | 'blocked' | 'ended' | 'error';

/** The player's state and controls. */
export interface HlsPlayer {
  state: PlaybackState;
  /** Why playback failed, when state is 'error'. */
  error: ClientErrorCode | null;
  /** hls.js quality levels, highest first (empty with native HLS). */
  levels: QualityOption[];
  /** The chosen level index, or -1 for automatic. */
  selectedLevel: number;
  /** Short label of the level playing now ("720p"), for "Auto (720p)". */
  playingLabel: string | null;
  setLevel: (level: number) => void;
  muted: boolean;
  setMuted: (muted: boolean) => void;
  /** Starts playback from a user gesture (after autoplay was refused). */
  play: () => void;
  /** Whether the video has a decoded picture to show. */
  hasPicture: boolean;
  /** Loads the source again after an error. */
  retry: () => void;
  /**
   * When the picture on screen was captured, in ms since the epoch (the playlist's
   * EXT-X-PROGRAM-DATE-TIME plus the position in the segment), or null when there is no picture
   * or the stream does not say. Cues pressed at a moment wait until the picture reaches it.
   */
  pictureTime: () => number | null;
}

/** Delay before retrying a failed load, growing per attempt, in milliseconds. */
const RETRY_DELAYS_MS = [1_000, 2_000, 3_000, 5_000];
/** How many fatal network errors in a row a replay tolerates (a live keeps waiting for the host). */
const REPLAY_MAX_RETRIES = 6;
/** Two fatal media errors closer than this (ms) mean recovery alone does not help. */
const MEDIA_RECOVERY_WINDOW_MS = 3_000;
/**
 * LL-HLS: seconds behind hls.js's target latency past which playback jumps back to it. hls.js
 * speeds up only within one target duration of its target and otherwise treats the position as
 * deliberate DVR playback, so a stall at start-up could leave a live seconds behind for good.
 */
const LOW_LATENCY_RESYNC_SECONDS = 3;

function hlsConfig(mode: PlaybackSource['mode'], lowLatency: boolean): Partial<HlsConfig> {
  const common: Partial<HlsConfig> = {
    // Start a replay at its beginning; a live at the live edge (-1 is hls.js's default).
    startPosition: mode === 'replay' ? 0 : -1,
    // The 3D view's <video> is tiny and hidden: never let its size cap the quality.
    capLevelToPlayerSize: false,
    // Seconds of played media kept buffered; bounds memory on long lives.
    backBufferLength: 30,
  };
  if (lowLatency) {
    // Parts, blocking reloads, preload hints and delta updates. The target latency is the
    // playlist's PART-HOLD-BACK: any liveSyncDuration(Count) here would override it. Up to 1.5x
    // speed brings playback back to it within seconds after a stall (hls.js scales the rate
    // with the distance: 1.1x when 0.3 s behind).
    return { ...common, lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5 };
  }
  // Standard HLS: 3.5 s behind the end of the playlist (its last segment ended 0-2 s ago), so
  // about 5 s glass to glass with 2 s segments, rather than hls.js's default three target
  // durations (about 7 s). 3.5 s of buffer still covers a late segment (one target duration)
  // and its download. hls.js refuses mixed count and seconds settings, hence both in seconds;
  // past 20 s behind (after long stalls) it jumps back to the target.
  return { ...common, liveSyncDuration: 3.5, liveMaxLatencyDuration: 20, lowLatencyMode: false };
}

/** Starts fetching hls.js ahead of need (e.g. while the page waits for the live to begin). */
export function preloadHls(): void {
  void import('hls.js').catch(() => undefined);
}

function publish(hls: Hls | null, video: HTMLVideoElement | null, protocol: PlaybackProtocol | null = null) {
  window.__yunzhan = { hls, video, protocol };
}

/**
 * Plays an HLS source into `video`: hls.js (imported lazily) where Media Source Extensions work,
 * the browser's own HLS where only that exists (Safari on iOS). A live plays its LL-HLS playlist
 * when the source offers one, falling back to standard HLS if that fails. Autoplay starts muted.
 * A live whose playlist is not there yet (the host just went live) or stalls (a pipeline
 * restart) is retried until it plays; a changed source (live → replay) reloads from the new
 * start. The Hls instance is destroyed when the source changes and on unmount.
 */
export function useHlsPlayer(video: HTMLVideoElement | null, source: PlaybackSource | null): HlsPlayer {
  const [state, setState] = useState<PlaybackState>('idle');
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [levels, setLevels] = useState<QualityOption[]>([]);
  const [selectedLevel, setSelectedLevel] = useState(-1);
  const [playingLabel, setPlayingLabel] = useState<string | null>(null);
  const [muted, setMutedState] = useState(true);
  const [hasPicture, setHasPicture] = useState(false);
  const hlsRef = useRef<Hls | null>(null);
  const protocolRef = useRef<PlaybackProtocol | null>(null);
  // The viewer's mute choice survives a source change (live → replay).
  const mutedRef = useRef(true);
  const [attempt, setAttempt] = useState(0);
  // The LL-HLS playlist that failed in this session, so the standard one plays instead.
  const [failedLowLatency, setFailedLowLatency] = useState<string | null>(null);

  const url = source?.url ?? null;
  const mode = source?.mode ?? null;
  const offered = mode === 'live' ? (source?.lowLatencyUrl ?? null) : null;
  const lowLatencyUrl = offered && offered !== failedLowLatency && readPreference(LOW_LATENCY_PREFERENCE) !== 'off' ? offered : null;

  // Follow the element's own events (its 2D controls can pause, seek and mute too).
  useEffect(() => {
    if (!video) return;
    video.muted = mutedRef.current;
    publish(hlsRef.current, video, protocolRef.current);
    const onPlaying = () => setState('playing');
    const onPause = () =>
      setState((s) => (s === 'blocked' || s === 'error' || s === 'loading' || video.ended ? s : 'paused'));
    const onWaiting = () => setState((s) => (s === 'error' ? s : 'buffering'));
    const onEnded = () => setState('ended');
    const onVolume = () => {
      mutedRef.current = video.muted;
      setMutedState(video.muted);
    };
    const onPicture = () => setHasPicture(video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA);
    const onEmptied = () => setHasPicture(false);
    const events: Array<[string, () => void]> = [
      ['playing', onPlaying],
      ['pause', onPause],
      ['waiting', onWaiting],
      ['ended', onEnded],
      ['volumechange', onVolume],
      ['loadeddata', onPicture],
      ['canplay', onPicture],
      ['emptied', onEmptied],
    ];
    for (const [name, fn] of events) video.addEventListener(name, fn);
    return () => {
      for (const [name, fn] of events) video.removeEventListener(name, fn);
      publish(null, null);
    };
  }, [video]);

  useEffect(() => {
    setLevels([]);
    setSelectedLevel(-1);
    setPlayingLabel(null);
    setError(null);
    if (!video || !url || !mode) {
      setState('idle');
      return;
    }
    setState('loading');
    let disposed = false;
    let hls: Hls | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastMediaError = 0;

    const tryPlay = () => {
      video.muted = mutedRef.current;
      video.play().catch((e: unknown) => {
        if (disposed) return;
        const name = (e as { name?: string } | null)?.name;
        if (name === 'AbortError') return; // superseded by a newer load or pause
        if (name === 'NotAllowedError') {
          if (!video.muted) {
            // Browsers allow muted autoplay: start muted and let the viewer unmute.
            mutedRef.current = true;
            tryPlay();
          } else setState('blocked');
          return;
        }
        setState('error');
        setError('PLAYBACK');
      });
    };

    const fail = (code: ClientErrorCode) => {
      setState('error');
      setError(code);
    };

    const scheduleRetry = (action: () => void): boolean => {
      failures += 1;
      if (mode === 'replay' && failures > REPLAY_MAX_RETRIES) return false;
      const delay = RETRY_DELAYS_MS[Math.min(failures - 1, RETRY_DELAYS_MS.length - 1)] ?? 5_000;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => !disposed && action(), delay);
      setState((s) => (s === 'playing' ? 'buffering' : s === 'error' ? s : 'loading'));
      return true;
    };

    const startHlsJs = (HlsClass: typeof Hls) => {
      const loadUrl = lowLatencyUrl ?? url;
      const instance = new HlsClass(hlsConfig(mode, lowLatencyUrl !== null));
      hls = instance;
      hlsRef.current = instance;
      protocolRef.current = lowLatencyUrl ? 'll-hls' : 'hls';
      publish(instance, video, protocolRef.current);
      const { Events, ErrorTypes, ErrorDetails } = HlsClass;

      const updateLevels = () => setLevels(qualityOptions(instance.levels));
      instance.on(Events.MANIFEST_PARSED, () => {
        failures = 0;
        updateLevels();
        tryPlay();
      });
      instance.on(Events.LEVELS_UPDATED, updateLevels);
      instance.on(Events.LEVEL_SWITCHED, (_event, data) => setPlayingLabel(levelShortLabel(instance.levels[data.level])));
      instance.on(Events.FRAG_BUFFERED, () => {
        failures = 0;
      });
      if (lowLatencyUrl) {
        instance.on(Events.LEVEL_UPDATED, () => {
          const sync = instance.liveSyncPosition;
          if (video.paused || sync === null || instance.targetLatency === null) return;
          if (instance.latency > instance.targetLatency + LOW_LATENCY_RESYNC_SECONDS) video.currentTime = sync;
        });
      }
      instance.on(Events.ERROR, (_event, data: ErrorData) => {
        if (!data.fatal) return;
        if (data.type === ErrorTypes.NETWORK_ERROR) {
          if (lowLatencyUrl) {
            // hls.js already retried: play the standard playlist of the same live instead.
            setFailedLowLatency(lowLatencyUrl);
            return;
          }
          const manifest =
            data.details === ErrorDetails.MANIFEST_LOAD_ERROR ||
            data.details === ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
            data.details === ErrorDetails.MANIFEST_PARSING_ERROR;
          // Right after "go live" the master playlist may not exist yet: reload it until it does.
          const retried = scheduleRetry(() => (manifest ? instance.loadSource(loadUrl) : instance.startLoad()));
          if (!retried) fail('NETWORK');
        } else if (data.type === ErrorTypes.MEDIA_ERROR) {
          const now = performance.now();
          if (now - lastMediaError < MEDIA_RECOVERY_WINDOW_MS) instance.swapAudioCodec();
          lastMediaError = now;
          instance.recoverMediaError();
        } else {
          fail('PLAYBACK');
        }
      });
      instance.attachMedia(video);
      instance.loadSource(loadUrl);
    };

    const startNative = () => {
      const onError = () => {
        if (!scheduleRetry(() => video.load())) fail('NETWORK');
      };
      const onMetadata = () => {
        failures = 0;
        if (mode === 'replay') video.currentTime = 0;
        tryPlay();
      };
      video.addEventListener('error', onError);
      video.addEventListener('loadedmetadata', onMetadata);
      protocolRef.current = 'native';
      publish(null, video, protocolRef.current);
      video.src = url;
      return () => {
        video.removeEventListener('error', onError);
        video.removeEventListener('loadedmetadata', onMetadata);
      };
    };

    let stopNative: (() => void) | undefined;
    import('hls.js')
      .then(({ default: HlsClass }) => {
        if (disposed) return;
        if (HlsClass.isSupported()) startHlsJs(HlsClass);
        else if (video.canPlayType('application/vnd.apple.mpegurl')) stopNative = startNative();
        else fail('UNSUPPORTED');
      })
      .catch(() => !disposed && fail('NETWORK'));

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      if (hls) {
        hls.destroy();
        hlsRef.current = null;
      }
      if (stopNative) stopNative();
      // Release the element's media so the next source starts clean.
      video.removeAttribute('src');
      video.load();
      setHasPicture(false);
      protocolRef.current = null;
      publish(null, video);
    };
  }, [video, url, mode, attempt, lowLatencyUrl]);

  const setLevel = useCallback((level: number) => {
    const hls = hlsRef.current;
    if (!hls) return;
    // currentLevel switches now (flushing the buffer); -1 hands the choice back to ABR.
    hls.currentLevel = level;
    setSelectedLevel(level);
  }, []);

  const setMuted = useCallback(
    (next: boolean) => {
      mutedRef.current = next;
      if (video) {
        video.muted = next;
        if (!next && video.paused && url) video.play().catch(() => undefined);
      }
      setMutedState(next);
    },
    [video, url],
  );

  const play = useCallback(() => {
    if (!video) return;
    video
      .play()
      .then(() => setState('playing'))
      .catch(() => undefined);
  }, [video]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const pictureTime = useCallback((): number | null => {
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
    const hls = hlsRef.current;
    if (hls) return hls.playingDate?.getTime() ?? null;
    // Safari's own HLS: the date of the stream's start (its first PROGRAM-DATE-TIME) plus the position.
    const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.().getTime();
    return start !== undefined && Number.isFinite(start) ? start + video.currentTime * 1000 : null;
  }, [video]);

  return { state, error, levels, selectedLevel, playingLabel, setLevel, muted, setMuted, play, hasPicture, retry, pictureTime };
}
