import { FullscreenIcon, SoundOffIcon, SoundOnIcon } from '../app/icons';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import controls from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './player-bar.module.css';
import type { HlsPlayer } from './use-hls-player';
import type { ViewMode } from './view-mode';

interface PlayerBarProps {
  player: HlsPlayer;
  viewMode: ViewMode;
  /** Whether the 3D view can be offered (false after WebGL failed). */
  can3d: boolean;
  onViewMode: (mode: ViewMode) => void;
  onFullscreen: () => void;
}

/** Under the picture: mute, quality, 2D/3D and fullscreen. */
export function PlayerBar({ player, viewMode, can3d, onViewMode, onFullscreen }: PlayerBarProps) {
  const { t } = useI18n();
  const autoLabel = player.selectedLevel === -1 && player.playingLabel ? t('player.autoWith', { quality: player.playingLabel }) : t('player.auto');
  return (
    <div className={styles.bar} role="toolbar" aria-label={t('player.controls')}>
      <button
        type="button"
        className={buttonClass()}
        data-testid="mute-toggle"
        aria-pressed={!player.muted}
        onClick={() => player.setMuted(!player.muted)}
      >
        {player.muted ? <SoundOffIcon /> : <SoundOnIcon />}
        {player.muted ? t('player.unmute') : t('player.mute')}
      </button>
      <label className={styles.quality}>
        <span className={text.muted}>{t('player.quality')}</span>
        <select
          className={controls.select}
          data-testid="quality-select"
          value={String(player.selectedLevel)}
          disabled={player.levels.length === 0}
          onChange={(e) => player.setLevel(Number(e.target.value))}
        >
          <option value="-1">{autoLabel}</option>
          {player.levels.map((l) => (
            <option key={l.level} value={String(l.level)}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      <span className={layout.spacer} />
      <button
        type="button"
        className={buttonClass()}
        data-testid="toggle-2d"
        aria-pressed={viewMode === '2d'}
        disabled={!can3d && viewMode === '2d'}
        onClick={() => onViewMode(viewMode === '2d' ? '3d' : '2d')}
      >
        {viewMode === '2d' ? t('player.show3d') : t('player.show2d')}
      </button>
      <button type="button" className={buttonClass('ghost')} onClick={onFullscreen} aria-label={t('player.fullscreen')} title={t('player.fullscreen')}>
        <FullscreenIcon />
      </button>
    </div>
  );
}
