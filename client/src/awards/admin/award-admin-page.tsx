import type { AwardProgramme } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { RoleGate, useDocumentTitle } from '../../app/access-gate';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { localizedText } from '../../works/work-library';
import { fetchProgramme, fetchUsers } from './admin-api';
import { ErrorNote } from './admin-ui';
import { AuditSection } from './audit-section';
import { msUntilNextPhase } from './award-phase';
import { EntriesSection } from './entries-section';
import { JudgesSection } from './judges-section';
import { peopleDirectory } from './people';
import { ProgressSection } from './progress-section';
import { ResultsSection } from './results-section';
import { ScheduleSection } from './schedule-section';
import { buttonClass } from '../../ui/button';
import { badgeClass } from '../../ui/badge';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/**
 * `/awards/:awardId/admin`: the organiser's console — schedule and phase, judges, judges'
 * progress, entries, results with tie-breaks, and the audit log. Admins only.
 */
export function AwardAdminPage() {
  const { t } = useI18n();
  useDocumentTitle(t('awardsAdmin.admin.title'));
  return (
    <RoleGate allows={(user) => user?.role === 'admin'} title={t('awardsAdmin.admin.title')} signInFirst={t('awardsAdmin.admin.signInFirst')} notAllowed={t('awardsAdmin.admin.notAllowed')} testId="award-admin-forbidden">
      <AwardConsole />
    </RoleGate>
  );
}

function AwardConsole() {
  const { awardId = '' } = useParams();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const programmeQuery = useQuery({ queryKey: queryKeys.awards.programme(awardId), queryFn: () => fetchProgramme(awardId) });
  const programme = programmeQuery.data ?? null;
  const error = programmeQuery.error && !programmeQuery.isFetching ? toClientError(programmeQuery.error) : null;
  const { refetch } = programmeQuery;

  // Accounts, read once for the page, so that the audit log names people rather than ids. Without
  // them (a failed read) the ids stand in: the log is still usable, so no error is shown.
  const users = useQuery({ queryKey: queryKeys.users.list(), queryFn: () => fetchUsers(), retry: false });
  const people = useMemo(() => (users.data ? peopleDirectory(users.data) : null), [users.data]);

  const changed = useCallback(
    (next?: AwardProgramme) => {
      if (next) queryClient.setQueryData(queryKeys.awards.programme(awardId), next);
      // Everything about the programme (progress, results…) is read again; the programme itself
      // too unless the change answered with it.
      void queryClient.invalidateQueries({
        queryKey: queryKeys.awards.programmeAll(awardId),
        predicate: (q) => !next || q.queryKey[3] !== 'detail',
      });
    },
    [queryClient, awardId],
  );

  // The phase is derived from the schedule, so re-read the programme when its next date arrives.
  const schedule = programme?.schedule;
  useEffect(() => {
    const wait = schedule ? msUntilNextPhase(schedule) : null;
    // setTimeout cannot wait longer than about 24.8 days; a page open that long is reloaded anyway.
    if (wait === null || wait > 2 ** 31 - 1 - 1000) return;
    const timer = setTimeout(() => changed(), wait + 1000);
    return () => clearTimeout(timer);
  }, [schedule, changed]);

  if (!programme) {
    return (
      <div className={layout.page}>
        <h1>{t('awardsAdmin.admin.title')}</h1>
        {error ? (
          <>
            <ErrorNote error={error} testId="award-admin-error" />
            <button type="button" className={buttonClass()} onClick={() => void refetch()}>
              {t('common.retry')}
            </button>
          </>
        ) : (
          <p className={text.muted} aria-busy="true">
            {t('common.loading')}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className={layout.page} data-testid="award-admin-page" data-phase={programme.phase}>
      <div className={layout.row}>
        <h1>{localizedText(programme.title, locale)}</h1>
        <span className={layout.spacer} />
        <span className={badgeClass()} data-testid="award-phase">
          {t(`awardsAdmin.phase.${programme.phase}`)}
        </span>
        <Link className={buttonClass('ghost')} to={`/awards/${encodeURIComponent(programme.id)}`}>
          {t('awardsAdmin.admin.publicPage')}
        </Link>
      </div>
      <ErrorNote error={error} testId="award-admin-error" />
      <ScheduleSection programme={programme} onChanged={changed} />
      <JudgesSection programme={programme} onChanged={changed} />
      <ProgressSection awardId={programme.id} />
      <EntriesSection programme={programme} onChanged={changed} />
      <ResultsSection programme={programme} onChanged={changed} />
      <AuditSection awardId={programme.id} people={people} />
    </div>
  );
}
