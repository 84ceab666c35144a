import type { JudgeScore, JudgingSheet, RubricCriterion } from '@yunzhan/shared';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { localizedText } from '../../works/work-library';
import { putScore, recuse } from './admin-api';
import { BusyButton, ConfirmPanel, ErrorNote } from './admin-ui';
import { clampScore, draftOf, isValidScore, scoreInputOf, weightedTotal, type ScoreDraft } from './judge-score';

/** One entry of a judging sheet: the work, and the judge's own score. */
type SheetItem = JudgingSheet['categories'][number]['entries'][number];

/**
 * An entry as a card: image, title, creator (or "blind"), then the judge's score form — a number
 * input and a slider per criterion, a comment, Save draft and Submit (final, confirmed) — or the
 * submitted score read-only, or "recused". Declaring a conflict of interest asks for a reason.
 */
export function JudgeEntryCard({ awardId, rubric, item, open, onScored, onRecused }: {
  awardId: string;
  rubric: readonly RubricCriterion[];
  item: SheetItem;
  /** Whether the programme is in judging (scores can be saved). */
  open: boolean;
  onScored: (score: JudgeScore) => void;
  onRecused: () => void;
}) {
  const { t, locale, formatDateTime } = useI18n();
  const { entry, mine, recused } = item;
  const id = entry.id;
  const title = localizedText(entry.work.title, locale);
  const final = mine?.status === 'submitted';
  const status = recused ? 'recused' : (mine?.status ?? 'none');

  return (
    <article className="award-card" data-testid={`judge-entry-${id}`} data-status={status} aria-labelledby={`judge-entry-${id}-title`}>
      <div className="award-card__media">{entry.work.imageUrl ? <img src={entry.work.imageUrl} alt={title} loading="lazy" /> : <span className="muted small">{t('awardsAdmin.noImage')}</span>}</div>
      <div className="award-card__body">
        <h3 id={`judge-entry-${id}-title`} className="award-card__title">
          {title}
        </h3>
        <p className="small muted">
          {entry.work.creator ?? <span className="badge" data-testid={`blind-${id}`}>{t('awardsAdmin.judge.blind')}</span>} · {entry.work.catalogueNumber}
        </p>
        {recused ? (
          <p className="award-card__state">
            <span className="badge badge--award-recused" data-testid={`recused-${id}`}>
              {t('awardsAdmin.judge.recused')}
            </span>{' '}
            <span className="muted small">{t('awardsAdmin.judge.recusedNote')}</span>
          </p>
        ) : final && mine ? (
          <FinalScore rubric={rubric} score={mine} entryId={id} />
        ) : (
          <ScoreForm key={mine?.updatedAt ?? 'new'} awardId={awardId} rubric={rubric} entryId={id} mine={mine} open={open} onScored={onScored} onRecused={onRecused} />
        )}
        {mine?.status === 'draft' && !recused && (
          <p className="small muted" data-testid={`draft-saved-${id}`}>
            {t('awardsAdmin.judge.draftSaved', { time: formatDateTime(mine.updatedAt) })}
          </p>
        )}
      </div>
    </article>
  );
}

/** A submitted score, read-only, with its "final" badge. */
function FinalScore({ rubric, score, entryId }: { rubric: readonly RubricCriterion[]; score: JudgeScore; entryId: string }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid={`final-${entryId}`}>
      <p>
        <span className="badge badge--award-final">{t('awardsAdmin.judge.final')}</span> <strong>{t('awardsAdmin.judge.total', { total: score.total.toFixed(1) })}</strong>
      </p>
      <dl className="award-card__scores">
        {rubric.map((c) => (
          <div key={c.id}>
            <dt>{localizedText(c.label, locale)}</dt>
            <dd data-testid={`score-${entryId}-${c.id}`}>
              {score.scores[c.id] ?? '–'} / {c.max}
            </dd>
          </div>
        ))}
      </dl>
      {score.comment && <p className="award-card__comment">{score.comment}</p>}
    </div>
  );
}

