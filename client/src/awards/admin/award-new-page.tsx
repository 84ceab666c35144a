import type { AwardProgramme, EventSummary } from '@yunzhan/shared';
import { useEffect, useMemo, useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { RoleGate, useDocumentTitle } from '../../app/access-gate';
import { schemaResolver } from '../../forms/schema-resolver';
import { applyServerError } from '../../forms/server-errors';
import { useI18n } from '../../i18n/i18n';
import { FieldErrorMessage, FormAlert, FormField } from '../../ui/form-field';
import { createProgramme, fetchEventList } from './admin-api';
import { BusyButton } from './admin-ui';
import styles from './award-form.module.css';
import { CategoryFields, idInputProps, listError, pathDomId } from './category-fields';
import { emptyCategory, emptyProgrammeForm, formFieldPaths, nextId, programmeFormSchema, programmeWords, SCHEDULED_PHASES, type ProgrammeForm } from './programme-form';
import { buttonClass } from '../../ui/button';
import { calloutClass } from '../../ui/callout';
import { cx } from '../../ui/class-names';
import controls from '../../ui/controls.module.css';
import layout from '../../ui/layout.module.css';
import textStyles from '../../ui/text.module.css';

/** The parsed body the form sends (ProgrammeInput with its defaults applied). */
type AwardProgrammeInput = ReturnType<ReturnType<typeof programmeFormSchema>['parse']>;

/** `/awards/new`: an admin creates an award programme; on success, its console opens. */
export function AwardNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  useDocumentTitle(t('awardsAdmin.new.title'));
  return (
    <RoleGate allows={(user) => user?.role === 'admin'} title={t('awardsAdmin.new.title')} signInFirst={t('awardsAdmin.admin.signInFirst')} notAllowed={t('awardsAdmin.admin.notAllowed')} testId="award-new-forbidden">
      <NewProgrammeForm onCreated={(created) => navigate(`/awards/${encodeURIComponent(created.id)}/admin`)} />
    </RoleGate>
  );
}

