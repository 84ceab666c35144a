import { useI18n } from '../i18n/i18n';

/** What a page shows when its data could not be loaded: the reason and a retry button. */
export function LoadError({ message, onRetry, testId }: { message: string; onRetry: () => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="callout callout--error" role="alert" data-testid={testId}>
      <p>{message}</p>
      <button className="button" type="button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
