import type { Asset, Work } from '@yunzhan/shared';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import type { PlaybackSource } from '../theatre/stream-status';
import { SubtitleSelect } from '../subtitles/subtitle-select';
import { useSubtitleTracks } from '../subtitles/use-subtitle-tracks';
import { useHlsPlayer } from '../theatre/use-hls-player';
import { formatBytes } from '../uploads/upload-logic';
import { WorkKindIcon } from './work-card';
import { isSameOriginPath, largestRendition, localizedText } from './work-library';
import styles from './work-preview.module.css';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** An image work at its largest rendition: fitted to the drawer, or at full size to pan around. */
function ImagePreview({ work }: { work: Work }) {
  const { t, locale } = useI18n();
  const [zoomed, setZoomed] = useState(false);
  const image = largestRendition(work.media.images);
  if (!image || !isSameOriginPath(image.url)) return null;
  return (
    <figure className={styles.preview}>
      <div className={zoomed ? `${styles.frame} ${styles.zoomed}` : styles.frame} data-testid="work-preview-frame" tabIndex={zoomed ? 0 : undefined}>
        <img src={image.url} width={image.width} height={image.height} alt={localizedText(work.metadata.title, locale)} data-testid="work-preview-image" />
      </div>
      <div className={layout.row}>
        <button type="button" className={buttonClass()} aria-pressed={zoomed} data-testid="work-preview-zoom" onClick={() => setZoomed((z) => !z)}>
          {zoomed ? t('works.detail.zoomOut') : t('works.detail.zoomIn')}
        </button>
        <span className={cx(text.muted, text.small)}>{t('works.detail.pixels', { width: work.media.width ?? image.width, height: work.media.height ?? image.height })}</span>
      </div>
    </figure>
  );
}

/** A video work through hls.js (the theatre's player hook, as the upload page's asset player does). */
function VideoPreview({ work }: { work: Work }) {
  const { t, locale } = useI18n();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const master = isSameOriginPath(work.media.hls) ? work.media.hls : null;
  const source = useMemo<PlaybackSource | null>(() => (master ? { url: master, mode: 'replay' } : null), [master]);
  const player = useHlsPlayer(video, source);
  const subtitles = useSubtitleTracks(video);
  const poster = largestRendition(work.media.images)?.url;
  if (!master) return null;
  return (
    <figure className={styles.preview}>
      <video
        ref={setVideo}
        className={styles.video}
        data-testid="work-preview-video"
        poster={isSameOriginPath(poster) ? poster : undefined}
        controls
        playsInline
        aria-label={localizedText(work.metadata.title, locale)}
      />
      <SubtitleSelect subtitles={subtitles} testId="work-preview-subtitles" />
      {player.state === 'error' && player.error && (
        <p className={calloutClass('error')} role="alert">
          {t(errorMessage(player.error).key)}
        </p>
      )}
    </figure>
  );
}

/** Props of a work's preview. */
interface WorkPreviewProps {
  work: Work;
  /** The work's asset, for the model's file size. */
  asset: Asset | undefined;
}

/** The preview of a ready work by kind: zoomable image, HLS video, audio player, or a 3D model card. */
export function WorkPreview({ work, asset }: WorkPreviewProps) {
  const { t, locale } = useI18n();
  if (work.status !== 'ready') return <p className={text.muted}>{t('works.detail.notReady')}</p>;
  switch (work.kind) {
    case 'image':
      return <ImagePreview work={work} />;
    case 'video':
      return <VideoPreview work={work} />;
    case 'audio':
      return isSameOriginPath(work.media.audio) ? (
        <audio className={styles.audio} data-testid="work-preview-audio" src={work.media.audio} controls preload="metadata" aria-label={localizedText(work.metadata.title, locale)} />
      ) : null;
    case 'model':
      return (
        <div className={`${styles.preview} ${styles.model}`} data-testid="work-preview-model">
          <WorkKindIcon kind="model" />
          <div>
            <strong>{t('works.detail.model')}</strong>
            {asset && <p className={cx(text.muted, text.small)}>{t('works.detail.modelSize', { size: formatBytes(asset.sizeBytes, locale) })}</p>}
          </div>
          {isSameOriginPath(work.media.model) && (
            <a className={buttonClass()} href={work.media.model} download>
              {t('works.detail.download')}
            </a>
          )}
        </div>
      );
  }
}
