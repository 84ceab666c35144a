import type { XRStore } from '@react-three/xr';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Tooltip } from '../ui/tooltip';
import { useXRPresenting } from './xr-store';
import styles from './enter-vr-button.module.css';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/**
 * Whether this browser offers immersive VR (`navigator.xr.isSessionSupported('immersive-vr')`),
 * asked again when a headset is plugged in or out; false while unknown.
 */
export function useImmersiveVRSupported(): boolean {
  const [supported, setSupported] = useState(false);
  useEffect(() => {
    const xr = navigator.xr;
    if (!xr) return;
    let alive = true;
    const check = () => {
      xr.isSessionSupported('immersive-vr').then(
        (ok) => alive && setSupported(ok),
        () => alive && setSupported(false),
      );
    };
    check();
    xr.addEventListener('devicechange', check);
    return () => {
      alive = false;
      xr.removeEventListener('devicechange', check);
    };
  }, []);
  return supported;
}

/**
 * "Enter VR" over the 3D view, shown only where the browser offers immersive VR; while a
 * session runs it ends it ("Exit VR", for whoever watches the monitor).
 */
export function EnterVRButton({ store }: { store: XRStore }) {
  const { t } = useI18n();
  const supported = useImmersiveVRSupported();
  const presenting = useXRPresenting(store);
  const [error, setError] = useState<string | null>(null);
  if (!supported) return null;

  const onClick = () => {
    setError(null);
    if (presenting) {
      void store.getState().session?.end();
      return;
    }
    store.enterVR().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  return (
    <div className={styles.root}>
      {/* How VR works here, as a tooltip on hover and on keyboard focus (a `title` shows on hover only). */}
      <Tooltip content={t('xr.enterLabel')}>
        <button type="button" className={buttonClass('primary')} data-testid="enter-vr" data-presenting={presenting} onClick={onClick}>
          {presenting ? t('xr.exit') : t('xr.enter')}
        </button>
      </Tooltip>
      {error && (
        <p className={cx(styles.error, text.small)} role="alert">
          {t('xr.failed', { message: error })}
        </p>
      )}
    </div>
  );
}
