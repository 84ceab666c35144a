import type { EventStatus } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';

/** A small coloured label for an event's status. */
export function StatusBadge({ status }: { status: EventStatus }) {
  const { t } = useI18n();
  const label = status === 'live' ? t('status.live') : status === 'ended' ? t('status.ended') : t('status.scheduled');
  return (
    <span className={`badge badge--${status}`} data-status={status}>
      {status === 'live' && <span className="badge__dot" aria-hidden="true" />}
      {label}
    </span>
  );
}
