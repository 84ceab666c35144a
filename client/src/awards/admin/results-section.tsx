import { phaseIndex, type AwardProgramme, type AwardResults, type CategoryResult } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { localizedText } from '../../works/work-library';
import { fetchResults, tieBreak } from './admin-api';
import { BusyButton, ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { calloutClass } from '../../ui/callout';
import { badgeClass } from '../../ui/badge';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/**
 * Results per category as the organiser sees them (always everything): the ranking with jury
 * score and votes, the winner, and a warning for a tie for first with "choose as winner" buttons.
 */
export function ResultsSection({ programme, onChanged }: { programme: AwardProgramme; onChanged: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // The console invalidates it after every change it makes.
  const query = useQuery({ queryKey: queryKeys.awards.results(programme.id), queryFn: () => fetchResults(programme.id) });
  const results = query.data ?? null;
  const error = query.error ? toClientError(query.error) : null;

  // The server takes tie-breaks from judging until the ceremony ends.
  const canBreakTies = phaseIndex(programme.phase) >= phaseIndex('judging') && phaseIndex(programme.phase) <= phaseIndex('ceremony');
  return (
    <section className={adminStyles.section} aria-labelledby="award-results-heading" data-testid="award-results">
      <h2 id="award-results-heading">{t('awardsAdmin.results.title')}</h2>
      <ErrorNote error={error} testId="results-error" />
      {results === null
        ? !error && (
            <p className={text.muted} aria-busy="true">
              {t('common.loading')}
            </p>
          )
        : results.categories.map((result) => (
            <CategoryResults
              key={result.categoryId}
              programmeId={programme.id}
              category={programme.categories.find((c) => c.id === result.categoryId)}
              result={result}
              canBreakTies={canBreakTies}
              onDecided={(next) => {
                queryClient.setQueryData<AwardResults>(queryKeys.awards.results(programme.id), (r) => r && { ...r, categories: r.categories.map((c) => (c.categoryId === next.categoryId ? next : c)) });
                onChanged();
              }}
            />
          ))}
    </section>
  );
}

function CategoryResults({ programmeId, category, result, canBreakTies, onDecided }: {
  programmeId: string;
  category: AwardProgramme['categories'][number] | undefined;
  result: CategoryResult;
  canBreakTies: boolean;
  onDecided: (result: CategoryResult) => void;
}) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const titleOf = new Map(result.entries.map((e) => [e.entryId, localizedText(e.work.title, locale)]));
  const tied = result.tiedForFirst.length >= 2;

  const choose = async (entryId: string) => {
    setBusy(entryId);
    setError(null);
    try {
      onDecided(await tieBreak(programmeId, { categoryId: result.categoryId, entryId }));
    } catch (e) {
      setError(toClientError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className={adminStyles.category} data-testid={`results-${result.categoryId}`}>
      <h3>
        {category ? localizedText(category.title, locale) : result.categoryId}{' '}
        <span className={cx(text.muted, text.small)}>
          {t(result.winnerBy === 'jury' ? 'awardsAdmin.results.byJury' : 'awardsAdmin.results.byPublic')}
          {result.totalVotes !== null && ` · ${t('awardsAdmin.results.totalVotes', { count: result.totalVotes })}`}
          {` · ${t(`awardsAdmin.results.reveal.${result.revealStage}`)}`}
        </span>
      </h3>
      {tied && (
        <div className={calloutClass('warning')} role="status" data-testid={`tie-${result.categoryId}`}>
          <p>
            {result.winnerEntryId
              ? t('awardsAdmin.results.tieResolved', { title: titleOf.get(result.winnerEntryId) ?? result.winnerEntryId })
              : t('awardsAdmin.results.tie', { titles: result.tiedForFirst.map((id) => titleOf.get(id) ?? id).join(locale === 'en' ? ', ' : '、') })}
          </p>
          {canBreakTies && (
            <div className={layout.row}>
              {result.tiedForFirst.map((id) => (
                <BusyButton key={id} busy={busy === id} busyLabel={t('awardsAdmin.saving')} disabled={busy !== null || id === result.winnerEntryId} data-testid={`tie-break-${id}`} onClick={() => void choose(id)}>
                  {t('awardsAdmin.results.chooseWinner', { title: titleOf.get(id) ?? id })}
                </BusyButton>
              ))}
            </div>
          )}
        </div>
      )}
      <ErrorNote error={error} testId={`results-error-${result.categoryId}`} />
      {result.entries.length === 0 ? (
        <p className={text.muted}>{t('awardsAdmin.entries.none')}</p>
      ) : (
        <table className={adminStyles.table}>
          <thead>
            <tr>
              <th scope="col">{t('awardsAdmin.results.rank')}</th>
              <th scope="col">{t('awardsAdmin.results.work')}</th>
              <th scope="col">{t('awardsAdmin.results.jury')}</th>
              <th scope="col">{t('awardsAdmin.results.votes')}</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((e) => (
              <tr key={e.entryId} data-testid={`result-${e.entryId}`} data-rank={e.rank ?? ''} className={e.entryId === result.winnerEntryId ? adminStyles.winnerRow : undefined}>
                <td>{e.rank ?? '–'}</td>
                <td>
                  {localizedText(e.work.title, locale)}
                  {e.entryId === result.winnerEntryId && <span className={cx(badgeClass(), adminStyles.final)}> {t('awardsAdmin.results.winner')}</span>}
                  {result.tiedForFirst.includes(e.entryId) && <span className={badgeClass()}> {t('awardsAdmin.results.tied')}</span>}
                </td>
                <td>{e.juryScore === null ? '–' : t('awardsAdmin.results.juryScore', { score: e.juryScore.toFixed(2), count: e.judgeCount })}</td>
                <td>{e.votes ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
