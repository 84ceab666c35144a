import { Licence } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import type { FieldErrors } from './work-field-errors';
import { FieldMessage, LocalizedField, TextField, describedBy, fieldDomId } from './work-form-fields';
import type { WorkFormState } from './work-form-state';
import { LICENCE_KEYS } from './work-labels';

/** Props of the metadata fields. */
interface WorkMetadataSectionProps {
  form: WorkFormState;
  onChange: (patch: Partial<WorkFormState>) => void;
  errors: FieldErrors;
}

// Limits mirror shared/works.ts (the schema still checks; these stop typing past them).
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 4000;
const LABEL_MAX = 600;

/** The descriptive metadata of a work: bilingual texts side by side, creator, date, size, rights. */
export function WorkMetadataSection({ form, onChange, errors }: WorkMetadataSectionProps) {
  const { t } = useI18n();
  return (
    <>
      <LocalizedField name="title" label={t('works.field.title')} value={form.title} onChange={(title) => onChange({ title })} errors={errors} required maxLength={TITLE_MAX} />
      <div className="work-form__grid">
        <TextField field="creator" label={t('works.field.creator')} value={form.creator} onChange={(creator) => onChange({ creator })} error={errors.creator} required maxLength={120} />
        <TextField field="date" label={t('works.field.date')} value={form.date} onChange={(date) => onChange({ date })} error={errors.date} hint={t('works.field.dateHint')} maxLength={40} />
      </div>
      <LocalizedField name="medium" label={t('works.field.medium')} value={form.medium} onChange={(medium) => onChange({ medium })} errors={errors} maxLength={TITLE_MAX} />
      <fieldset className="work-form__pair work-form__dimensions" data-testid="work-dimensions">
        <legend>{t('works.field.dimensions')}</legend>
        <TextField field="dimensions.widthCm" label={t('works.field.width')} value={form.widthCm} onChange={(widthCm) => onChange({ widthCm })} error={errors['dimensions.widthCm']} inputMode="decimal" maxLength={12} />
        <TextField field="dimensions.heightCm" label={t('works.field.height')} value={form.heightCm} onChange={(heightCm) => onChange({ heightCm })} error={errors['dimensions.heightCm']} inputMode="decimal" maxLength={12} />
        <TextField field="dimensions.depthCm" label={t('works.field.depth')} value={form.depthCm} onChange={(depthCm) => onChange({ depthCm })} error={errors['dimensions.depthCm']} inputMode="decimal" maxLength={12} />
      </fieldset>
      <LocalizedField name="description" label={t('works.field.description')} value={form.description} onChange={(description) => onChange({ description })} errors={errors} multiline maxLength={DESCRIPTION_MAX} />
      <LocalizedField name="label" label={t('works.field.label')} value={form.label} onChange={(label) => onChange({ label })} errors={errors} multiline maxLength={LABEL_MAX} />
      <fieldset className="work-form__section" data-testid="work-rights">
        <legend>{t('works.field.rights')}</legend>
        <div className="work-form__grid">
          <TextField field="rights.holder" label={t('works.field.holder')} value={form.rightsHolder} onChange={(rightsHolder) => onChange({ rightsHolder })} error={errors['rights.holder']} required maxLength={120} />
          <div className="field work-form__field">
            <label htmlFor={fieldDomId('rights.licence')}>{t('works.field.licence')}</label>
            <select
              id={fieldDomId('rights.licence')}
              data-testid={fieldDomId('rights.licence')}
              className="select"
              value={form.licence}
              aria-invalid={errors['rights.licence'] ? true : undefined}
              aria-describedby={describedBy('rights.licence', errors['rights.licence'])}
              onChange={(e) => onChange({ licence: e.target.value as Licence })}
            >
              {Licence.options.map((l) => (
                <option key={l} value={l}>
                  {t(LICENCE_KEYS[l])}
                </option>
              ))}
            </select>
            <FieldMessage field="rights.licence" error={errors['rights.licence']} />
          </div>
        </div>
        <TextField field="rights.credit" label={t('works.field.credit')} value={form.credit} onChange={(credit) => onChange({ credit })} error={errors['rights.credit']} maxLength={200} />
      </fieldset>
    </>
  );
}
