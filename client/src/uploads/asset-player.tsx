import type { Asset } from '@yunzhan/shared';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { requestBlob } from '../lib/http';
import { queryKeys } from '../data/query-keys';
import type { PlaybackSource } from '../theatre/stream-status';
import { SubtitleSelect } from '../subtitles/subtitle-select';
import { useSubtitleTracks } from '../subtitles/use-subtitle-tracks';
import { useHlsPlayer } from '../theatre/use-hls-player';
import styles from './asset-player.module.css';
import { parseThumbnailsVtt, type ThumbnailCue } from './upload-logic';
import { calloutClass } from '../ui/callout';

/** Most thumbnails shown in the strip; longer tracks are sampled evenly. */
const STRIP_MAX = 48;

const NO_CUES: ThumbnailCue[] = [];

/** The cues of an asset's thumbnail track (empty until loaded, or when it cannot be read). */
function useThumbnailCues(url: string | undefined): ThumbnailCue[] {
  // A track never changes under its URL; one that cannot be read shows no strip.
  const { data } = useQuery({
    queryKey: queryKeys.assets.thumbnails(url),
    queryFn: url ? async ({ signal }) => parseThumbnailsVtt(await (await requestBlob(url, signal)).text(), url) : skipToken,
    staleTime: Infinity,
    retry: false,
  });
  return data ?? NO_CUES;
}

/** Every cue when there are few, else STRIP_MAX of them spread over the whole video. */
function sample(cues: ThumbnailCue[]): ThumbnailCue[] {
  if (cues.length <= STRIP_MAX) return cues;
  return Array.from({ length: STRIP_MAX }, (_, i) => cues[Math.floor((i * cues.length) / STRIP_MAX)]!);
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/**
 * A ready asset in a plain player: hls.js (through the theatre's player hook) with the poster,
 * and under it the thumbnail sprite as a strip of previews that seek when chosen.
 */
export function AssetPlayer({ asset }: { asset: Asset }) {
  const { t } = useI18n();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const master = asset.hls?.master;
  const source = useMemo<PlaybackSource | null>(() => (master ? { url: master, mode: 'replay' } : null), [master]);
  const player = useHlsPlayer(video, source);
  const subtitles = useSubtitleTracks(video);
  const cues = sample(useThumbnailCues(asset.hls?.thumbnails));

  return (
    <figure className={styles.player}>
      <video ref={setVideo} className={styles.video} data-testid="asset-player" poster={asset.hls?.poster} controls playsInline aria-label={asset.filename} />
      <SubtitleSelect subtitles={subtitles} />
      {player.state === 'error' && player.error && (
        <p className={calloutClass('error')} role="alert">
          {t(errorMessage(player.error).key)}
        </p>
      )}
      {cues.length > 0 && (
        <div className={styles.strip} role="group" aria-label={t('upload.previews')} data-testid="thumbnail-strip">
          {cues.map((cue) => (
            <button
              key={cue.start}
              type="button"
              className={styles.thumb}
              title={clock(cue.start)}
              aria-label={t('upload.seekTo', { time: clock(cue.start) })}
              onClick={() => {
                if (!video) return;
                video.currentTime = cue.start;
                void video.play().catch(() => undefined);
              }}
              style={{
                width: cue.width,
                height: cue.height,
                backgroundImage: `url("${cue.image}")`,
                backgroundPosition: `-${cue.x}px -${cue.y}px`,
              }}
            />
          ))}
        </div>
      )}
    </figure>
  );
}
