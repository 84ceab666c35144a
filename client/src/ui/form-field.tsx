import type { ReactNode } from 'react';
import { fieldMessageOf } from '../forms/field-messages';
import { useI18n } from '../i18n/i18n';
import styles from './form-field.module.css';
import { calloutClass } from './callout';
import { cx } from './class-names';
import controls from './controls.module.css';

// The one form field: a label tied to its control, an optional description, and the error
// message, with the control wired to them (aria-describedby, aria-invalid, aria-required). The
// control itself is the caller's (an input, a textarea, a select), rendered by `children` with
// the props it must spread, so it stays a plain native control: focusable, typed into and
// submitted by keyboard like any other. Error messages are dictionary keys (forms/field-messages).

/** An error as react-hook-form holds it (its message encoded by forms/field-messages). */
export interface FieldErrorLike {
  type?: unknown;
  message?: string;
}

/** The props a field's control spreads: its id and its ties to the label, description and error. */
export interface FieldControlProps {
  id: string;
  'data-testid': string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
}

/** Props of FormField. */
export interface FormFieldProps {
  /** The control's DOM id; the description is `<id>-description`, the error `<id>-error`. */
  id: string;
  label: ReactNode;
  /** A hint under the control, read out with it. */
  description?: ReactNode;
  error?: FieldErrorLike | null;
  /** Marks the label "(required)" and the control aria-required. Default false. */
  required?: boolean;
  /** The control's test id. Default: the id. The error's is `<testId>-error` unless errorTestId says. */
  testId?: string;
  errorTestId?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** The message for an error (nothing when there is none); `id` is what controls point at. */
export function FieldErrorMessage({ id, error, testId }: { id: string; error: FieldErrorLike | null | undefined; testId?: string }) {
  const { t } = useI18n();
  const message = fieldMessageOf(error);
  if (!message) return null;
  return (
    <p className={styles.error} id={id} data-testid={testId ?? id}>
      {t(message.key, message.params)}
    </p>
  );
}

/** The ids a control is described by: its description and its error, when shown. */
export function describedBy(id: string, hasDescription: boolean, error: FieldErrorLike | null | undefined): string | undefined {
  const ids = [hasDescription ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A labelled control with its description and error. */
export function FormField({ id, label, description, error, required = false, testId = id, errorTestId, className, children }: FormFieldProps) {
  const { t } = useI18n();
  const control: FieldControlProps = {
    id,
    'data-testid': testId,
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(required ? { 'aria-required': true as const } : {}),
  };
  const described = describedBy(id, description !== undefined, error);
  if (described) control['aria-describedby'] = described;
  return (
    <div className={cx(controls.field, styles.field, className)}>
      <label htmlFor={id} className={styles.label}>
        {label}
        {required && <span className={styles.required}> {t('form.requiredMark')}</span>}
      </label>
      {children(control)}
      {description !== undefined && (
        <p className={styles.description} id={`${id}-description`}>
          {description}
        </p>
      )}
      <FieldErrorMessage id={`${id}-error`} error={error} testId={errorTestId ?? `${testId}-error`} />
    </div>
  );
}

/** A group of controls under one legend (checkboxes, radios, a pair of inputs), with an error for the group. */
export function FormFieldset({ id, legend, description, error, testId, className, children }: {
  /** The group's id; its error is `<id>-error`, its description `<id>-description`. */
  id: string;
  legend: ReactNode;
  description?: ReactNode;
  error?: FieldErrorLike | null;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={`${styles.fieldset}${className ? ` ${className}` : ''}`} id={id} data-testid={testId} aria-describedby={describedBy(id, description !== undefined, error)}>
      <legend>{legend}</legend>
      {description !== undefined && (
        <p className={styles.description} id={`${id}-description`}>
          {description}
        </p>
      )}
      {children}
      <FieldErrorMessage id={`${id}-error`} error={error} testId={testId ? `${testId}-error` : undefined} />
    </fieldset>
  );
}

/**
 * The form-level message (role="alert"): the server's refusal that fits no field (its code in
 * `data-code`), and optionally how many fields need fixing. Nothing when there is neither.
 */
export function FormAlert({ error, problems = 0, testId, children }: { error?: FieldErrorLike | null; problems?: number; testId: string; children?: ReactNode }) {
  const { t } = useI18n();
  const message = fieldMessageOf(error);
  if (!message && problems === 0 && !children) return null;
  return (
    <div className={cx(calloutClass('error'), styles.alert)} role="alert" data-testid={testId} data-code={typeof error?.type === 'string' && error.type !== 'server' ? error.type : undefined}>
      {message && <p>{t(message.key, message.params)}</p>}
      {problems > 0 && <p>{t('form.problems', { count: problems })}</p>}
      {children}
    </div>
  );
}
