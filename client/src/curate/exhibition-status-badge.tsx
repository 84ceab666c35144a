import type { ExhibitionStatus } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';

const STATUS_KEYS = {
  draft: 'curate.status.draft',
  'in-review': 'curate.status.in-review',
  approved: 'curate.status.approved',
  returned: 'curate.status.returned',
} as const satisfies Record<ExhibitionStatus, string>;

/** An exhibition's review state as a badge (`data-status` for tests and styles). */
export function ExhibitionStatusBadge({ status }: { status: ExhibitionStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge--review-${status}`} data-testid="exhibition-status" data-status={status}>
      {t(STATUS_KEYS[status])}
    </span>
  );
}
