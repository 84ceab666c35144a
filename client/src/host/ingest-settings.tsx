import { useI18n } from '../i18n/i18n';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';
import styles from './ingest-panel.module.css';

/**
 * The encoder settings the server expects from broadcast software, for every protocol: codec and
 * profile, keyframe interval, bitrates, audio, SRT latency, and what stopping or dropping does.
 * (The reconnect grace, RECONNECT_GRACE_S, does not reach the client: the text names its default.)
 */
export function IngestSettings({ headingId }: { headingId: string }) {
  const { t } = useI18n();
  return (
    <div className={styles.settings}>
      <h3 id={headingId} className={styles.subheading}>
        {t('ingest.settings')}
      </h3>
      <ul className={cx(text.small, styles.list)} aria-labelledby={headingId}>
        <li>{t('ingest.settings.video')}</li>
        <li>{t('ingest.settings.keyframes')}</li>
        <li>{t('ingest.settings.bitrate')}</li>
        <li>{t('ingest.settings.audio')}</li>
        <li>{t('ingest.settings.srt')}</li>
        <li>{t('ingest.settings.ending')}</li>
      </ul>
    </div>
  );
}
