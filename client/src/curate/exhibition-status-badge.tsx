import type { ExhibitionStatus } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import styles from './exhibition-status-badge.module.css';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';

const STATUS_KEYS = {
  draft: 'curate.status.draft',
  'in-review': 'curate.status.in-review',
  approved: 'curate.status.approved',
  returned: 'curate.status.returned',
} as const satisfies Record<ExhibitionStatus, string>;

/** Each state's colours on the badge; a draft keeps the plain badge. */
const TONES: Readonly<Record<ExhibitionStatus, string | undefined>> = {
  draft: undefined,
  'in-review': styles.inReview,
  approved: styles.approved,
  returned: styles.returned,
};

/** An exhibition's review state as a badge (`data-status` for tests and styles). */
export function ExhibitionStatusBadge({ status }: { status: ExhibitionStatus }) {
  const { t } = useI18n();
  return (
    <span className={cx(badgeClass(), TONES[status])} data-testid="exhibition-status" data-status={status}>
      {t(STATUS_KEYS[status])}
    </span>
  );
}
