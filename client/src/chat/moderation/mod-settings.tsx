import { KeywordRule, KeywordRuleAction, ModerationAction, type ChannelSettings } from '@yunzhan/shared';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { schemaResolver } from '../../forms/schema-resolver';
import { applyServerError } from '../../forms/server-errors';
import { useI18n } from '../../i18n/i18n';
import { buttonClass } from '../../ui/button';
import { FormAlert, FormField } from '../../ui/form-field';
import parts from '../chat-parts.module.css';
import type { ModLookup } from './mod-log';
import listStyles from './mod-list.module.css';
import formStyles from './mod-add-form.module.css';
import styles from './mod-settings.module.css';
import type { RunAction } from './moderation-drawer';
import type { ModAction } from './use-moderation';
import { cx } from '../../ui/class-names';
import controls from '../../ui/controls.module.css';
import text from '../../ui/text.module.css';

/** Slow mode choices, in seconds (0 is off). */
export const SLOW_MODE_CHOICES = [0, 3, 5, 10, 30, 60, 300] as const;

/** Sends a moderation action; rejects with the server's refusal (the add forms show it on their fields). */
export type ActAction = (action: ModAction) => Promise<void>;

/**
 * A channel's settings: slow mode, members-only (saved as they change, a refusal shown by the
 * drawer), and the keyword rule and moderator add forms (checked with the shared rules first; a
 * refusal lands on the field it names, else in the form).
 */
