import { FieldErrorMessage, type FieldErrorLike } from '../ui/form-field';
import type { WorkUploadField } from './use-work-editor';

// The ids and messages of the work form's upload parts (file, kind, audio guide), which are
// custom controls (a drop zone, a picker) rather than FormField inputs; their messages come from
// the same FieldErrorMessage as every other field's.

/** The DOM id of an upload part's control (`work-file`); its error is `<id>-error`. */
export const fieldDomId = (field: WorkUploadField) => `work-${field}`;

/** ids a control is described by: its hint and its error, when shown. */
export function describedBy(field: WorkUploadField, error: FieldErrorLike | undefined, hintId?: string): string | undefined {
  const ids = [hintId, error ? `${fieldDomId(field)}-error` : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The message under an upload part (nothing when it is valid). */
export function FieldMessage({ field, error }: { field: WorkUploadField; error: FieldErrorLike | undefined }) {
  return <FieldErrorMessage id={`${fieldDomId(field)}-error`} error={error} />;
}
