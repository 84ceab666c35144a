import type { AwardSummary } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { fetchAwards } from './awards-api';
import { PhaseBadge } from './phase-badge';
import styles from './awards-list-page.module.css';
import { useDocumentTitle } from '../app/access-gate';
import { LoadError } from '../app/load-error';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import cardStyles from '../ui/card.module.css';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** `/awards`: every award programme as a card with its phase and dates. */
export function AwardsListPage() {
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const query = useQuery({ queryKey: queryKeys.awards.list(), queryFn: () => fetchAwards() });
  const { refetch } = query;

  useDocumentTitle(t('awards.title'));

  // Another account sees other programmes (drafts are for admins): read the list again.
  const userId = user?.id ?? null;
  const shownFor = useRef(userId);
  useEffect(() => {
    if (shownFor.current === userId) return;
    shownFor.current = userId;
    void refetch();
  }, [userId, refetch]);

  const awards = query.data ?? null;
  const errorCode = !awards && query.error && !query.isFetching ? toClientError(query.error).code : null;

  return (
    <div className={layout.page}>
      <div className={styles.intro}>
        <div>
          <h1>{t('awards.title')}</h1>
          <p className={text.muted}>{t('awards.subtitle')}</p>
        </div>
        {user?.role === 'admin' && (
          <Link className={buttonClass('primary')} to="/awards/new" data-testid="award-new-link">
            {t('awards.new')}
          </Link>
        )}
      </div>
      {!awards && !errorCode && <p className={text.muted} role="status">{t('common.loading')}</p>}
      {errorCode && <LoadError message={t(errorMessage(errorCode).key)} onRetry={() => void refetch()} />}
      {awards && awards.length === 0 && (
        <div className={layout.emptyState}>
          <p>{t('awards.empty')}</p>
        </div>
      )}
      {awards && awards.length > 0 && (
        <div className={cardStyles.grid}>
          {awards.map((a) => (
            <AwardCard key={a.id} award={a} title={localized(a.title, locale)} />
          ))}
        </div>
      )}
    </div>
  );
}

function AwardCard({ award, title }: { award: AwardSummary; title: string }) {
  const { t, formatDateTime } = useI18n();
  const href = `/awards/${encodeURIComponent(award.id)}`;
  return (
    <article className={cardStyles.card} data-testid="award-card" data-award-id={award.id}>
      <div className={cardStyles.top}>
        <PhaseBadge phase={award.phase} />
        <span className={cardStyles.aside}>{t('awards.categoryCount', { count: award.categoryCount })}</span>
      </div>
      <h2 className={cx(cardStyles.title, styles.title)}>
        <Link to={href}>{title}</Link>
      </h2>
      <dl className={styles.dates}>
        <div>
          <dt>{t('awards.phase.voting')}</dt>
          <dd>{formatDateTime(award.schedule.voting)}</dd>
        </div>
        <div>
          <dt>{t('awards.phase.ceremony')}</dt>
          <dd>{formatDateTime(award.schedule.ceremony)}</dd>
        </div>
      </dl>
      <div className={cardStyles.actions}>
        <Link className={buttonClass(award.phase === 'voting' && 'primary')} to={href}>
          {award.phase === 'voting' ? t('awards.goVote') : t('awards.open')}
        </Link>
        {award.eventId && (award.phase === 'ceremony' || award.phase === 'results') && (
          <Link className={buttonClass('ghost')} to={`/events/${encodeURIComponent(award.eventId)}`}>
            {t('awards.watchCeremony')}
          </Link>
        )}
      </div>
    </article>
  );
}