/** The new-programme form: POST /api/awards with the parsed ProgrammeInput, then `onCreated`. */
export function NewProgrammeForm({ onCreated }: { onCreated: (created: AwardProgramme) => void }) {
  const { t } = useI18n();
  const [events, setEvents] = useState<EventSummary[]>([]);
  useEffect(() => {
    fetchEventList().then(setEvents, () => setEvents([])); // Without events the select offers "none" only.
  }, []);
  const resolver = useMemo(() => schemaResolver(programmeFormSchema(), programmeWords), []);
  const {
    control,
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<ProgrammeForm, unknown, AwardProgrammeInput>({ resolver, defaultValues: emptyProgrammeForm() });
  const categories = useFieldArray({ control, name: 'categories' });

  const submit = handleSubmit(async (input) => {
    try {
      onCreated(await createProgramme(input));
    } catch (e) {
      applyServerError(e, setError, {
        fields: formFieldPaths(getValues()),
        refusal: (error) => (error.code === 'CONFLICT' ? { field: 'id', message: { key: 'awardsAdmin.form.idTaken' } } : undefined),
      });
    }
  });

  const text = (path: 'id' | 'title.zh-CN' | 'title.en', label: string, extra: { maxLength: number; lang?: string; description?: string }) => (
    <FormField id={pathDomId(path)} label={label} error={path === 'id' ? errors.id : errors.title?.[path === 'title.en' ? 'en' : 'zh-CN']} description={extra.description}>
      {(c) => <input type="text" {...c} {...(path === 'id' ? idInputProps(register('id')) : register(path))} maxLength={extra.maxLength} lang={extra.lang} />}
    </FormField>
  );
  const summary = (lang: 'zh-CN' | 'en') => (
    <FormField id={pathDomId(`summary.${lang}`)} label={t(lang === 'zh-CN' ? 'awardsAdmin.form.summaryZh' : 'awardsAdmin.form.summaryEn')} error={errors.summary?.[lang]}>
      {(c) => <textarea {...c} {...register(`summary.${lang}`)} rows={3} maxLength={2000} lang={lang} />}
    </FormField>
  );

  const problems = countErrors(errors);
  const categoriesError = listError(errors.categories);
  return (
    <div className={layout.page}>
      <h1>{t('awardsAdmin.new.title')}</h1>
      <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate data-testid="award-new-form" aria-busy={isSubmitting || undefined}>
        <FormAlert error={errors.root?.server} testId="award-new-error" />
        {problems > 0 && (
          <div className={calloutClass('error')} role="alert" data-testid="award-new-problems">
            <p>{t('form.problems', { count: problems })}</p>
          </div>
        )}
        <fieldset className={styles.group}>
          <legend>{t('awardsAdmin.form.programme')}</legend>
          <div className={styles.grid}>
            {text('id', t('awardsAdmin.form.id'), { maxLength: 64, description: t('awardsAdmin.form.idHint') })}
            {text('title.zh-CN', t('awardsAdmin.form.titleZh'), { maxLength: 120, lang: 'zh-CN' })}
            {text('title.en', t('awardsAdmin.form.titleEn'), { maxLength: 120, lang: 'en' })}
          </div>
          {summary('zh-CN')}
          {summary('en')}
          <FormField id={pathDomId('eventId')} label={t('awardsAdmin.form.event')} description={t('awardsAdmin.form.eventHint')} error={errors.eventId}>
            {(c) => (
              <select className={controls.select} {...c} {...register('eventId')}>
                <option value="">{t('awardsAdmin.form.noEvent')}</option>
                {events.map((ev) => (
                  <option key={ev.id} value={ev.id}>
                    {ev.title} ({ev.id})
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </fieldset>

        <fieldset className={styles.group}>
          <legend>{t('awardsAdmin.form.schedule')}</legend>
          <p className={cx(textStyles.small, textStyles.muted)}>{t('awardsAdmin.form.scheduleHint')}</p>
          <div className={styles.grid}>
            {SCHEDULED_PHASES.map((phase) => (
              <FormField key={phase} id={pathDomId(`schedule.${phase}`)} label={t(`awardsAdmin.phase.${phase}`)} error={errors.schedule?.[phase]}>
                {(c) => <input type="datetime-local" {...c} {...register(`schedule.${phase}`)} />}
              </FormField>
            ))}
          </div>
        </fieldset>

        <div className={styles.group} role="group" aria-labelledby="award-categories-heading" aria-describedby={categoriesError ? 'award-categories-error' : undefined}>
          <h2 id="award-categories-heading">{t('awardsAdmin.form.categories')}</h2>
          <FieldErrorMessage id="award-categories-error" error={categoriesError} />
          {categories.fields.map((category, i) => (
            <CategoryFields key={category.id} index={i} control={control} register={register} errors={errors} onRemove={categories.fields.length > 1 ? () => categories.remove(i) : null} />
          ))}
          <button
            type="button"
            className={buttonClass()}
            disabled={categories.fields.length >= 20}
            data-testid="award-add-category"
            onClick={() => categories.append({ ...emptyCategory(1), id: nextId('category', getValues('categories').map((c) => c.id)) }, { shouldFocus: false })}
          >
            {t('awardsAdmin.form.addCategory')}
          </button>
        </div>

        <div className={layout.row}>
          <BusyButton type="submit" className={buttonClass('primary')} busy={isSubmitting} busyLabel={t('awardsAdmin.saving')} data-testid="award-create">
            {t('awardsAdmin.new.create')}
          </BusyButton>
        </div>
      </form>
    </div>
  );
}

/** How many fields have an error (a list's own error counts once; the form-level one not at all). */
function countErrors(errors: object): number {
  let n = 0;
  for (const [name, value] of Object.entries(errors)) {
    if (name === 'root' || name === 'ref' || typeof value !== 'object' || value === null) continue;
    if (typeof (value as { type?: unknown }).type === 'string') n += 1;
    n += countErrors(value as object);
  }
  return n;
}
