import type { Asset, Work, WorkKind } from '@yunzhan/shared';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import progressStyles from '../uploads/upload-progress.module.css';
import statusStyles from '../uploads/upload-status.module.css';
import numberStyles from './catalogue-number.module.css';
import { MetadataChangeNote } from './metadata-change-note';
import styles from './work-card.module.css';
import { KIND_KEYS, STATUS_KEYS } from './work-labels';
import { localizedText, thumbnailOf, workProgress } from './work-library';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

const common = { width: 40, height: 40, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

/** The icon standing in for a work without a picture (models, audio, or media not processed yet). */
export function WorkKindIcon({ kind }: { kind: WorkKind }) {
  switch (kind) {
    case 'model':
      return (
        <svg {...common}>
          <path d="M12 2 3 7v10l9 5 9-5V7z" />
          <path d="m3 7 9 5 9-5M12 12v10" />
        </svg>
      );
    case 'audio':
      return (
        <svg {...common}>
          <path d="M9 18V5l12-2v13" />
          <circle cx="6" cy="18" r="3" />
          <circle cx="18" cy="16" r="3" />
        </svg>
      );
    case 'video':
      return (
        <svg {...common}>
          <rect x="2" y="5" width="15" height="14" rx="2" />
          <path d="m17 10 5-3v10l-5-3z" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <rect x="3" y="3" width="18" height="18" rx="2" />
          <circle cx="9" cy="9" r="2" />
          <path d="m21 15-5-5L5 21" />
        </svg>
      );
  }
}

/** One work in the library grid: thumbnail, title, creator, catalogue number, kind and status; opens the drawer. */
export function WorkCard({ work, asset }: { work: Work; asset: Asset | undefined }) {
  const { t, locale } = useI18n();
  const title = localizedText(work.metadata.title, locale);
  const thumbnail = thumbnailOf(work, asset);
  const progress = workProgress(work, asset);
  const failure = progress.error ? errorMessage(progress.error.code, progress.error.details) : null;
  return (
    <li className={styles.card} data-testid="work-card" data-work-id={work.id} data-kind={work.kind} data-status={progress.status}>
      <Link className={styles.link} to={`/works/${encodeURIComponent(work.id)}`}>
        <div className={styles.thumb}>
          {thumbnail ? <img src={thumbnail} alt="" loading="lazy" decoding="async" /> : <WorkKindIcon kind={work.kind} />}
          <span className={cx(badgeClass(), styles.kind)}>{t(KIND_KEYS[work.kind])}</span>
        </div>
        <div className={styles.body}>
          <strong className={styles.title} data-testid="work-card-title">
            {title}
          </strong>
          <span className={cx(styles.creator, text.muted)}>{work.metadata.creator}</span>
          <span className={cx(numberStyles.number, text.small, text.muted)}>{work.catalogueNumber}</span>
        </div>
      </Link>
      <div className={styles.status}>
        <span className={cx(badgeClass(), statusStyles[progress.status])} data-testid="work-status" data-status={progress.status}>
          {t(STATUS_KEYS[progress.status])}
          {progress.status === 'processing' ? ` ${progress.percent}%` : ''}
        </span>
        <MetadataChangeNote work={work} variant="badge" />
        {progress.status === 'processing' && (
          <progress className={progressStyles.progress} data-testid="work-processing-progress" max={100} value={progress.percent} aria-label={t('works.processingProgress')} />
        )}
        {failure && progress.error && (
          <p className={cx(text.small, styles.error)} data-testid="work-error" data-code={progress.error.code}>
            {t(failure.key, failure.params)}
          </p>
        )}
      </div>
    </li>
  );
}
