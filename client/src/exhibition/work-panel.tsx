import type { Placement, Work } from '@yunzhan/shared';
import { useEffect, useRef, useState } from 'react';
import { largestRendition, isSameOriginPath } from '../hall/work-images';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { SubtitleSelect } from '../subtitles/subtitle-select';
import { useSubtitleTracks } from '../subtitles/use-subtitle-tracks';
import { ShareButton } from '../share/share-poster';
import styles from './work-panel.module.css';
import { ZoomableImage } from './zoomable-image';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import textStyles from '../ui/text.module.css';

interface WorkPanelProps {
  placement: Placement;
  work: Work;
  /** The link to this work (copied by "copy link"). */
  link: string;
  onClose: () => void;
  /** Walks the visitor to stand in front of the work. */
  onGoTo: () => void;
  /** The video playing in place, when this is a video work (sound toggle). */
  video: HTMLVideoElement | null;
}

/** Rounds centimetres for display (no trailing .0). */
function cm(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The side panel of one work: its zoomable image, catalogue facts in the current language
 * (English falls back to zh-CN), rights, audio, and a copyable link. Every text is rendered
 * as text. Esc or the close button closes it.
 */
export function WorkPanel({ placement, work, link, onClose, onGoTo, video }: WorkPanelProps) {
  const { t, locale } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const [, setSoundTick] = useState(0);
  // The video plays as a texture in the hall: cues are loaded (mode hidden) and shown here as text.
  const subtitles = useSubtitleTracks(work.kind === 'video' ? video : null, 'hidden');
  const meta = work.metadata;
  const title = localized(meta.title, locale);
  const image = largestRendition(work);
  const medium = localized(meta.medium, locale);
  const description = localized(meta.description, locale);
  const label = localized(meta.label, locale);
  const dims = meta.dimensions;

  useEffect(() => {
    heading.current?.focus();
    setCopied('idle');
  }, [placement.id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Escape inside a dialog opened from the panel (share) closes that dialog only.
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };

  const toggleSound = () => {
    if (!video) return;
    video.muted = !video.muted;
    if (!video.muted) void video.play().catch(() => undefined);
    setSoundTick((n) => n + 1);
  };

  return (
    <aside className={styles.panel} data-testid="work-panel" data-placement-id={placement.id} aria-labelledby="work-panel-title">
      <div className={styles.head}>
        <h2 id="work-panel-title" ref={heading} tabIndex={-1} data-testid="work-title">
          {title}
        </h2>
        <button type="button" className={buttonClass('ghost')} onClick={onClose} data-testid="work-panel-close" aria-label={t('work.close')}>
          ✕
        </button>
      </div>
      {image && isSameOriginPath(image.url) ? (
        <ZoomableImage key={image.url} src={image.url} alt={title} />
      ) : (
        <p className={cx(styles.noImage, textStyles.muted)}>{work.kind === 'model' ? t('work.modelHint') : t('work.noImage')}</p>
      )}
      <dl className={styles.facts}>
        <dt className="visually-hidden">{t('works.field.creator')}</dt>
        {/* A blind award entry being judged comes without its creator, rights holder and credit. */}
        <dd className={styles.creator}>{[work.blind ? t('awards.creatorHidden') : meta.creator, meta.date].filter(Boolean).join(', ')}</dd>
        {medium && <dd>{medium}</dd>}
        {dims && (
          <dd>
            {dims.depthCm
              ? t('work.dimensionsDepth', { width: cm(dims.widthCm), height: cm(dims.heightCm), depth: cm(dims.depthCm) })
              : t('work.dimensions', { width: cm(dims.widthCm), height: cm(dims.heightCm) })}
          </dd>
        )}
        <dd className={styles.catalogue} data-testid="work-catalogue">
          {t('work.catalogue', { number: work.catalogueNumber })}
        </dd>
      </dl>
      {description && <p className={styles.description}>{description}</p>}
      {label && (
        <section className={styles.label}>
          <h3>{t('work.label')}</h3>
          <p>{label}</p>
        </section>
      )}
      {work.kind === 'audio' && isSameOriginPath(work.media.audio) && (
        <section>
          <h3>{t('work.listen')}</h3>
          <audio controls preload="none" src={work.media.audio} data-testid="work-audio" />
        </section>
      )}
      {isSameOriginPath(work.audioGuide) && (
        <section>
          <h3>{t('work.audioGuide')}</h3>
          <audio controls preload="none" src={work.audioGuide} data-testid="audio-guide" />
        </section>
      )}
      {work.kind === 'video' && subtitles.tracks.length > 0 && (
        <section className={styles.subtitles}>
          <SubtitleSelect subtitles={subtitles} testId="work-subtitles" />
          <p className={styles.cue} aria-live="polite" data-testid="work-subtitle-cue">
            {subtitles.cueText}
          </p>
        </section>
      )}
      <p className={cx(textStyles.small, textStyles.muted)} data-testid="work-rights">
        {work.blind ? t(`works.licence.${meta.rights.licence}`) : t('work.rights', { holder: meta.rights.holder, licence: t(`works.licence.${meta.rights.licence}`) })}
        {meta.rights.credit ? ` · ${meta.rights.credit}` : ''}
      </p>
      <div className={layout.row}>
        <button type="button" className={buttonClass()} onClick={onGoTo} data-testid="work-go-to">
          {t('work.goTo')}
        </button>
        <button type="button" className={buttonClass()} onClick={() => void copy()} data-testid="copy-link">
          {t('work.copyLink')}
        </button>
        <ShareButton target={{ title, kind: 'work', image: image?.url ?? null, url: link }} />
        {work.kind === 'video' && video && (
          <button type="button" className={buttonClass('ghost')} onClick={toggleSound} data-testid="work-sound">
            {video.muted ? t('work.soundOn') : t('work.soundOff')}
          </button>
        )}
      </div>
      {copied !== 'idle' && (
        <p className={cx(textStyles.small, textStyles.muted)} role="status" data-testid="copy-status">
          {copied === 'done' ? t('work.copied') : t('work.copyFailed')}
        </p>
      )}
    </aside>
  );
}
