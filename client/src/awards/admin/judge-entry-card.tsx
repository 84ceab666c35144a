import { RecusalInput, type JudgeScore, type JudgingSheet, type RubricCriterion } from '@yunzhan/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { schemaResolver } from '../../forms/schema-resolver';
import { applyServerError } from '../../forms/server-errors';
import { useI18n } from '../../i18n/i18n';
import type { ClientError } from '../../lib/client-error';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { describedBy, FieldErrorMessage, FormAlert, FormField } from '../../ui/form-field';
import { Slider } from '../../ui/slider';
import { localizedText } from '../../works/work-library';
import { putScore, recuse } from './admin-api';
import { BusyButton } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { awardErrorMessage } from './award-errors';
import styles from './judge-entry-card.module.css';
import { clampScore, draftOf, scoreFormSchema, scoreWords, weightedTotal, type ScoreFormOutput, type ScoreFormValues } from './judge-score';
import { buttonClass } from '../../ui/button';
import { badgeClass } from '../../ui/badge';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import textStyles from '../../ui/text.module.css';

/** One entry of a judging sheet: the work, and the judge's own score. */
type SheetItem = JudgingSheet['categories'][number]['entries'][number];

/**
 * An entry as a card: image, title, creator (or "blind"), then the judge's score form — a number
 * field and a slider per criterion, a comment, Save draft and Submit (final, confirmed in a
 * dialog) — or the submitted score read-only, or "recused". Declaring a conflict of interest asks
 * for a reason.
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

  // Submitting or recusing replaces the form (and its dialog) with the outcome: the judge's place
  // stays on this card (its heading), not the page's start. Radix gives the focus back in a
  // setTimeout(0) to the button that asked, which is gone by then; this runs after it.
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStatus = useRef(status);
  useEffect(() => {
    const before = shownStatus.current;
    shownStatus.current = status;
    if (before === status || (status !== 'submitted' && status !== 'recused')) return;
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) heading.current?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <article className={styles.card} data-testid={`judge-entry-${id}`} data-status={status} aria-labelledby={`judge-entry-${id}-title`}>
      <div className={styles.media}>{entry.work.imageUrl ? <img src={entry.work.imageUrl} alt={title} loading="lazy" /> : <span className={cx(textStyles.muted, textStyles.small)}>{t('awardsAdmin.noImage')}</span>}</div>
      <div className={styles.body}>
        <h3 ref={heading} tabIndex={-1} id={`judge-entry-${id}-title`} className={styles.title}>
          {title}
        </h3>
        <p className={cx(textStyles.small, textStyles.muted)}>
          {entry.work.creator ?? <span className={badgeClass()} data-testid={`blind-${id}`}>{t('awardsAdmin.judge.blind')}</span>} · {entry.work.catalogueNumber}
        </p>
        {recused ? (
          <p>
            <span className={cx(badgeClass(), adminStyles.recused)} data-testid={`recused-${id}`}>
              {t('awardsAdmin.judge.recused')}
            </span>{' '}
            <span className={cx(textStyles.muted, textStyles.small)}>{t('awardsAdmin.judge.recusedNote')}</span>
          </p>
        ) : final && mine ? (
          <FinalScore rubric={rubric} score={mine} entryId={id} />
        ) : (
          <ScoreForm awardId={awardId} rubric={rubric} entryId={id} entryTitle={title} mine={mine} open={open} onScored={onScored} onRecused={onRecused} />
        )}
        {mine?.status === 'draft' && !recused && (
          <p className={cx(textStyles.small, textStyles.muted)} data-testid={`draft-saved-${id}`}>
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
        <span className={cx(badgeClass(), adminStyles.final)}>{t('awardsAdmin.judge.final')}</span> <strong>{t('awardsAdmin.judge.total', { total: score.total.toFixed(1) })}</strong>
      </p>
      <dl className={styles.scores}>
        {rubric.map((c) => (
          <div key={c.id}>
            <dt>{localizedText(c.label, locale)}</dt>
            <dd data-testid={`score-${entryId}-${c.id}`}>
              {score.scores[c.id] ?? '–'} / {c.max}
            </dd>
          </div>
        ))}
      </dl>
      {score.comment && <p className={styles.comment}>{score.comment}</p>}
    </div>
  );
}

/**
 * The judge's score form (react-hook-form on the shared ScoreInput, see scoreFormSchema): per
 * criterion a number field for exact entry and a slider (arrows, Page Up/Down, Home/End) on the
 * same value, the comment, Save draft, Submit (checked first, then asked in a confirm dialog) and
 * Declare conflict of interest (asked with a required reason). A refusal from the server lands on
 * the criterion or comment it names, anything else above the buttons.
 */
