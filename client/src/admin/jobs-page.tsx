import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useAuth } from '../auth/auth-context';
import { queryKeys } from '../data/query-keys';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { badgeClass } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';
import styles from './jobs-page.module.css';
import { cancelJob, fetchJobs } from './jobs-api';

/** How often the list refreshes, in ms. */
const REFRESH_MS = 2000;
/** How many jobs the list shows. */
const LIMIT = 100;

/** Admins' view of the batch job queue: state and progress of each job, with cancel. */
export function JobsPage() {
  const { user, status } = useAuth();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const isAdmin = user?.role === 'admin';
  const query = useQuery({ queryKey: queryKeys.jobs.list(LIMIT), queryFn: () => fetchJobs(LIMIT), enabled: isAdmin, refetchInterval: REFRESH_MS });
  const cancelling = useMutation({
    mutationFn: cancelJob,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all }),
  });
  const jobs = query.data ?? null;
  // A failed cancel shows until the list has been read again, as the page always did.
  const { reset } = cancelling;
  useEffect(() => reset(), [query.dataUpdatedAt, reset]);
  const cancel = (id: string) => cancelling.mutateAsync(id).catch(() => undefined);
  const failure = query.error ?? cancelling.error;
  const error = failure ? toClientError(failure) : null;

  if (status === 'loading') return <div className={layout.page} aria-busy="true" />;
  if (user?.role !== 'admin') {
    return (
      <div className={layout.page}>
        <p className={calloutClass('warning')} data-testid="jobs-admins-only">
          {t('jobs.adminsOnly')}
        </p>
      </div>
    );
  }
  const problem = error ? errorMessage(error.code, error.details) : null;
  return (
    <div className={layout.page}>
      <h1>{t('jobs.title')}</h1>
      {problem && (
        <p className={calloutClass('error')} role="alert">
          {t(problem.key, problem.params)}
        </p>
      )}
      {jobs && jobs.length === 0 && <p className={text.muted}>{t('jobs.empty')}</p>}
      {/* The table scrolls sideways inside its region on a narrow screen; focusable, so the keyboard can scroll it. */}
      {jobs && jobs.length > 0 && (
        <div className={styles.scroller} tabIndex={0} role="region" aria-label={t('jobs.title')}>
          <table className={styles.table} data-testid="jobs-table">
            <thead>
              <tr>
                <th>{t('jobs.type')}</th>
                <th>{t('jobs.state')}</th>
                <th>{t('jobs.progress')}</th>
                <th>{t('jobs.attempts')}</th>
                <th>{t('jobs.created')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid="job-row" data-state={job.state}>
                  <td>
                    <span className={styles.type}>{job.type}</span>
                    <span className={cx(text.muted, styles.id)}>{job.id}</span>
                    {job.error && <span className={styles.error}>{job.error}</span>}
                  </td>
                  <td>
                    <span className={badgeClass()}>{t(`jobs.state.${job.state}`)}</span>
                  </td>
                  <td>
                    <progress max={100} value={job.progress} aria-label={t('jobs.progress')} /> {Math.round(job.progress)}%
                  </td>
                  <td>
                    {job.attempts}/{job.maxAttempts}
                  </td>
                  <td>{new Date(job.createdAt).toLocaleString()}</td>
                  <td>
                    {(job.state === 'queued' || job.state === 'active') && (
                      <button type="button" className={buttonClass('small')} onClick={() => void cancel(job.id)}>
                        {t('jobs.cancel')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