function ScoreForm({ awardId, rubric, entryId, mine, open, onScored, onRecused }: {
  awardId: string;
  rubric: readonly RubricCriterion[];
  entryId: string;
  mine: JudgeScore | null;
  open: boolean;
  onScored: (score: JudgeScore) => void;
  onRecused: () => void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<ScoreDraft>(() => draftOf(rubric, mine));
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [busy, setBusy] = useState<'save' | 'submit' | 'recuse' | null>(null);
  const [confirming, setConfirming] = useState<'submit' | 'recuse' | null>(null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<ClientError | null>(null);
  const total = weightedTotal(rubric, draft);

  const setScore = (criterionId: string, text: string) => {
    setDraft((d) => ({ ...d, [criterionId]: text }));
    setInvalid((list) => list.filter((c) => c !== criterionId));
  };

  const save = async (submit: boolean) => {
    const body = scoreInputOf(rubric, draft, comment, submit);
    if (!body.ok) {
      setInvalid(body.invalid);
      setConfirming(null);
      return;
    }
    setBusy(submit ? 'submit' : 'save');
    setError(null);
    try {
      onScored(await putScore(awardId, entryId, body.input));
      setConfirming(null);
    } catch (e) {
      setError(toClientError(e));
    } finally {
      setBusy(null);
    }
  };

  const declare = async () => {
    setBusy('recuse');
    setError(null);
    try {
      await recuse(awardId, { entryId, reason: reason.trim() });
      onRecused();
    } catch (e) {
      setError(toClientError(e));
      setBusy(null);
    }
  };

  // Check the scores before asking "are you sure?", so the question is only put to a valid score.
  const askSubmit = () => {
    const body = scoreInputOf(rubric, draft, comment, true);
    if (body.ok) setConfirming('submit');
    else setInvalid(body.invalid);
  };

  const locked = !open || busy !== null;
  return (
    <form className="award-score" onSubmit={(e) => e.preventDefault()} aria-busy={busy !== null || undefined} noValidate>
      {rubric.map((c) => {
        const inputId = `score-${entryId}-${c.id}`;
        const bad = invalid.includes(c.id) || (draft[c.id] !== '' && !isValidScore(draft[c.id] ?? '', c.max));
        return (
          <div key={c.id} className="award-score__row">
            <label htmlFor={inputId}>
              {localizedText(c.label, locale)} <span className="muted small">(0–{c.max})</span>
            </label>
            <input
              id={inputId}
              data-testid={inputId}
              type="number"
              inputMode="numeric"
              min={0}
              max={c.max}
              step={1}
              value={draft[c.id] ?? ''}
              disabled={locked}
              aria-invalid={bad || undefined}
              aria-describedby={bad ? `${inputId}-error` : undefined}
              onChange={(e) => setScore(c.id, e.target.value)}
            />
            <input
              type="range"
              min={0}
              max={c.max}
              step={1}
              value={clampScore(Number(draft[c.id] || 0), c.max)}
              disabled={locked}
              aria-label={localizedText(c.label, locale)}
              data-testid={`${inputId}-range`}
              onChange={(e) => setScore(c.id, e.target.value)}
            />
            {bad && (
              <span className="award-form__error" id={`${inputId}-error`}>
                {t('awardsAdmin.judge.scoreRange', { max: c.max })}
              </span>
            )}
          </div>
        );
      })}
      <p className="small" data-testid={`total-${entryId}`}>
        {t('awardsAdmin.judge.preview', { total: total === null ? '–' : total.toFixed(1) })}
      </p>
      <label className="field">
        <span>{t('awardsAdmin.judge.comment')}</span>
        <textarea value={comment} maxLength={2000} rows={3} disabled={locked} data-testid={`comment-${entryId}`} onChange={(e) => setComment(e.target.value)} />
      </label>
      <ErrorNote error={error} testId={`judge-entry-error-${entryId}`} />
      {confirming === 'submit' ? (
        <ConfirmPanel testId={`submit-${entryId}`} question={t('awardsAdmin.judge.submitQuestion')} confirmLabel={t('awardsAdmin.judge.submitConfirm')} busy={busy === 'submit'} onConfirm={() => void save(true)} onCancel={() => setConfirming(null)} />
      ) : confirming === 'recuse' ? (
        <ConfirmPanel
          testId={`recuse-${entryId}`}
          question={t('awardsAdmin.judge.recuseQuestion')}
          confirmLabel={t('awardsAdmin.judge.recuseConfirm')}
          busy={busy === 'recuse'}
          canConfirm={reason.trim() !== ''}
          onConfirm={() => void declare()}
          onCancel={() => setConfirming(null)}
        >
          <label className="field">
            <span>{t('awardsAdmin.judge.recuseReason')}</span>
            <textarea value={reason} maxLength={500} rows={2} required data-testid={`recuse-${entryId}-reason`} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ConfirmPanel>
      ) : (
        <div className="row award-score__actions">
          <BusyButton busy={busy === 'save'} busyLabel={t('awardsAdmin.saving')} disabled={locked} onClick={() => void save(false)} data-testid={`save-${entryId}`}>
            {t('awardsAdmin.judge.saveDraft')}
          </BusyButton>
          <button type="button" className="button button--primary" disabled={locked} onClick={askSubmit} data-testid={`submit-${entryId}`}>
            {t('awardsAdmin.judge.submit')}
          </button>
          <span className="spacer" />
          <button type="button" className="button button--ghost" disabled={locked} onClick={() => setConfirming('recuse')} data-testid={`recuse-${entryId}`}>
            {t('awardsAdmin.judge.recuse')}
          </button>
        </div>
      )}
    </form>
  );
}
