import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';

/** What a page shows when its data could not be loaded: the reason and a retry button. */
export function LoadError({ message, onRetry, testId }: { message: string; onRetry: () => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className={calloutClass('error')} role="alert" data-testid={testId}>
      <p>{message}</p>
      <button className={buttonClass()} type="button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
