import type { Work } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import styles from './metadata-change-note.module.css';
import { localizedText } from './work-library';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';

/**
 * Tells a work's owner that their metadata change is not public yet: a badge in the library, or a
 * callout saying what visitors see meanwhile (and the admin's comment when it was returned).
 * Renders nothing when no change is pending.
 */
export function MetadataChangeNote({ work, variant }: { work: Work; variant: 'badge' | 'callout' }) {
  const { t, locale } = useI18n();
  const change = work.metadataChange;
  if (!change) return null;
  if (variant === 'badge') {
    return (
      <span className={cx(badgeClass(), styles[change.status])} data-testid="metadata-change" data-status={change.status}>
        {t(change.status === 'pending' ? 'contentReview.badge.pending' : 'contentReview.badge.returned')}
      </span>
    );
  }
  const title = localizedText(change.approved.title, locale);
  return (
    <p
      className={calloutClass(change.status === 'pending' ? 'info' : 'warning')}
      data-testid="metadata-change-note"
      data-status={change.status}
    >
      {change.status === 'pending'
        ? t('contentReview.workPending', { title })
        : t('contentReview.workReturned', { title, comment: change.review?.comment ?? '' })}
    </p>
  );
}