function ScoreForm({ awardId, rubric, entryId, entryTitle, mine, open, onScored, onRecused }: {
  awardId: string;
  rubric: readonly RubricCriterion[];
  entryId: string;
  /** The entry's title in the viewer's language (named in the confirm questions). */
  entryTitle: string;
  mine: JudgeScore | null;
  open: boolean;
  onScored: (score: JudgeScore) => void;
  onRecused: () => void;
}) {
  const { t, locale } = useI18n();
  const resolver = useMemo(() => schemaResolver(scoreFormSchema(rubric), scoreWords(rubric)), [rubric]);
  const fields = useMemo(() => [...rubric.map((c) => `scores.${c.id}`), 'comment'], [rubric]);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setValue,
    watch,
    formState: { errors },
  } = useForm<ScoreFormValues, unknown, ScoreFormOutput>({ resolver, mode: 'onChange', defaultValues: { scores: draftOf(rubric, mine), comment: mine?.comment ?? '' } });
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [confirming, setConfirming] = useState<'submit' | 'recuse' | null>(null);
  const draft = watch('scores');
  const total = weightedTotal(rubric, draft);

  const put = async (output: ScoreFormOutput, submit: boolean) => {
    setBusy(submit ? 'submit' : 'save');
    try {
      const score = await putScore(awardId, entryId, { ...output, submit });
      // The form stays (and the focus on its button) for a draft: it shows what was stored.
      if (!submit) reset({ scores: draftOf(rubric, score), comment: score.comment });
      onScored(score);
    } catch (e) {
      applyServerError(e, setError, { fields, words: (_, field) => scoreWords(rubric)({ path: field, code: 'server' }), refusal: awardRefusal });
    } finally {
      setBusy(null);
      setConfirming(null);
    }
  };
  const saveDraft = handleSubmit((output) => put(output, false));
  // Check the scores before asking "are you sure?", so the question is only put to a valid score.
  const askSubmit = handleSubmit(() => setConfirming('submit'));
  const submitFinal = handleSubmit((output) => put(output, true));

  const locked = !open || busy !== null;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-busy={busy !== null || undefined} noValidate>
      {rubric.map((c) => {
        const inputId = `score-${entryId}-${c.id}`;
        const label = localizedText(c.label, locale);
        const error = errors.scores?.[c.id];
        const text = draft[c.id] ?? '';
        const blank = text.trim() === '';
        return (
          <div key={c.id} className={styles.row}>
            <label htmlFor={inputId}>
              {label} <span className={cx(textStyles.muted, textStyles.small)}>(0–{c.max})</span>
            </label>
            <input
              id={inputId}
              data-testid={inputId}
              type="number"
              inputMode="numeric"
              min={0}
              max={c.max}
              step={1}
              disabled={locked}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(inputId, false, error)}
              {...register(`scores.${c.id}`)}
            />
            <div className={styles.slider}>
              <Slider
                label={label}
                value={clampScore(Number(text || 0), c.max)}
                min={0}
                max={c.max}
                disabled={locked}
                valueText={(value) => (blank ? t('awardsAdmin.judge.unscored') : t('awardsAdmin.judge.scoreOf', { score: value, max: c.max }))}
                onValueChange={(value) => setValue(`scores.${c.id}`, String(value), { shouldValidate: true, shouldDirty: true })}
                testId={`${inputId}-range`}
              />
            </div>
            <div className={styles.error}>
              <FieldErrorMessage id={`${inputId}-error`} error={error} />
            </div>
          </div>
        );
      })}
      <p className={textStyles.small} data-testid={`total-${entryId}`}>
        {t('awardsAdmin.judge.preview', { total: total === null ? '–' : total.toFixed(1) })}
      </p>
      <FormField id={`comment-${entryId}`} label={t('awardsAdmin.judge.comment')} error={errors.comment}>
        {(control) => <textarea {...control} rows={3} disabled={locked} {...register('comment')} />}
      </FormField>
      <FormAlert error={errors.root?.server} testId={`judge-entry-error-${entryId}`} />
      <div className={cx(layout.row, styles.actions)}>
        <BusyButton busy={busy === 'save'} busyLabel={t('awardsAdmin.saving')} disabled={locked} onClick={() => void saveDraft()} data-testid={`save-${entryId}`}>
          {t('awardsAdmin.judge.saveDraft')}
        </BusyButton>
        <button type="button" className={buttonClass('primary')} disabled={locked} onClick={() => void askSubmit()} data-testid={`submit-${entryId}`}>
          {t('awardsAdmin.judge.submit')}
        </button>
        <span className={layout.spacer} />
        <button type="button" className={buttonClass('ghost')} disabled={locked} onClick={() => setConfirming('recuse')} data-testid={`recuse-${entryId}`}>
          {t('awardsAdmin.judge.recuse')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming === 'submit'}
        title={t('awardsAdmin.judge.submitTitle', { title: entryTitle })}
        description={t('awardsAdmin.judge.submitNote')}
        confirmLabel={t('awardsAdmin.judge.submitConfirm')}
        cancelLabel={t('awardsAdmin.cancel')}
        busy={busy === 'submit'}
        busyLabel={t('awardsAdmin.working')}
        onConfirm={() => void submitFinal()}
        onCancel={() => setConfirming(null)}
        testId={`submit-${entryId}`}
      />
      {confirming === 'recuse' && <RecuseDialog awardId={awardId} entryId={entryId} entryTitle={entryTitle} onRecused={onRecused} onCancel={() => setConfirming(null)} />}
    </form>
  );
}

