import type { EventStatus } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { badgeClass, badgeDotClass } from '../ui/badge';

/** A small coloured label for an event's status. */
export function StatusBadge({ status }: { status: EventStatus }) {
  const { t } = useI18n();
  const label = status === 'live' ? t('status.live') : status === 'ended' ? t('status.ended') : t('status.scheduled');
  return (
    <span className={badgeClass(status === 'ended' ? null : status)} data-status={status}>
      {status === 'live' && <span className={badgeDotClass} aria-hidden="true" />}
      {label}
    </span>
  );
}
