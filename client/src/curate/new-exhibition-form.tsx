import { listTemplates } from '@yunzhan/scenes';
import { CreateExhibitionInput, type Exhibition, type SceneKind } from '@yunzhan/shared';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { schemaResolver } from '../forms/schema-resolver';
import { applyServerError } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { FormAlert, FormField, FormFieldset } from '../ui/form-field';
import { localizedText } from '../works/work-library';
import { createExhibition } from './curate-api';
import styles from './new-exhibition-form.module.css';
import { buttonClass } from '../ui/button';
import { badgeClass } from '../ui/badge';
import controls from '../ui/controls.module.css';

const KIND_KEYS = { gallery: 'curate.kind.gallery', theatre: 'curate.kind.theatre', 'award-stage': 'curate.kind.award-stage' } as const satisfies Record<SceneKind, string>;

/** The form's inputs: CreateExhibitionInput's own shape (no summary: it is added in the editor). */
type NewExhibitionValues = z.input<typeof CreateExhibitionInput>;

const FIELDS = ['id', 'title.zh-CN', 'title.en', 'templateId'];

// The id's rule in words: the schema's own message is English.
const resolver = schemaResolver(CreateExhibitionInput, ({ path, code }) => (path === 'id' && code === 'invalid_format' ? { key: 'form.error.exhibitionId' } : undefined));

/** "New exhibition": id, title in both languages and a hall template picked from cards. */
export function NewExhibitionForm({ onCreated }: { onCreated: (exhibition: Exhibition) => void }) {
  const { t, locale } = useI18n();
  // Galleries are what works hang in; the theatre and award stage are listed after them.
  const templates = useMemo(() => listTemplates(), []);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewExhibitionValues, unknown, CreateExhibitionInput>({
    resolver,
    defaultValues: { id: '', title: { 'zh-CN': '', en: '' }, templateId: templates[0]?.id ?? 'white-cube' },
  });
  const id = register('id');

  const submit = handleSubmit(async (input) => {
    try {
      onCreated(await createExhibition(input));
    } catch (e) {
      applyServerError(e, setError, { fields: FIELDS });
    }
  });

  return (
    <form className={controls.form} onSubmit={(e) => void submit(e)} noValidate data-testid="new-exhibition-form">
      <h2>{t('curate.new')}</h2>
      <FormAlert error={errors.root?.server} testId="new-exhibition-error" />
      <FormField id="new-exhibition-id" label={t('curate.new.id')} description={t('curate.new.idHint')} error={errors.id} required>
        {(control) => (
          <input
            {...control}
            {...id}
            onChange={(e) => {
              // Ids are lower-case without spaces: typed that way as the curator types.
              e.target.value = e.target.value.trim().toLowerCase();
              void id.onChange(e);
            }}
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
          />
        )}
      </FormField>
      <FormField id="new-exhibition-title-zh" label={t('curate.new.titleZh')} error={errors.title?.['zh-CN']} required>
        {(control) => <input {...control} {...register('title.zh-CN')} maxLength={120} lang="zh-CN" />}
      </FormField>
      <FormField id="new-exhibition-title-en" label={t('curate.new.titleEn')} error={errors.title?.en}>
        {(control) => <input {...control} {...register('title.en')} maxLength={120} lang="en" />}
      </FormField>
      <FormFieldset id="new-exhibition-template" className={styles.picker} legend={t('curate.new.template')} error={errors.templateId}>
        {templates.map((tpl) => (
          <label key={tpl.id} className={styles.template} data-testid="template-card" data-template-id={tpl.id}>
            <input type="radio" value={tpl.id} {...register('templateId')} />
            <span className={styles.templateName}>{localizedText(tpl.name, locale)}</span>
            <span className={badgeClass()}>{t(KIND_KEYS[tpl.kind])}</span>
          </label>
        ))}
      </FormFieldset>
      <button type="submit" className={buttonClass('primary')} data-testid="new-exhibition-create" disabled={isSubmitting}>
        {t('curate.new.create')}
      </button>
    </form>
  );
}
