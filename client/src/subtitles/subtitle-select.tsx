import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import styles from './subtitle-select.module.css';
import type { SubtitleTracks } from './use-subtitle-tracks';

/** Display names of the subtitle languages, whatever the playlist calls them. */
const LANGUAGE_NAMES: Record<string, string> = { 'zh-CN': '中文', zh: '中文', en: 'English' };

/**
 * The subtitle menu of a player: off, then each track (中文, English). A native <select>: a few
 * plain choices, reached with Tab and changed with the arrow keys. Renders nothing without tracks.
 */
export function SubtitleSelect({ subtitles, testId = 'subtitle-select' }: { subtitles: SubtitleTracks; testId?: string }) {
  const { t } = useI18n();
  const id = useId();
  if (subtitles.tracks.length === 0) return null;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{t('subtitles.label')}</label>
      <select id={id} className={styles.select} data-testid={testId} value={subtitles.selected} onChange={(e) => subtitles.select(Number(e.target.value))}>
        <option value={-1}>{t('subtitles.off')}</option>
        {subtitles.tracks.map((track) => (
          <option key={track.index} value={track.index} lang={track.language || undefined}>
            {LANGUAGE_NAMES[track.language] ?? track.label}
          </option>
        ))}
      </select>
    </div>
  );
}
