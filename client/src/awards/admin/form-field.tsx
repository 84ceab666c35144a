import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { FormError } from './programme-errors';

// A labelled input of the programme form with its error below it: the DOM id and test id come
// from the schema path (`categories.0.rubric.1.max` → `award-categories-0-rubric-1-max`).

/** The DOM id (and test id) of the input at a schema path. */
export const pathDomId = (path: string) => `award-${path.replace(/\./g, '-')}`;

/** Attributes that tie an input to its path and its error. */
export function inputProps(path: string, error: FormError | undefined) {
  const id = pathDomId(path);
  return { id, 'data-testid': id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
}

/** The message under a field (nothing when it is valid). */
export function PathError({ path, error }: { path: string; error: FormError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="award-form__error" id={`${pathDomId(path)}-error`} data-testid={`${pathDomId(path)}-error`}>
      {t(error.key, error.params)}
      {error.detail && (
        <span className="muted" lang="en">
          {' '}
          ({error.detail})
        </span>
      )}
    </p>
  );
}

/** A field: its label (for the input at `path`), the input itself and its error. */
export function FormField({ path, label, error, hint, children }: { path: string; label: ReactNode; error: FormError | undefined; hint?: string; children: ReactNode }) {
  return (
    <div className="field award-form__field">
      <label htmlFor={pathDomId(path)}>{label}</label>
      {children}
      {hint && <small className="muted">{hint}</small>}
      <PathError path={path} error={error} />
    </div>
  );
}
