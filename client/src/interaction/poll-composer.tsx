import { PollCreateInput, type PollState } from '@yunzhan/shared';
import { useRef, useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { z } from 'zod';
import parts from '../chat/chat-parts.module.css';
import { useFocusFirstInvalid } from '../forms/focus-first-invalid';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { toClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { buttonClass } from '../ui/button';
import { describedBy, FieldErrorMessage, FormAlert, FormField } from '../ui/form-field';
import { PollBars } from './poll-bars';
import styles from './poll-composer.module.css';
import type { PollDraft } from './use-interaction';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import card from '../ui/card.module.css';
import layout from '../ui/layout.module.css';
import textStyles from '../ui/text.module.css';

/** Fewest options a poll may have (the shared schema's limit). */
export const POLL_MIN_OPTIONS = 2;
/** Most options a poll may have (the shared schema's limit). */
export const POLL_MAX_OPTIONS = 6;

/** The composer's values: the question, one row per option (react-hook-form lists hold objects), several answers or one. */
interface PollFormValues {
  question: string;
  options: { text: string }[];
  multiple: boolean;
}

/**
 * The composer's schema: the shared PollCreateInput's rules for the question and each option
 * (every row shown must be filled; a spare one is removed with its ✕), handing on the draft.
 */
const PollForm = z
  .object({
    question: PollCreateInput.shape.question,
    options: z.array(z.object({ text: PollCreateInput.shape.options.element })).min(POLL_MIN_OPTIONS).max(POLL_MAX_OPTIONS),
    multiple: z.boolean(),
  })
  .transform((v): PollDraft => ({ question: v.question, options: v.options.map((o) => o.text), multiple: v.multiple }));
const resolver = schemaResolver<PollFormValues, PollDraft>(PollForm);
const EMPTY: PollFormValues = { question: '', options: [{ text: '' }, { text: '' }], multiple: false };

interface HostPollsProps {
  polls: readonly PollState[];
  onCreate: (draft: PollDraft) => Promise<unknown>;
  onClose: (pollId: string) => Promise<void>;
  disabled: boolean;
}

/**
 * The host console's polls: a composer (question, 2–6 options, multiple; react-hook-form on the
 * shared PollCreateInput, a refusal on the field it names) and the list with live results.
 */
export function HostPolls({ polls, onCreate, onClose, disabled }: HostPollsProps) {
  const { t } = useI18n();
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PollFormValues, unknown, PollDraft>({ resolver, defaultValues: EMPTY, shouldFocusError: false });
  // The option rows register before the question does, so react-hook-form's own focus would skip
  // it: focus goes to the first problem in the page's order instead.
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const options = useFieldArray({ control, name: 'options' });
  const [closeError, setCloseError] = useState<string | null>(null);

  const submit = handleSubmit(
    async (draft) => {
      try {
        await onCreate(draft);
        reset(EMPTY);
      } catch (err) {
        // A VALIDATION_FAILED issue lands on the question or the option it names (`options.1`).
        applyServerError(err, setError, { fields: ['question', ...options.fields.map((_, i) => `options.${i}.text`), 'multiple'] });
        focusFirstInvalid();
      }
    },
    focusFirstInvalid,
  );

  const failClose = (e: unknown) => {
    const clientError = toClientError(e);
    const m = errorMessage(clientError.code, clientError.details);
    setCloseError(t(m.key, m.params));
  };

  return (
    <section className={cx(styles.polls, card.panel)} aria-labelledby="host-polls-title">
      <h2 id="host-polls-title">{t('poll.title')}</h2>
      <form ref={formRef} className={styles.composer} onSubmit={(e) => void submit(e)} noValidate data-testid="poll-composer" aria-busy={isSubmitting || undefined}>
        <FormField id="poll-question" label={t('poll.question')} error={errors.question}>
          {(control) => <input {...control} {...register('question')} />}
        </FormField>
        <fieldset className={styles.options}>
          <legend className={cx(textStyles.small, textStyles.muted)}>{t('poll.options')}</legend>
          {options.fields.map((row, i) => {
            const id = `poll-option-input-${i}`;
            const error = errors.options?.[i]?.text;
            return (
              <div key={row.id}>
                <span className={layout.row}>
                  <input
                    id={id}
                    className={cx(controls.input, parts.input)}
                    data-testid={id}
                    aria-label={t('poll.optionN', { n: i + 1 })}
                    placeholder={t('poll.optionN', { n: i + 1 })}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(id, false, error)}
                    {...register(`options.${i}.text`)}
                  />
                  {options.fields.length > POLL_MIN_OPTIONS && (
                    <button type="button" className={parts.action} aria-label={t('poll.removeOption', { n: i + 1 })} onClick={() => options.remove(i)}>
                      ✕
                    </button>
                  )}
                </span>
                <FieldErrorMessage id={`${id}-error`} error={error} />
              </div>
            );
          })}
          {options.fields.length < POLL_MAX_OPTIONS && (
            <button type="button" className={buttonClass('small', 'ghost')} data-testid="poll-add-option" onClick={() => options.append({ text: '' })}>
              {t('poll.addOption')}
            </button>
          )}
        </fieldset>
        <label className={parts.check}>
          <input type="checkbox" data-testid="poll-multiple" {...register('multiple')} />
          {t('poll.multiple')}
        </label>
        <FormAlert error={errors.root?.server} testId="poll-error" />
        <button type="submit" className={buttonClass('primary')} data-testid="poll-create" disabled={disabled || isSubmitting}>
          {t('poll.create')}
        </button>
      </form>
      {closeError && (
        <p className={parts.error} role="alert" data-testid="poll-close-error">
          {closeError}
        </p>
      )}
      {polls.length > 0 && (
        <ul className={styles.list} data-testid="poll-list">
          {polls.map((p) => (
            <li key={p.id} className={styles.item} data-testid="host-poll" data-poll-id={p.id} data-open={p.open}>
              <p className={styles.question}>
                <strong>{p.question}</strong> <span className={cx(textStyles.small, textStyles.muted)}>{p.open ? t('poll.live') : t('poll.closed')}</span>
              </p>
              <PollBars poll={p} />
              <p className={cx(textStyles.small, textStyles.muted)}>{t('poll.voters', { count: p.totalVoters })}</p>
              {p.open && (
                <button type="button" className={buttonClass('small')} data-testid="poll-close" disabled={disabled} onClick={() => {
                    setCloseError(null);
                    void onClose(p.id).catch(failClose);
                  }}>
                  {t('poll.close')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
