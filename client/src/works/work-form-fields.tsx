import type { ReactNode } from 'react';
import type { Locale } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import type { FieldError, WorkFormField } from './work-field-errors';
import type { LocalizedDraft } from './work-form-state';

// The inputs of the work form, each with its label, its hint and its error tied to it
// (aria-describedby), aria-invalid while the error stands, and a test id from the field name.

/** The DOM id of a field's input (`work-title-zh-CN`); its error is `<id>-error`. */
export const fieldDomId = (field: WorkFormField) => `work-${field.replace(/\./g, '-')}`;

/** ids a field's input is described by: its hint and its error, when shown. */
export function describedBy(field: WorkFormField, error: FieldError | undefined, hintId?: string): string | undefined {
  const ids = [hintId, error ? `${fieldDomId(field)}-error` : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The message under a field (nothing when it is valid). */
export function FieldMessage({ field, error }: { field: WorkFormField; error: FieldError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="work-form__error" id={`${fieldDomId(field)}-error`} data-testid={`${fieldDomId(field)}-error`}>
      {t(error.key, error.params)}
      {error.detail && (
        <span className="work-form__detail" lang="en">
          {' '}
          ({error.detail})
        </span>
      )}
    </p>
  );
}

/** Shared props of a text input. */
interface TextFieldProps {
  field: WorkFormField;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error: FieldError | undefined;
  required?: boolean;
  multiline?: boolean;
  hint?: string;
  lang?: Locale;
  /** Longest accepted text; the schema's limit (the browser stops typing beyond it). */
  maxLength?: number;
  inputMode?: 'decimal' | 'text';
}

/** A labelled text input or text area. */
export function TextField({ field, label, value, onChange, error, required, multiline, hint, lang, maxLength, inputMode }: TextFieldProps) {
  const { t } = useI18n();
  const id = fieldDomId(field);
  const hintId = hint ? `${id}-hint` : undefined;
  const common = {
    id,
    'data-testid': id,
    value,
    lang,
    maxLength,
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': describedBy(field, error, hintId),
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className="field work-form__field">
      <label htmlFor={id}>
        {label}
        {required && <span className="work-form__required"> {t('works.editor.required')}</span>}
      </label>
      {multiline ? <textarea {...common} rows={4} /> : <input {...common} type="text" inputMode={inputMode} />}
      {hint && (
        <small className="muted" id={hintId}>
          {hint}
        </small>
      )}
      <FieldMessage field={field} error={error} />
    </div>
  );
}

/** Props of a bilingual field group. */
interface LocalizedFieldProps {
  name: 'title' | 'medium' | 'description' | 'label';
  label: string;
  value: LocalizedDraft;
  onChange: (value: LocalizedDraft) => void;
  errors: Partial<Record<WorkFormField, FieldError>>;
  /** Whether the zh-CN text is required (the title); English is always optional. */
  required?: boolean;
  multiline?: boolean;
  maxLength: number;
}

/** A bilingual field: zh-CN and English side by side, in a fieldset named by the field. */
export function LocalizedField({ name, label, value, onChange, errors, required, multiline, maxLength }: LocalizedFieldProps) {
  const { t } = useI18n();
  const zh = `${name}.zh-CN` as WorkFormField;
  const en = `${name}.en` as WorkFormField;
  return (
    <fieldset className="work-form__pair" data-testid={`work-${name}`}>
      <legend>{label}</legend>
      <TextField
        field={zh}
        label={t('works.editor.zh')}
        value={value['zh-CN']}
        onChange={(text) => onChange({ ...value, 'zh-CN': text })}
        error={errors[zh]}
        required={required}
        multiline={multiline}
        lang="zh-CN"
        maxLength={maxLength}
      />
      <TextField field={en} label={t('works.editor.en')} value={value.en} onChange={(text) => onChange({ ...value, en: text })} error={errors[en]} multiline={multiline} lang="en" maxLength={maxLength} />
    </fieldset>
  );
}
