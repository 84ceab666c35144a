import { useI18n } from '../i18n/i18n';

/** Shown when the server speaks a newer protocol than this page: only a reload helps. */
export function ReloadBanner() {
  const { t } = useI18n();
  return (
    <div className="callout callout--warning banner" role="alert" data-testid="protocol-mismatch">
      <p>{t('error.PROTOCOL_MISMATCH')}</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}
