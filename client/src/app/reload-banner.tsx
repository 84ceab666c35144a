import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import styles from './reload-banner.module.css';

/** Shown when the server speaks a newer protocol than this page: only a reload helps. `className` places it. */
export function ReloadBanner({ className }: { className?: string }) {
  const { t } = useI18n();
  return (
    <div className={cx(calloutClass('warning'), styles.banner, className)} role="alert" data-testid="protocol-mismatch">
      <p>{t('error.PROTOCOL_MISMATCH')}</p>
      <button type="button" className={buttonClass('primary')} onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}