/** A VALIDATION_FAILED answer goes on the fields; any other refusal is worded the award pages' way above the buttons. */
function awardRefusal(error: ClientError) {
  return error.code === 'VALIDATION_FAILED' ? undefined : { message: awardErrorMessage(error) };
}

/**
 * "Declare a conflict of interest?" with the reason it needs (the shared RecusalInput: required,
 * at most 500 characters): Confirm stays disabled until a reason is typed; a refusal shows inside
 * the dialog, on the reason when the server names it.
 */
function RecuseDialog({ awardId, entryId, entryTitle, onRecused, onCancel }: { awardId: string; entryId: string; entryTitle: string; onRecused: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }, unknown, { reason: string }>({ resolver: recusalResolver, defaultValues: { reason: '' } });
  const declare = handleSubmit(async ({ reason }) => {
    try {
      await recuse(awardId, { entryId, reason });
      onRecused();
    } catch (e) {
      applyServerError(e, setError, { fields: ['reason'], refusal: awardRefusal });
    }
  });
  return (
    <ConfirmDialog
      open
      title={t('awardsAdmin.judge.recuseTitle', { title: entryTitle })}
      description={t('awardsAdmin.judge.recuseNote')}
      confirmLabel={t('awardsAdmin.judge.recuseConfirm')}
      cancelLabel={t('awardsAdmin.cancel')}
      busy={isSubmitting}
      busyLabel={t('awardsAdmin.working')}
      canConfirm={watch('reason').trim() !== ''}
      onConfirm={() => void declare()}
      onCancel={onCancel}
      testId={`recuse-${entryId}`}
    >
      <FormField id={`recuse-${entryId}-reason`} label={t('awardsAdmin.judge.recuseReason')} error={errors.reason} required>
        {(control) => <textarea {...control} rows={2} {...register('reason')} />}
      </FormField>
      <FormAlert error={errors.root?.server} testId={`recuse-${entryId}-error`} />
    </ConfirmDialog>
  );
}

/** The recusal reason, checked with the shared RecusalInput's rule. */
const recusalResolver = schemaResolver(RecusalInput.pick({ reason: true }));
