import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ToastProvider } from '../ui/toast';

/**
 * The app's one notifications region (mounted once by the app shell): every page shows its
 * short-lived news (a message held for review, a decision sent, a password changed) through
 * `useToast()` from ui/toast, announced by Radix Toast; F8 reaches the region.
 */
export function AppToasts({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <ToastProvider label={t('app.notifications')} dismissLabel={t('app.dismissNotification')}>
      {children}
    </ToastProvider>
  );
}
