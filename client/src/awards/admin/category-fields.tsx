import { WorkKind } from '@yunzhan/shared';
import type { ReactNode } from 'react';
import { Controller, useFieldArray, useWatch, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useI18n } from '../../i18n/i18n';
import { FieldErrorMessage, FormField, FormFieldset, type FieldErrorLike } from '../../ui/form-field';
import { Select, type SelectOption } from '../../ui/select';
import { KIND_KEYS } from '../../works/work-labels';
import styles from './award-form.module.css';
import { emptyCriterion, nextId, type ProgrammeForm } from './programme-form';
import { buttonClass } from '../../ui/button';
import layout from '../../ui/layout.module.css';

/** The DOM id (and test id) of the control at a schema path (`categories.0.rubric.1.max` → `award-categories-0-rubric-1-max`). */
export const pathDomId = (path: string) => `award-${path.replace(/\./g, '-')}`;

/** A list's own error: react-hook-form keeps it as `root` once the list has registered items. */
export function listError(error: unknown): FieldErrorLike | undefined {
  const e = error as (FieldErrorLike & { root?: FieldErrorLike }) | undefined;
  if (!e) return undefined;
  return e.root ?? (typeof e.type === 'string' ? e : undefined);
}

/** An id input: lower-case without spaces, as the schema wants ids, while the organiser types. */
export function idInputProps(registered: ReturnType<UseFormRegister<ProgrammeForm>>) {
  return {
    ...registered,
    onChange: (e: { target: HTMLInputElement; type?: string }) => {
      e.target.value = e.target.value.trim().toLowerCase();
      return registered.onChange(e);
    },
  };
}

