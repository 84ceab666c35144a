import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { toClientError, type ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { encodeFieldMessage, messageOfIssue, type FieldMessage } from './field-messages';

// The one way a form shows a refused submit. The server answers `{ error: { code, message,
// details? } }`; a VALIDATION_FAILED error's details are `{ issues: [{ path, message }] }` with the
// path dotted as the schema names it (shared validationErrorFrom, and the services' fieldError).
// Each issue lands on the field its path names; everything else is a form-level error, kept in
// react-hook-form as `errors.root.server` and shown by FormAlert.

/** The name of the form-level error in react-hook-form's errors (`errors.root.server`). */
export const SERVER_ERROR = 'root.server' as const;

/** One issue of a VALIDATION_FAILED answer: a dotted path and the server's (English) words. */
export interface ServerIssue {
  path: string;
  message?: string;
}

/**
 * The issues in a VALIDATION_FAILED error's details. Paths are dotted strings on the wire; an
 * array path (zod's own shape) is read too. [] when there are none.
 */
export function issuesOfDetails(details: unknown): ServerIssue[] {
  const issues = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((raw: unknown): ServerIssue[] => {
    const issue = raw as { path?: unknown; message?: unknown } | null;
    if (!issue) return [];
    const path = typeof issue.path === 'string' ? issue.path : Array.isArray(issue.path) ? issue.path.map(String).join('.') : null;
    if (path === null) return [];
    return [{ path, ...(typeof issue.message === 'string' ? { message: issue.message } : {}) }];
  });
}

/**
 * The field an issue path names, among `fields` (the form's dotted field names): the field
 * itself; else, for a path to a whole object (`title`), the first field inside it; else the
 * nearest field that contains it (an issue about one item of a list lands on the list). Null
 * when none fits.
 */
export function fieldOfPath(path: string, fields: readonly string[]): string | null {
  if (path === '') return null;
  if (fields.includes(path)) return path;
  const inside = fields.find((f) => f.startsWith(`${path}.`));
  if (inside) return inside;
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const outer = parts.slice(0, n).join('.');
    if (fields.includes(outer)) return outer;
  }
  return null;
}

/** How a form reads the server's refusals. */
export interface ServerErrorOptions {
  /** The form's fields, as dotted names (the same names the form registers). */
  fields: readonly string[];
  /** Turns a wire path into the form's name for it (e.g. drops a `metadata.` prefix). Default: as is. */
  rename?: (path: string) => string;
  /** The form's own words for an issue on a field; default: "the server did not accept this value". */
  words?: (issue: ServerIssue, field: string) => FieldMessage | undefined;
  /** The form's own words for the whole error (a CONFLICT about the id, say): a field and message, or a form-level message. */
  refusal?: (error: ClientError) => { field: string; message: FieldMessage } | { message: FieldMessage } | undefined;
}

/** What applyServerError did: the fields it marked (first to last) and whether a form-level error shows. */
export interface AppliedServerError {
  fields: string[];
  formLevel: boolean;
}

/**
 * Shows a failed submit on the form: each VALIDATION_FAILED issue on its field (`setError`, the
 * first one focused), and anything that fits no field as the form-level error `root.server`
 * (its message worded from the error code). Returns what it marked.
 */
export function applyServerError<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, options: ServerErrorOptions): AppliedServerError {
  const e = toClientError(error);
  const marked: string[] = [];
  const mark = (field: string, message: FieldMessage) => {
    if (marked.includes(field)) return;
    setError(field as Path<T>, { type: 'server', message: encodeFieldMessage(message) }, { shouldFocus: marked.length === 0 });
    marked.push(field);
  };
  const own = options.refusal?.(e);
  if (own && 'field' in own) {
    mark(own.field, own.message);
    return { fields: marked, formLevel: false };
  }
  let unplaced = 0;
  if (!own && e.code === 'VALIDATION_FAILED') {
    const rename = options.rename ?? ((p: string) => p);
    for (const issue of issuesOfDetails(e.details)) {
      const field = fieldOfPath(rename(issue.path), options.fields);
      if (field === null) unplaced += 1;
      else mark(field, options.words?.(issue, field) ?? messageOfIssue({ code: 'server' }));
    }
    if (marked.length > 0 && unplaced === 0) return { fields: marked, formLevel: false };
  }
  const message = own?.message ?? errorMessage(e.code, e.details);
  setError(SERVER_ERROR as Path<T>, { type: e.code, message: encodeFieldMessage(message) });
  return { fields: marked, formLevel: true };
}
