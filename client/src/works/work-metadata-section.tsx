import { Licence } from '@yunzhan/shared';
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useI18n } from '../i18n/i18n';
import { FormField } from '../ui/form-field';
import type { WorkFormState } from './work-form-state';
import styles from './work-form.module.css';
import { LICENCE_KEYS } from './work-labels';
import controls from '../ui/controls.module.css';

/** Props of the metadata fields: react-hook-form's register and errors for the work form. */
interface WorkMetadataSectionProps {
  register: UseFormRegister<WorkFormState>;
  errors: FieldErrors<WorkFormState>;
}

// Limits mirror shared/works.ts (the schema still checks; these stop typing past them).
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 4000;
const LABEL_MAX = 600;

/** The DOM id (and test id) of a field's control: `work-` and its path (`work-title-zh-CN`). */
export const workFieldId = (path: string) => `work-${path.replace(/\./g, '-')}`;

type LocalizedName = 'title' | 'medium' | 'description' | 'label';

/** A bilingual field: zh-CN and English side by side, in a fieldset named by the field. */
function LocalizedField({ name, label, register, errors, required = false, multiline = false, maxLength }: WorkMetadataSectionProps & {
  name: LocalizedName;
  label: string;
  /** Whether the zh-CN text is required (the title); English is always optional. */
  required?: boolean;
  multiline?: boolean;
  maxLength: number;
}) {
  const { t } = useI18n();
  const fieldErrors = errors[name];
  return (
    <fieldset className={styles.pair} data-testid={`work-${name}`}>
      <legend>{label}</legend>
      {(['zh-CN', 'en'] as const).map((lang) => (
        <FormField key={lang} id={workFieldId(`${name}.${lang}`)} label={t(lang === 'zh-CN' ? 'works.editor.zh' : 'works.editor.en')} error={fieldErrors?.[lang]} required={required && lang === 'zh-CN'} className={styles.field}>
          {(control) => (multiline ? <textarea {...control} {...register(`${name}.${lang}`)} rows={4} lang={lang} maxLength={maxLength} /> : <input {...control} {...register(`${name}.${lang}`)} type="text" lang={lang} maxLength={maxLength} />)}
        </FormField>
      ))}
    </fieldset>
  );
}

/** The descriptive metadata of a work: bilingual texts side by side, creator, date, size, rights. */
export function WorkMetadataSection({ register, errors }: WorkMetadataSectionProps) {
  const { t } = useI18n();
  const shared = { register, errors };
  const text = (path: 'creator' | 'date' | 'rights.holder' | 'rights.credit', maxLength: number) => (control: object) => <input {...control} {...register(path)} type="text" maxLength={maxLength} />;
  const length = (path: 'dimensions.widthCm' | 'dimensions.heightCm' | 'dimensions.depthCm') => (control: object) => <input {...control} {...register(path)} type="text" inputMode="decimal" maxLength={12} />;
  return (
    <>
      <LocalizedField {...shared} name="title" label={t('works.field.title')} required maxLength={TITLE_MAX} />
      <div className={styles.grid}>
        <FormField id={workFieldId('creator')} label={t('works.field.creator')} error={errors.creator} required className={styles.field}>
          {text('creator', 120)}
        </FormField>
        <FormField id={workFieldId('date')} label={t('works.field.date')} description={t('works.field.dateHint')} error={errors.date} className={styles.field}>
          {text('date', 40)}
        </FormField>
      </div>
      <LocalizedField {...shared} name="medium" label={t('works.field.medium')} maxLength={TITLE_MAX} />
      <fieldset className={styles.pair} data-testid="work-dimensions">
        <legend>{t('works.field.dimensions')}</legend>
        <FormField id={workFieldId('dimensions.widthCm')} label={t('works.field.width')} error={errors.dimensions?.widthCm} className={styles.field}>
          {length('dimensions.widthCm')}
        </FormField>
        <FormField id={workFieldId('dimensions.heightCm')} label={t('works.field.height')} error={errors.dimensions?.heightCm} className={styles.field}>
          {length('dimensions.heightCm')}
        </FormField>
        <FormField id={workFieldId('dimensions.depthCm')} label={t('works.field.depth')} error={errors.dimensions?.depthCm} className={styles.field}>
          {length('dimensions.depthCm')}
        </FormField>
      </fieldset>
      <LocalizedField {...shared} name="description" label={t('works.field.description')} multiline maxLength={DESCRIPTION_MAX} />
      <LocalizedField {...shared} name="label" label={t('works.field.label')} multiline maxLength={LABEL_MAX} />
      <fieldset className={styles.section} data-testid="work-rights">
        <legend>{t('works.field.rights')}</legend>
        <div className={styles.grid}>
          <FormField id={workFieldId('rights.holder')} label={t('works.field.holder')} error={errors.rights?.holder} required className={styles.field}>
            {text('rights.holder', 120)}
          </FormField>
          <FormField id={workFieldId('rights.licence')} label={t('works.field.licence')} error={errors.rights?.licence} className={styles.field}>
            {(control) => (
              <select {...control} {...register('rights.licence')} className={controls.select}>
                {Licence.options.map((l) => (
                  <option key={l} value={l}>
                    {t(LICENCE_KEYS[l])}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        <FormField id={workFieldId('rights.credit')} label={t('works.field.credit')} error={errors.rights?.credit} className={styles.field}>
          {text('rights.credit', 200)}
        </FormField>
      </fieldset>
    </>
  );
}
