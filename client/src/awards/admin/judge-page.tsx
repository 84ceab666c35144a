import type { JudgeScore, JudgingSheet } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { Gate, RoleGate, useDocumentTitle } from '../../app/access-gate';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { localizedText } from '../../works/work-library';
import { fetchJudgingSheet } from './admin-api';
import { ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { JudgeEntryCard } from './judge-entry-card';
import styles from './judge-page.module.css';
import { sheetProgress } from './judge-score';
import { buttonClass } from '../../ui/button';
import { calloutClass } from '../../ui/callout';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/** `/awards/:awardId/judge`: a judge's sheet — each category's rubric and its entries to score. */
export function JudgePage() {
  const { t } = useI18n();
  useDocumentTitle(t('awardsAdmin.judge.title'));
  return (
    <RoleGate allows={(user) => user?.role === 'judge'} title={t('awardsAdmin.judge.title')} signInFirst={t('awardsAdmin.judge.signInFirst')} notAllowed={t('awardsAdmin.judge.notAllowed')} testId="judge-forbidden">
      <JudgingSheetView />
    </RoleGate>
  );
}

function JudgingSheetView() {
  const { awardId = '' } = useParams();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.awards.judging(awardId), queryFn: () => fetchJudgingSheet(awardId) });
  const sheet = query.data ?? null;
  const error = query.error && !query.isFetching ? toClientError(query.error) : null;
  const load = query.refetch;

  /** Replaces one entry's line of the sheet (in the cache) after a save or a recusal. */
  const update = (entryId: string, change: { mine?: JudgeScore | null; recused?: boolean }) =>
    queryClient.setQueryData<JudgingSheet>(queryKeys.awards.judging(awardId), (s) =>
      s && {
        ...s,
        categories: s.categories.map((c) => ({ ...c, entries: c.entries.map((e) => (e.entry.id === entryId ? { ...e, ...change } : e)) })),
      },
    );

  if (!sheet && error?.code === 'FORBIDDEN') {
    return (
      <Gate title={t('awardsAdmin.judge.title')}>
        <p data-testid="judge-forbidden">{t('awardsAdmin.judge.notAssigned')}</p>
      </Gate>
    );
  }
  if (!sheet && error?.code === 'PHASE_CLOSED') {
    return (
      <Gate title={t('awardsAdmin.judge.title')}>
        <p data-testid="judge-not-open">{t('awardsAdmin.judge.notOpen')}</p>
      </Gate>
    );
  }
  if (!sheet) {
    return (
      <div className={layout.page}>
        <h1>{t('awardsAdmin.judge.title')}</h1>
        {error ? (
          <>
            <ErrorNote error={error} testId="judge-error" />
            <button type="button" className={buttonClass()} onClick={() => void load()}>
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

  const open = sheet.phase === 'judging';
  const progress = sheetProgress(sheet);
  return (
    <div className={layout.page} data-testid="judge-page" data-phase={sheet.phase}>
      <h1>{t('awardsAdmin.judge.title')}</h1>
      <div className={styles.progress} data-testid="judge-progress" data-submitted={progress.submitted} data-total={progress.total}>
        <span>{t('awardsAdmin.judge.progress', { submitted: progress.submitted, total: progress.total })}</span>
        <progress max={Math.max(progress.total, 1)} value={progress.submitted} aria-label={t('awardsAdmin.judge.progressLabel')} />
      </div>
      <p className={cx(text.muted, text.small)}>{t('awardsAdmin.judge.blindNote')}</p>
      {!open && (
        <p className={calloutClass('info')} data-testid="judge-closed">
          {t('awardsAdmin.judge.closed')}
        </p>
      )}
      <ErrorNote error={error} testId="judge-error" />
      {sheet.categories.map((category) => (
        <section key={category.id} className={adminStyles.section} aria-labelledby={`judge-category-${category.id}`} data-testid={`judge-category-${category.id}`}>
          <h2 id={`judge-category-${category.id}`}>{localizedText(category.title, locale)}</h2>
          <table className={adminStyles.table}>
            <caption>{t('awardsAdmin.judge.rubric')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('awardsAdmin.judge.criterion')}</th>
                <th scope="col">{t('awardsAdmin.judge.weight')}</th>
                <th scope="col">{t('awardsAdmin.judge.max')}</th>
              </tr>
            </thead>
            <tbody>
              {category.rubric.map((c) => (
                <tr key={c.id}>
                  <td>{localizedText(c.label, locale)}</td>
                  <td>{c.weight}</td>
                  <td>{c.max}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {category.entries.length === 0 ? (
            <p className={text.muted}>{t('awardsAdmin.judge.noEntries')}</p>
          ) : (
            <div className={styles.grid}>
              {category.entries.map((item) => (
                <JudgeEntryCard
                  key={item.entry.id}
                  awardId={awardId}
                  rubric={category.rubric}
                  item={item}
                  open={open}
                  onScored={(score) => update(item.entry.id, { mine: score })}
                  onRecused={() => update(item.entry.id, { mine: null, recused: true })}
                />
              ))}
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