/** The fields of one category of the new-programme form, with its rubric rows. */
export function CategoryFields({ index, control, register, errors, onRemove }: {
  index: number;
  control: Control<ProgrammeForm, unknown, unknown>;
  register: UseFormRegister<ProgrammeForm>;
  errors: FieldErrors<ProgrammeForm>;
  /** Null when this is the only category (a programme needs one). */
  onRemove: (() => void) | null;
}) {
  const { t } = useI18n();
  const at = `categories.${index}` as const;
  const rubric = useFieldArray({ control, name: `${at}.rubric` });
  const aggregation = useWatch({ control, name: `${at}.aggregation` });
  const rubricIds = useWatch({ control, name: `${at}.rubric` }).map((r) => r.id);
  const e = errors.categories?.[index];
  const field = (path: string, label: string, error: FieldErrorLike | undefined, render: (control: object) => ReactNode, description?: string) => (
    <FormField id={pathDomId(path)} label={label} error={error} description={description}>
      {render}
    </FormField>
  );
  /** A short choice on ui/select, kept in the form by a Controller. */
  const choice = (path: `${typeof at}.${'aggregation' | 'tallies' | 'winnerBy'}`, label: string, error: FieldErrorLike | undefined, options: SelectOption[]) => (
    <FormField id={pathDomId(path)} label={label} error={error}>
      {(c) => (
        <Controller
          control={control}
          name={path}
          render={({ field: f }) => <Select label={label} value={f.value} onValueChange={f.onChange} onBlur={f.onBlur} triggerRef={f.ref} name={f.name} control={c} options={options} />}
        />
      )}
    </FormField>
  );

  return (
    <fieldset className={styles.category} data-testid={`award-category-${index}`}>
      <legend>{t('awardsAdmin.form.category', { n: index + 1 })}</legend>
      <div className={styles.grid}>
        {field(`${at}.id`, t('awardsAdmin.form.categoryId'), e?.id, (c) => <input type="text" {...c} {...idInputProps(register(`${at}.id`))} maxLength={64} />)}
        {field(`${at}.title.zh-CN`, t('awardsAdmin.form.titleZh'), e?.title?.['zh-CN'], (c) => <input type="text" {...c} {...register(`${at}.title.zh-CN`)} maxLength={120} lang="zh-CN" />)}
        {field(`${at}.title.en`, t('awardsAdmin.form.titleEn'), e?.title?.en, (c) => <input type="text" {...c} {...register(`${at}.title.en`)} maxLength={120} lang="en" />)}
      </div>

      <fieldset className={styles.rubric} aria-describedby={listError(e?.rubric) ? `${pathDomId(`${at}.rubric`)}-error` : undefined}>
        <legend>{t('awardsAdmin.form.rubric')}</legend>
        <FieldErrorMessage id={`${pathDomId(`${at}.rubric`)}-error`} error={listError(e?.rubric)} />
        {rubric.fields.map((row, j) => {
          const rp = `${at}.rubric.${j}` as const;
          const re = e?.rubric?.[j];
          return (
            <div key={row.id} className={styles.criterion} data-testid={`award-criterion-${index}-${j}`}>
              {field(`${rp}.id`, t('awardsAdmin.form.criterionId'), re?.id, (c) => <input type="text" {...c} {...idInputProps(register(`${rp}.id`))} maxLength={64} />)}
              {field(`${rp}.label.zh-CN`, t('awardsAdmin.form.labelZh'), re?.label?.['zh-CN'], (c) => <input type="text" {...c} {...register(`${rp}.label.zh-CN`)} maxLength={80} lang="zh-CN" />)}
              {field(`${rp}.label.en`, t('awardsAdmin.form.labelEn'), re?.label?.en, (c) => <input type="text" {...c} {...register(`${rp}.label.en`)} maxLength={80} lang="en" />)}
              {field(`${rp}.weight`, t('awardsAdmin.form.weight'), re?.weight, (c) => <input type="number" inputMode="decimal" {...c} {...register(`${rp}.weight`)} min={0} max={100} step="any" />)}
              {field(`${rp}.max`, t('awardsAdmin.form.maxScore'), re?.max, (c) => <input type="number" inputMode="decimal" {...c} {...register(`${rp}.max`)} min={1} max={100} step={1} />)}
              <button type="button" className={buttonClass('ghost')} disabled={rubric.fields.length <= 1} data-testid={`award-remove-criterion-${index}-${j}`} onClick={() => rubric.remove(j)}>
                {t('awardsAdmin.form.removeCriterion')}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className={buttonClass()}
          disabled={rubric.fields.length >= 10}
          data-testid={`award-add-criterion-${index}`}
          onClick={() => rubric.append({ ...emptyCriterion(1), id: nextId('criterion', rubricIds) }, { shouldFocus: false })}
        >
          {t('awardsAdmin.form.addCriterion')}
        </button>
      </fieldset>

      <FormFieldset id={pathDomId(`${at}.eligibility.kinds`)} className={styles.kinds} legend={t('awardsAdmin.form.kinds')} error={e?.eligibility?.kinds as FieldErrorLike | undefined}>
        {WorkKind.options.map((kind) => (
          <label key={kind} className={styles.check}>
            <input type="checkbox" data-testid={`${pathDomId(at)}-kind-${kind}`} value={kind} {...register(`${at}.eligibility.kinds`)} /> {t(KIND_KEYS[kind])}
          </label>
        ))}
      </FormFieldset>

      <div className={styles.grid}>
        {field(`${at}.votesPerAccount`, t('awardsAdmin.form.votesPerAccount'), e?.votesPerAccount, (c) => <input type="number" inputMode="decimal" {...c} {...register(`${at}.votesPerAccount`)} min={1} max={10} step={1} />)}
        {/* Two choices each, with a line saying what each means: ui/select rather than a native select. */}
        {choice(`${at}.aggregation`, t('awardsAdmin.form.aggregation'), e?.aggregation, [
          { value: 'mean', label: t('awardsAdmin.form.mean'), description: t('awardsAdmin.form.meanHint') },
          { value: 'trimmed-mean', label: t('awardsAdmin.form.trimmedMean'), description: t('awardsAdmin.form.trimmedMeanHint') },
        ])}
        {aggregation === 'trimmed-mean' &&
          field(`${at}.trimShare`, t('awardsAdmin.form.trimShare'), e?.trimShare, (c) => <input type="number" inputMode="decimal" {...c} {...register(`${at}.trimShare`)} min={0} max={0.4} step={0.05} />, t('awardsAdmin.form.trimShareHint'))}
        {choice(`${at}.tallies`, t('awardsAdmin.form.tallies'), e?.tallies, [
          { value: 'hidden', label: t('awardsAdmin.form.talliesHidden'), description: t('awardsAdmin.form.talliesHiddenHint') },
          { value: 'live', label: t('awardsAdmin.form.talliesLive'), description: t('awardsAdmin.form.talliesLiveHint') },
        ])}
        {choice(`${at}.winnerBy`, t('awardsAdmin.form.winnerBy'), e?.winnerBy, [
          { value: 'jury', label: t('awardsAdmin.form.winnerJury'), description: t('awardsAdmin.form.winnerJuryHint') },
          { value: 'public', label: t('awardsAdmin.form.winnerPublic'), description: t('awardsAdmin.form.winnerPublicHint') },
        ])}
      </div>
      <label className={styles.check}>
        <input type="checkbox" id={pathDomId(`${at}.blindEntrant`)} data-testid={pathDomId(`${at}.blindEntrant`)} {...register(`${at}.blindEntrant`)} /> {t('awardsAdmin.form.blindEntrant')}
      </label>
      {onRemove && (
        <div className={layout.row}>
          <span className={layout.spacer} />
          <button type="button" className={buttonClass('ghost')} data-testid={`award-remove-category-${index}`} onClick={onRemove}>
            {t('awardsAdmin.form.removeCategory')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
