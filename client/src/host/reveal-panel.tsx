import { AwardReveal, type CategoryResult, type RevealInput } from '@yunzhan/shared';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchAwards, fetchProgramme, fetchResults, postReveal } from '../awards/awards-api';
import { queryKeys } from '../data/query-keys';
import { PhaseBadge } from '../awards/phase-badge';
import { localized } from '../hall/localized';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import type { YunzhanSocket } from '../realtime/socket';
import styles from './reveal-panel.module.css';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import layout from '../ui/layout.module.css';
import text from '../ui/text.module.css';

type Stage = RevealInput['stage'];

/** What is on the viewers' screens now, as far as this console knows. */
interface OnScreen {
  programmeId: string;
  categoryId: string;
  stage: Stage;
}

const slot = (programmeId: string, categoryId: string) => `${programmeId}/${categoryId}`;

/**
 * The host's reveal flow for the award programmes whose ceremony is this event: per category,
 * "Show nominees", "Reveal winner" and "Clear" (POST /api/awards/:id/reveal), the stage each
 * category has reached (from the results' revealStage) and any refusal (TIE_UNRESOLVED, …).
 * Renders nothing when no programme has its ceremony here.
 */
export function RevealPanel({ eventId, socket }: { eventId: string; socket: YunzhanSocket | null }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [onScreen, setOnScreen] = useState<OnScreen | null>(null);

  const ceremony = useQuery({
    queryKey: queryKeys.awards.ceremonyOf(eventId),
    queryFn: async () => {
      const list = (await fetchAwards(eventId)).filter((a) => a.eventId === eventId);
      return Promise.all(list.map((a) => fetchProgramme(a.id)));
    },
  });
  useEffect(() => {
    if (ceremony.error) console.warn('could not load the award programmes of this event', ceremony.error);
  }, [ceremony.error]);
  const programmes = useMemo(() => ceremony.data ?? [], [ceremony.data]);
  const resultQueries = useQueries({
    queries: programmes.map((p) => ({ queryKey: queryKeys.awards.results(p.id), queryFn: () => fetchResults(p.id) })),
  });
  const results: Record<string, Map<string, CategoryResult>> = {};
  resultQueries.forEach((q, i) => {
    if (q.data) results[programmes[i]!.id] = new Map(q.data.categories.map((c) => [c.categoryId, c]));
  });

  const refreshResults = useCallback(
    (programmeId: string) => void queryClient.invalidateQueries({ queryKey: queryKeys.awards.results(programmeId) }),
    [queryClient],
  );
  const revealing = useMutation({
    mutationFn: ({ programmeId, input }: { programmeId: string; input: RevealInput }) => postReveal(programmeId, input),
    onSuccess: (_answer, { programmeId }) => refreshResults(programmeId),
  });

  // Another host (or an admin) revealing: follow it on screen (the push registry reads the
  // programme's results again).
  useEffect(() => {
    if (!socket) return;
    const onReveal = (payload: AwardReveal) => {
      const parsed = AwardReveal.safeParse(payload);
      if (!parsed.success) return;
      const r = parsed.data;
      setOnScreen({ programmeId: r.programmeId, categoryId: r.categoryId, stage: r.stage });
    };
    socket.on('award:reveal', onReveal);
    return () => {
      socket.off('award:reveal', onReveal);
    };
  }, [socket]);

  const reveal = async (programmeId: string, categoryId: string, stage: Stage) => {
    const key = slot(programmeId, categoryId);
    setBusy(`${key}/${stage}`);
    setErrors(({ [key]: _dropped, ...rest }) => rest);
    try {
      const answer = await revealing.mutateAsync({ programmeId, input: { categoryId, stage } });
      setOnScreen({ programmeId, categoryId: answer.categoryId, stage: answer.stage });
    } catch (e) {
      const error = toClientError(e);
      const m = errorMessage(error.code, error.details);
      setErrors((all) => ({ ...all, [key]: t(m.key, m.params) }));
    } finally {
      setBusy(null);
    }
  };

  if (programmes.length === 0) return null;

  return (
    <section className={styles.panel} data-testid="reveal-panel" aria-label={t('awards.reveal.title')}>
      <h2>{t('awards.reveal.title')}</h2>
      {programmes.map((p) => (
        <div key={p.id} data-programme-id={p.id}>
          <p className={styles.programmeTitle}>
            <strong>{localized(p.title, locale)}</strong> <PhaseBadge phase={p.phase} />
          </p>
          <ul className={styles.categories}>
            {p.categories.map((c) => {
              const key = slot(p.id, c.id);
              const result = results[p.id]?.get(c.id);
              const stage = result?.revealStage ?? 'none';
              const showing = onScreen?.programmeId === p.id && onScreen.categoryId === c.id && onScreen.stage !== 'clear';
              const tie = (result?.tiedForFirst.length ?? 0) > 1 && result?.winnerEntryId === null;
              const pending = busy?.startsWith(`${key}/`) ?? false;
              return (
                <li key={c.id} className={styles.category} data-category-id={c.id}>
                  <div className={styles.head}>
                    <span>{localized(c.title, locale)}</span>
                    <span className={cx(text.small, text.muted)}>{t('awards.reveal.nomineeCount', { count: c.entries.length })}</span>
                    <span className={badgeClass()} data-testid={`reveal-stage-${c.id}`} data-stage={stage}>
                      {t(`awards.reveal.stage.${stage}`)}
                    </span>
                    {showing && <span className={badgeClass('live')}>{t('awards.reveal.onScreen')}</span>}
                  </div>
                  {tie && <p className={cx(text.small, calloutClass('warning'), styles.tie)}>{t('awards.reveal.tie')}</p>}
                  <div className={layout.row}>
                    <button type="button" className={buttonClass()} data-testid={`reveal-nominees-${c.id}`} disabled={pending} onClick={() => void reveal(p.id, c.id, 'nominees')}>
                      {t('awards.reveal.showNominees')}
                    </button>
                    <button type="button" className={buttonClass('primary')} data-testid={`reveal-winner-${c.id}`} disabled={pending} onClick={() => void reveal(p.id, c.id, 'winner')}>
                      {t('awards.reveal.revealWinner')}
                    </button>
                    <button type="button" className={buttonClass('ghost')} data-testid={`reveal-clear-${c.id}`} disabled={pending} onClick={() => void reveal(p.id, c.id, 'clear')}>
                      {t('awards.reveal.clear')}
                    </button>
                  </div>
                  {errors[key] && (
                    <p className={calloutClass('error')} role="alert" data-testid={`reveal-error-${c.id}`}>
                      {errors[key]}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
