import { useI18n } from '../../i18n/i18n';
import { useRememberedSettings } from '../../lib/use-remembered-settings';
import { buttonClass } from '../../ui/button';
import controls from '../../ui/controls.module.css';
import text from '../../ui/text.module.css';
import playerBar from '../player-bar.module.css';
import styles from './danmaku-controls.module.css';
import { DANMAKU_DENSITIES, DANMAKU_STORAGE_KEY, parseDanmakuSettings, type DanmakuDensity, type DanmakuSettings } from './danmaku-settings';

/** The viewer's danmaku settings, read once from localStorage and written back on every change. */
export function useDanmakuSettings(): [DanmakuSettings, (change: Partial<DanmakuSettings>) => void] {
  return useRememberedSettings(DANMAKU_STORAGE_KEY, parseDanmakuSettings);
}

/** Danmaku on/off and density, next to the player controls. */
export function DanmakuControls({ settings, onChange }: { settings: DanmakuSettings; onChange: (change: Partial<DanmakuSettings>) => void }) {
  const { t } = useI18n();
  return (
    <div className={styles.controls} role="group" aria-label={t('danmaku.title')}>
      <button
        type="button"
        className={buttonClass()}
        data-testid="danmaku-toggle"
        aria-pressed={settings.enabled}
        onClick={() => onChange({ enabled: !settings.enabled })}
      >
        {settings.enabled ? t('danmaku.on') : t('danmaku.off')}
      </button>
      <label className={playerBar.quality}>
        <span className={text.muted}>{t('danmaku.density')}</span>
        <select
          className={controls.select}
          data-testid="danmaku-density"
          value={settings.density}
          disabled={!settings.enabled}
          onChange={(e) => onChange({ density: e.target.value as DanmakuDensity })}
        >
          {DANMAKU_DENSITIES.map((d) => (
            <option key={d} value={d}>
              {t(`danmaku.density.${d}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
