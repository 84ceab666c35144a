import { useCallback, useEffect, useState } from 'react';

/** One subtitle track of a video, as a menu lists it. */
export interface SubtitleTrackOption {
  /** Index into the subtitle tracks (not into `video.textTracks`). */
  index: number;
  label: string;
  language: string;
}

/** The subtitle tracks of a video, the chosen one (-1: off) and the chooser. */
export interface SubtitleTracks {
  tracks: SubtitleTrackOption[];
  selected: number;
  select: (index: number) => void;
  /** The text of the chosen track's cues on now (tags removed), '' when none. */
  cueText: string;
}

const subtitleTracksOf = (video: HTMLVideoElement): TextTrack[] => Array.from(video.textTracks).filter((t) => t.kind === 'subtitles' || t.kind === 'captions');

/** Cue text without its WebVTT tags, as plain text for an overlay. */
const plainCueText = (track: TextTrack | undefined): string =>
  Array.from(track?.activeCues ?? [])
    .map((cue) => ((cue as VTTCue).text ?? '').replace(/<[^>]*>/g, ''))
    .join('\n');

/**
 * The subtitle tracks of `video`: those hls.js adds from the playlist's SUBTITLES renditions (and
 * Safari's own HLS), followed through the TextTrackList's events. Choosing one sets its mode
 * (`showing` where the browser draws cues on the video, `hidden` where the page shows `cueText`
 * itself, as in the hall where the video is a texture) and disables the others; hls.js follows
 * the modes and loads the chosen track's WebVTT.
 */
export function useSubtitleTracks(video: HTMLVideoElement | null, shownMode: 'showing' | 'hidden' = 'showing'): SubtitleTracks {
  const [tracks, setTracks] = useState<SubtitleTrackOption[]>([]);
  const [selected, setSelected] = useState(-1);
  const [cueText, setCueText] = useState('');

  useEffect(() => {
    if (!video) return;
    const list = video.textTracks;
    let watched: TextTrack | undefined;
    const onCue = () => setCueText(plainCueText(watched));
    const update = () => {
      const subs = subtitleTracksOf(video);
      setTracks(subs.map((t, index) => ({ index, label: t.label || t.language, language: t.language })));
      const on = subs.findIndex((t) => t.mode !== 'disabled');
      setSelected(on);
      if (watched !== subs[on]) {
        watched?.removeEventListener('cuechange', onCue);
        watched = subs[on];
        watched?.addEventListener('cuechange', onCue);
        onCue();
      }
    };
    update();
    list.addEventListener('addtrack', update);
    list.addEventListener('removetrack', update);
    list.addEventListener('change', update);
    return () => {
      list.removeEventListener('addtrack', update);
      list.removeEventListener('removetrack', update);
      list.removeEventListener('change', update);
      watched?.removeEventListener('cuechange', onCue);
    };
  }, [video]);

  const select = useCallback(
    (index: number) => {
      if (!video) return;
      subtitleTracksOf(video).forEach((t, i) => {
        t.mode = i === index ? shownMode : 'disabled';
      });
      setSelected(index);
    },
    [video, shownMode],
  );

  return { tracks, selected, select, cueText };
}
