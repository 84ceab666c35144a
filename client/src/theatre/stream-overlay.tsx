import type { EventSummary, LiveState } from '@yunzhan/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import overlay from '../ui/overlay.module.css';
import spinner from '../ui/spinner.module.css';
import text from '../ui/text.module.css';
import styles from './stream-overlay.module.css';
import type { StreamStatus } from './stream-status';
import type { HlsPlayer } from './use-hls-player';

interface StreamOverlayProps {
  status: StreamStatus;
  live: LiveState | null;
  event: EventSummary | null;
  player: HlsPlayer;
  hasSource: boolean;
}

/** How long playback must stall before the spinner shows, in ms (short stalls pass unseen). */
const STALL_SPINNER_DELAY_MS = 1_000;

/** `flag`, but turning true only after it has stayed true for `delayMs`. */
function useDelayedTrue(flag: boolean, delayMs: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) {
      setLate(false);
      return;
    }
    const timer = setTimeout(() => setLate(true), delayMs);
    return () => clearTimeout(timer);
  }, [flag, delayMs]);
  return flag && late;
}

/** The message over the picture when there is nothing (yet) to watch, or playback needs a click. */
export function StreamOverlay({ status, live, event, player, hasSource }: StreamOverlayProps) {
  const { t, formatDateTime } = useI18n();
  const stalled = useDelayedTrue(player.state === 'buffering', STALL_SPINNER_DELAY_MS);
  let content: ReactNode = null;

  if (status === 'connecting') content = <p>{t('stream.connectingHint')}</p>;
  else if (status === 'waiting')
    content =
      live?.status === 'live' ? (
        <p>{t('stream.startingHint')}</p>
      ) : (
        <>
          <p className={overlay.title}>{t('stream.waitingHint')}</p>
          {event && <p className={text.muted}>{t('event.startsAt', { time: formatDateTime(event.startsAt) })}</p>}
        </>
      );
  else if (status === 'ended') content = <p>{t('stream.endedHint')}</p>;
  else if (hasSource) {
    if (player.state === 'error') {
      const m = errorMessage(player.error ?? 'PLAYBACK');
      content = (
        <>
          <p>{t(m.key, m.params)}</p>
          <button type="button" className={buttonClass('primary')} onClick={player.retry}>
            {t('common.retry')}
          </button>
        </>
      );
    } else if (player.state === 'blocked') {
      content = (
        <button type="button" className={buttonClass('primary', 'large')} data-testid="click-to-play" onClick={player.play}>
          {t('player.clickToPlay')}
        </button>
      );
    } else if (player.state === 'ended' && status === 'replay') {
      content = (
        <>
          <p>{t('stream.replayFinished')}</p>
          <button type="button" className={buttonClass('primary')} onClick={player.play}>
            {t('player.watchAgain')}
          </button>
        </>
      );
    } else if (player.state === 'loading' || player.state === 'idle' || stalled) {
      content = (
        <p>
          <span className={spinner.spinner} aria-hidden="true" /> {status === 'live' ? t('stream.tuningIn') : t('common.loading')}
        </p>
      );
    }
  }

  return (
    <>
      {(live?.recovering || live?.awaitingPublisher) && (
        <p className={styles.pill} role="status">
          {t('stream.recovering')}
        </p>
      )}
      {content && (
        <div className={overlay.overlay} role="status">
          <div className={overlay.box}>{content}</div>
        </div>
      )}
    </>
  );
}
