import { useI18n } from '../../i18n/i18n';
import { buttonClass } from '../../ui/button';
import controls from '../../ui/controls.module.css';
import text from '../../ui/text.module.css';
import playerBar from '../player-bar.module.css';
import { CAPTION_SIZES, type CaptionSettings, type CaptionSize } from './caption-settings';
import styles from './captions.module.css';

/** The caption lines on screen now, over the bottom of the picture (plain text, escaped by React). */
export function CaptionOverlay({ lines, settings }: { lines: readonly string[]; settings: CaptionSettings }) {
  if (!settings.enabled || lines.length === 0) return null;
  return (
    <div className={styles.layer} data-testid="captions" data-size={settings.size}>
      {lines.map((line, i) => (
        <p key={i} className={styles.line}>
          {line}
        </p>
      ))}
    </div>
  );
}

/** Captions on/off and their size, next to the player controls. */
export function CaptionControls({ settings, onChange }: { settings: CaptionSettings; onChange: (change: Partial<CaptionSettings>) => void }) {
  const { t } = useI18n();
  return (
    <div className={styles.controls} role="group" aria-label={t('captions.title')}>
      <button type="button" className={buttonClass()} data-testid="captions-toggle" aria-pressed={settings.enabled} onClick={() => onChange({ enabled: !settings.enabled })}>
        {settings.enabled ? t('captions.on') : t('captions.off')}
      </button>
      <label className={playerBar.quality}>
        <span className={text.muted}>{t('captions.size')}</span>
        <select
          className={controls.select}
          data-testid="captions-size"
          value={settings.size}
          disabled={!settings.enabled}
          onChange={(e) => onChange({ size: e.target.value as CaptionSize })}
        >
          {CAPTION_SIZES.map((s) => (
            <option key={s} value={s}>
              {t(`captions.size.${s}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
