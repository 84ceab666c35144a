import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { addSample, peakCount, presencePath, type PresenceSample } from './presence-history';
import styles from './presence-chart.module.css';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/** How often the chart samples a steady count, in ms (so the line reaches "now"). Default 15 s. */
const SAMPLE_EVERY_MS = 15_000;
const WIDTH = 240;
const HEIGHT = 48;

/** The viewer count over the last ten minutes, as a step line (the host console). */
export function PresenceChart({ count }: { count: number | null }) {
  const { t } = useI18n();
  const [samples, setSamples] = useState<PresenceSample[]>([]);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (count === null) return;
    const sample = () => {
      const at = Date.now();
      setNow(at);
      setSamples((list) => addSample(list, { at, count }));
    };
    sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
  }, [count]);

  if (samples.length === 0) return null;
  const peak = peakCount(samples);
  return (
    <figure className={styles.chart} data-testid="presence-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={t('presence.chartLabel', { count: count ?? 0, peak })}>
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className={styles.axis} />
        <path d={presencePath(samples, now, WIDTH, HEIGHT)} className={styles.line} />
      </svg>
      <figcaption className={cx(text.small, text.muted)}>{t('presence.chartCaption', { peak })}</figcaption>
    </figure>
  );
}
