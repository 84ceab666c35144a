import type { MessageKey } from '../../i18n/dictionary';
import type { PathIssue } from './programme-form';

// Words for the new-programme form's problems, from zod's issue codes (client-side) or the
// server's VALIDATION_FAILED issues, which carry only a path and a message (shown as detail).

/** A message under a field: a dictionary key, its values, and the schema's own words if useful. */
export interface FormError {
  key: MessageKey;
  params?: Record<string, string | number>;
  detail?: string;
}

const num = (v: number | bigint | undefined) => (v === undefined ? 0 : Number(v));

/** The message for one issue. */
export function issueMessage(issue: PathIssue): FormError {
  const last = String(issue.path[issue.path.length - 1] ?? '');
  const inSchedule = issue.path[0] === 'schedule';
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return { key: 'awardsAdmin.form.min', params: { min: num(issue.minimum) } };
      if (issue.origin === 'array') return { key: 'awardsAdmin.form.atLeastOne' };
      return { key: 'awardsAdmin.form.required' };
    case 'too_big':
      if (issue.origin === 'number') return { key: 'awardsAdmin.form.max', params: { max: num(issue.maximum) } };
      if (issue.origin === 'array') return { key: 'awardsAdmin.form.tooMany', params: { max: num(issue.maximum) } };
      return { key: 'awardsAdmin.form.tooLong', params: { max: num(issue.maximum) } };
    case 'invalid_type':
      // A blank number input arrives as undefined ("received undefined"); junk text as NaN.
      return issue.expected === 'number' && !/received undefined/.test(issue.message ?? '') ? { key: 'awardsAdmin.form.number' } : { key: 'awardsAdmin.form.required' };
    case 'invalid_format':
      if (inSchedule) return { key: 'awardsAdmin.form.date' };
      if (last === 'id') return { key: 'awardsAdmin.form.idFormat' };
      return { key: 'awardsAdmin.form.invalid', ...(issue.message ? { detail: issue.message } : {}) };
    case 'invalid_value':
      return { key: 'awardsAdmin.form.choose' };
    case 'custom':
      if (inSchedule) return { key: 'awardsAdmin.form.scheduleOrder' };
      if (last === 'id') return { key: 'awardsAdmin.form.duplicateId' };
      return { key: 'awardsAdmin.form.invalid', ...(issue.message ? { detail: issue.message } : {}) };
    default:
      return { key: 'awardsAdmin.form.invalid', ...(issue.message ? { detail: issue.message } : {}) };
  }
}