export function ModSettings({ settings, run, act, lookup }: { settings: ChannelSettings; run: RunAction; act: ActAction; lookup: ModLookup }) {
  const { t } = useI18n();
  const [minAge, setMinAge] = useState(settings.membersOnlyMinAgeMinutes);
  const slowChoices = SLOW_MODE_CHOICES.includes(settings.slowModeSeconds as (typeof SLOW_MODE_CHOICES)[number])
    ? SLOW_MODE_CHOICES
    : [...SLOW_MODE_CHOICES, settings.slowModeSeconds].sort((a, b) => a - b);

  return (
    <div className={styles.settings}>
      <label className={controls.field}>
        <span>{t('mod.slowMode')}</span>
        <select
          className={controls.select}
          data-testid="mod-slow-mode"
          value={settings.slowModeSeconds}
          onChange={(e) => void run({ type: 'slow-mode', seconds: Number(e.target.value) })}
        >
          {slowChoices.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? t('mod.slowOff') : t('mod.slowSeconds', { seconds: s })}
            </option>
          ))}
        </select>
      </label>
      <fieldset className={styles.group}>
        <legend>{t('mod.membersOnly')}</legend>
        <label className={parts.check}>
          <input
            type="checkbox"
            data-testid="mod-members-only"
            checked={settings.membersOnly}
            onChange={(e) => void run({ type: 'members-only', on: e.target.checked, minAgeMinutes: minAge })}
          />
          {t('mod.membersOnlyOn')}
        </label>
        <label className={controls.field}>
          <span>{t('mod.membersMinAge')}</span>
          <input
            type="number"
            min={0}
            max={525_600}
            value={minAge}
            onChange={(e) => setMinAge(Math.max(0, Math.min(525_600, Math.floor(Number(e.target.value) || 0))))}
            onBlur={() => settings.membersOnly && minAge !== settings.membersOnlyMinAgeMinutes && void run({ type: 'members-only', on: true, minAgeMinutes: minAge })}
          />
        </label>
      </fieldset>
      <fieldset className={styles.group}>
        <legend>{t('mod.keywords')}</legend>
        <ul className={listStyles.list} data-testid="mod-keywords">
          {settings.keywordRules.map((r) => (
            <li key={r.id} className={listStyles.row} data-testid="mod-keyword" data-rule-id={r.id}>
              <span className={`${parts.text} ${listStyles.rowText}`}>{r.phrase}</span>
              <span className={parts.tag}>{t(`mod.keyword.${r.action}`)}</span>
              <button
                type="button"
                className={parts.action}
                data-testid="mod-keyword-remove"
                aria-label={t('mod.keywordRemove', { phrase: r.phrase })}
                onClick={() => void run({ type: 'keyword-remove', ruleId: r.id })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <KeywordRuleForm act={act} />
      </fieldset>
      <fieldset className={styles.group}>
        <legend>{t('mod.moderators')}</legend>
        <ul className={listStyles.list} data-testid="mod-moderators">
          {settings.moderatorIds.map((id) => (
            <li key={id} className={listStyles.row} data-testid="mod-moderator">
              <span className={`${parts.text} ${listStyles.rowText}`}>{lookup.name(id)}</span>
              {lookup.name(id) !== id && <code className={cx(text.small, text.muted)}>{id}</code>}
              <button type="button" className={parts.action} aria-label={t('mod.moderatorRemove', { user: lookup.name(id) })} onClick={() => void run({ type: 'moderator-remove', userId: id })}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <ModeratorForm act={act} />
      </fieldset>
    </div>
  );
}

/** A server issue's path inside `mod:act` (`action.phrase`) as the add forms name their fields. */
const inAction = (path: string) => path.replace(/^action\./, '');

/** The keyword rule form's values: the shared rule's phrase and action. */
const KeywordFormSchema = KeywordRule.pick({ phrase: true, action: true });
type KeywordValues = z.output<typeof KeywordFormSchema>;
const keywordResolver = schemaResolver(KeywordFormSchema);

/** Adds a keyword rule: a phrase and what to do with a matching message. */
function KeywordRuleForm({ act }: { act: ActAction }) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<KeywordValues, unknown, KeywordValues>({ resolver: keywordResolver, defaultValues: { phrase: '', action: 'hold' } });
  const submit = handleSubmit(async (rule) => {
    try {
      await act({ type: 'keyword-add', ...rule });
      reset({ phrase: '', action: rule.action });
    } catch (error) {
      applyServerError(error, setError, { fields: ['phrase', 'action'], rename: inAction });
    }
  });
  return (
    <form className={formStyles.addForm} onSubmit={(e) => void submit(e)} noValidate data-testid="mod-keyword-form" aria-busy={isSubmitting || undefined}>
      <FormField id="mod-keyword-phrase" label={t('mod.keywordPhrase')} error={errors.phrase}>
        {(control) => <input className={cx(controls.input, parts.input)} {...control} {...register('phrase')} />}
      </FormField>
      <FormField id="mod-keyword-action" label={t('mod.keywordAction')} error={errors.action}>
        {(control) => (
          // Two plain words: the native picker.
          <select className={controls.select} {...control} {...register('action')}>
            {KeywordRuleAction.options.map((a) => (
              <option key={a} value={a}>
                {t(`mod.keyword.${a}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <button type="submit" className={buttonClass('small')} data-testid="mod-keyword-add" disabled={isSubmitting}>
        {t('mod.add')}
      </button>
      <FormAlert error={errors.root?.server} testId="mod-keyword-error" />
    </form>
  );
}

/** The moderator form's value: an account id as `moderator-add` takes it (blank refused here). */
const ModeratorFormSchema = z.object({ userId: moderatorAddShape().userId.trim().min(1) });
type ModeratorValues = z.output<typeof ModeratorFormSchema>;
const moderatorResolver = schemaResolver(ModeratorFormSchema);

/** The fields of the shared `moderator-add` action. */
function moderatorAddShape() {
  const option = ModerationAction.options.find((o) => o.shape.type.value === 'moderator-add');
  if (!option || !('userId' in option.shape)) throw new Error('ModerationAction has no moderator-add');
  return option.shape as { userId: z.ZodString };
}

/** Makes an account a moderator of the channel, by id. */
function ModeratorForm({ act }: { act: ActAction }) {
  const { t } = useI18n();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ModeratorValues, unknown, ModeratorValues>({ resolver: moderatorResolver, defaultValues: { userId: '' } });
  const submit = handleSubmit(async ({ userId }) => {
    try {
      await act({ type: 'moderator-add', userId });
      reset();
    } catch (error) {
      applyServerError(error, setError, { fields: ['userId'], rename: inAction });
    }
  });
  return (
    <form className={formStyles.addForm} onSubmit={(e) => void submit(e)} noValidate data-testid="mod-moderator-form" aria-busy={isSubmitting || undefined}>
      <FormField id="mod-moderator-id" label={t('mod.moderatorId')} error={errors.userId}>
        {(control) => <input className={cx(controls.input, parts.input)} {...control} {...register('userId')} autoComplete="off" />}
      </FormField>
      <button type="submit" className={buttonClass('small')} data-testid="mod-moderator-add" disabled={isSubmitting}>
        {t('mod.add')}
      </button>
      <FormAlert error={errors.root?.server} testId="mod-moderator-error" />
    </form>
  );
}
