import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { localizedText } from '../works/work-library';
import { fetchMyExhibitions } from './curate-api';
import styles from './curate-list-page.module.css';
import { ExhibitionStatusBadge } from './exhibition-status-badge';
import { NewExhibitionForm } from './new-exhibition-form';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** `/curate`: the curator's exhibitions with their review state, and a form to start a new one. */
export function CurateListPage() {
  const { user, status } = useAuth();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const allowed = user?.role === 'curator' || user?.role === 'admin';
  const query = useQuery({ queryKey: queryKeys.exhibitions.mine(), queryFn: fetchMyExhibitions, enabled: allowed });
  const list = query.data ?? null;
  const error = query.error ? toClientError(query.error) : null;

  if (status === 'loading') return <div className={layout.page} aria-busy="true" />;
  if (!allowed) {
    return (
      <div className={layout.page}>
        <p className={calloutClass('warning')} data-testid="curate-forbidden">
          {t('curate.curatorsOnly')}
        </p>
      </div>
    );
  }
  const problem = error ? errorMessage(error.code, error.details) : null;
  return (
    <div className={layout.page} data-testid="curate-page">
      <h1>{t('curate.title')}</h1>
      {problem && (
        <p className={calloutClass('error')} role="alert">
          {t(problem.key, problem.params)}
        </p>
      )}
      <div className={styles.columns}>
        <section aria-labelledby="curate-list-heading">
          <h2 id="curate-list-heading" className="visually-hidden">
            {t('curate.title')}
          </h2>
          {list === null ? (
            <p className={text.muted} aria-busy="true">
              {t('common.loading')}
            </p>
          ) : list.length === 0 ? (
            <p className={text.muted} data-testid="curate-empty">
              {t('curate.empty')}
            </p>
          ) : (
            <ul className={styles.list} data-testid="curate-list">
              {list.map((e) => (
                <li key={e.id} className={styles.item} data-testid="curate-item" data-exhibition-id={e.id} data-status={e.status}>
                  <div className={styles.itemHead}>
                    <Link to={`/curate/${encodeURIComponent(e.id)}`} className={styles.itemTitle} data-testid="curate-open">
                      {localizedText(e.title, locale)}
                    </Link>
                    <ExhibitionStatusBadge status={e.status} />
                  </div>
                  <p className={cx(text.small, text.muted)}>
                    {e.id} · {t('curate.works', { count: e.workCount })}
                  </p>
                  {e.status === 'returned' && e.review?.comment && (
                    <p className={cx(calloutClass('warning'), text.small)} data-testid="curate-review-comment">
                      {t('curate.returnedComment', { comment: e.review.comment })}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <NewExhibitionForm
          onCreated={(created) => {
            // The lists that show exhibitions no longer hold every one.
            void queryClient.invalidateQueries({ queryKey: queryKeys.exhibitions.all });
            navigate(`/curate/${encodeURIComponent(created.id)}`);
          }}
        />
      </div>
    </div>
  );
}
