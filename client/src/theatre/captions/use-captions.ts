import { Caption } from '@yunzhan/shared';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { fetchJson } from '../../data/fetch-json';
import type { EventRoom } from '../../realtime/use-event-room';
import { mergeCaptions, timedCaptions } from './caption-timeline';

/** How often the picture's date is read against the video's time, in ms. */
const SYNC_MS = 1000;
/** A change in that offset past which the cues are placed again (a discontinuity, a new source), in ms. */
const RESYNC_MS = 500;

const CaptionList = z.array(Caption);
/** One captions track per video element (a track added to a <video> cannot be removed). */
const tracks = new WeakMap<HTMLVideoElement, TextTrack>();

function trackOf(video: HTMLVideoElement, label: string, language: string): TextTrack {
  let track = tracks.get(video);
  if (!track) {
    track = video.addTextTrack('captions', label, language);
    tracks.set(video, track);
  }
  // Shown by our own overlay (the 3D view draws the video on a texture, where the browser cannot).
  track.mode = 'hidden';
  return track;
}

/**
 * The event's live captions as cues of a `captions` text track on `video`, placed where the
 * picture reaches the moment each was typed: live (pushed as `caption`, and fetched after every
 * join for what was missed) and in the replay. Returns the lines to show now.
 */
export function useCaptions(
  room: Pick<EventRoom, 'socket' | 'joinCount'>,
  eventId: string,
  video: HTMLVideoElement | null,
  pictureTime: () => number | null,
  sourceUrl: string | null,
  label: { text: string; language: string },
): string[] {
  const { socket, joinCount } = room;
  const [captions, setCaptions] = useState<Caption[]>([]);
  const [offsetMs, setOffsetMs] = useState<number | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const clock = useRef(pictureTime);
  clock.current = pictureTime;

  useEffect(() => setCaptions([]), [eventId]);

  // What was said before this page joined (a late joiner, a replay), after every (re)join.
  useEffect(() => {
    if (joinCount === 0) return;
    let cancelled = false;
    fetchJson(`/api/events/${encodeURIComponent(eventId)}/captions`, CaptionList).then(
      (list) => !cancelled && setCaptions((known) => mergeCaptions(known, list)),
      (err: unknown) => console.warn('could not load the captions of this event', err),
    );
    return () => {
      cancelled = true;
    };
  }, [eventId, joinCount]);

  useEffect(() => {
    if (!socket) return;
    const onCaption = (payload: Caption) => {
      const parsed = Caption.safeParse(payload);
      if (!parsed.success || parsed.data.eventId !== eventId) return;
      setCaptions((known) => mergeCaptions(known, [parsed.data]));
    };
    socket.on('caption', onCaption);
    return () => {
      socket.off('caption', onCaption);
    };
  }, [socket, eventId]);

  // Where the video's timeline is in real time: read while playing, kept while steady.
  useEffect(() => {
    setOffsetMs(null);
    if (!video || !sourceUrl) return;
    const sync = () => {
      const picture = clock.current();
      if (picture === null) return;
      const offset = picture - video.currentTime * 1000;
      setOffsetMs((current) => (current === null || Math.abs(current - offset) > RESYNC_MS ? offset : current));
    };
    sync();
    const timer = setInterval(sync, SYNC_MS);
    return () => clearInterval(timer);
  }, [video, sourceUrl]);

  // The cues, placed again whenever the captions or the timeline change.
  useEffect(() => {
    // Without text tracks (old browsers, jsdom) there is nothing to place the captions on.
    if (!video || typeof video.addTextTrack !== 'function' || typeof VTTCue === 'undefined') return;
    const track = trackOf(video, label.text, label.language);
    for (const cue of Array.from(track.cues ?? [])) track.removeCue(cue);
    if (offsetMs !== null) {
      for (const c of timedCaptions(captions, offsetMs)) {
        const cue = new VTTCue(c.start, c.end, c.text);
        cue.id = c.id;
        track.addCue(cue);
      }
    }
    const show = () => setLines(Array.from(track.activeCues ?? []).map((cue) => (cue as VTTCue).text));
    show();
    track.addEventListener('cuechange', show);
    return () => track.removeEventListener('cuechange', show);
  }, [video, captions, offsetMs, label.text, label.language]);

  return lines;
}
