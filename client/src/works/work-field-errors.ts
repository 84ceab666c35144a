import { WorkMetadata } from '@yunzhan/shared';
import type { MessageKey } from '../i18n/dictionary';
import type { WorkFormState } from './work-form-state';
import { workMetadataFromForm } from './work-form-state';

// Validation messages under the form's fields: from the shared WorkMetadata schema run in the
// browser (so the rules and their wording match the server's), and from the server's
// VALIDATION_FAILED issues, whose paths are mapped onto the same fields.

/** A field of the work form that an error can sit under (its id suffix and test id suffix). */
export const WORK_FORM_FIELDS = [
  'file',
  'kind',
  'title.zh-CN',
  'title.en',
  'creator',
  'date',
  'medium.zh-CN',
  'medium.en',
  'dimensions.widthCm',
  'dimensions.heightCm',
  'dimensions.depthCm',
  'description.zh-CN',
  'description.en',
  'label.zh-CN',
  'label.en',
  'rights.holder',
  'rights.licence',
  'rights.credit',
  'audioGuide',
] as const;
/** One of WORK_FORM_FIELDS. */
export type WorkFormField = (typeof WORK_FORM_FIELDS)[number];

/** A message under a field: a dictionary key and its values; `detail` is the server's own words. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
  detail?: string;
}

/** Errors by field; a field without an entry is valid. */
export type FieldErrors = Partial<Record<WorkFormField, FieldError>>;

/** One issue as zod or the server reports it (the server's carry only `path` and `message`). */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message?: string;
  code?: string;
  origin?: string;
  expected?: string;
  maximum?: number | bigint;
}

const FIELDS = new Set<string>(WORK_FORM_FIELDS);
/** Where an issue about a whole object goes: its first input. */
const OBJECT_FIELDS: Readonly<Record<string, WorkFormField>> = {
  title: 'title.zh-CN',
  medium: 'medium.zh-CN',
  description: 'description.zh-CN',
  label: 'label.zh-CN',
  dimensions: 'dimensions.widthCm',
  rights: 'rights.holder',
  assetId: 'file',
  audioGuideAssetId: 'audioGuide',
};

/**
 * The form field an issue path points at: `metadata.` (CreateWorkInput / UpdateWorkInput) is
 * dropped, a path to a whole object lands on its first input, a path into a field (an array
 * index, say) on that field. Null when no field fits (the error is shown above the form).
 */
export function fieldOfIssuePath(path: ReadonlyArray<PropertyKey>): WorkFormField | null {
  const parts = path.map(String);
  if (parts[0] === 'metadata') parts.shift();
  for (let n = parts.length; n > 0; n -= 1) {
    const joined = parts.slice(0, n).join('.');
    if (FIELDS.has(joined)) return joined as WorkFormField;
    if (n === 1 && Object.hasOwn(OBJECT_FIELDS, joined)) return OBJECT_FIELDS[joined]!;
  }
  return null;
}

const asNumber = (value: number | bigint | undefined) => (value === undefined ? undefined : Number(value));

/**
 * The translated message for an issue, from its zod code: blank required texts, lengths over the
 * limit, numbers out of range, a missing choice. Issues without a code (the server's) get the
 * generic message with the server's text as detail.
 */
export function fieldErrorOf(issue: IssueLike): FieldError {
  const max = asNumber(issue.maximum);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return { key: 'works.error.positive' };
      return { key: 'works.error.required' };
    case 'too_big':
      if (issue.origin === 'number') return { key: 'works.error.tooLarge', params: { max: max ?? 0 } };
      return { key: 'works.error.tooLong', params: { max: max ?? 0 } };
    case 'invalid_type':
      // A blank input arrives as undefined (zod's message ends "received undefined"): required,
      // whereas text that is not a number arrives as NaN.
      return issue.expected === 'number' && !/received undefined/.test(issue.message ?? '') ? { key: 'works.error.number' } : { key: 'works.error.required' };
    case 'invalid_value':
      return { key: 'works.error.choose' };
    case undefined:
      return issue.message ? { key: 'works.error.invalid', detail: issue.message } : { key: 'works.error.invalid' };
    default:
      return { key: 'works.error.invalid' };
  }
}

/**
 * Field errors for a list of issues (the first per field wins); issues that fit no field come
 * back apart, for a message above the form.
 */
export function fieldErrorsFromIssues(issues: readonly IssueLike[]): { fields: FieldErrors; unplaced: IssueLike[] } {
  const fields: FieldErrors = {};
  const unplaced: IssueLike[] = [];
  for (const issue of issues) {
    const field = fieldOfIssuePath(issue.path);
    if (!field) unplaced.push(issue);
    else fields[field] ??= fieldErrorOf(issue);
  }
  return { fields, unplaced };
}

/**
 * The issues in a VALIDATION_FAILED error's details, `{ issues: [{ path, message }] }`; the
 * server writes paths dotted (`metadata.title.zh-CN`, shared validationErrorFrom), zod as arrays;
 * both are read. [] when there are none.
 */
export function issuesOfDetails(details: unknown): IssueLike[] {
  const issues = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown): IssueLike[] => {
    const issue = i as { path?: unknown; message?: unknown } | null;
    if (!issue) return [];
    const raw: unknown[] | null = typeof issue.path === 'string' ? [issue.path] : Array.isArray(issue.path) ? issue.path : null;
    if (!raw) return [];
    const parts = raw.flatMap((p): Array<string | number> => (typeof p === 'number' ? [p] : typeof p === 'string' ? p.split('.').filter(Boolean) : []));
    return [{ path: parts, ...(typeof issue.message === 'string' ? { message: issue.message } : {}) }];
  });
}

const FORM_KEY_FIELDS: Readonly<Record<keyof WorkFormState, readonly WorkFormField[]>> = {
  title: ['title.zh-CN', 'title.en'],
  medium: ['medium.zh-CN', 'medium.en'],
  description: ['description.zh-CN', 'description.en'],
  label: ['label.zh-CN', 'label.en'],
  creator: ['creator'],
  date: ['date'],
  // The three lengths are one object to the schema: a change to one may settle another's issue.
  widthCm: ['dimensions.widthCm', 'dimensions.heightCm', 'dimensions.depthCm'],
  heightCm: ['dimensions.widthCm', 'dimensions.heightCm', 'dimensions.depthCm'],
  depthCm: ['dimensions.widthCm', 'dimensions.heightCm', 'dimensions.depthCm'],
  rightsHolder: ['rights.holder'],
  licence: ['rights.licence'],
  credit: ['rights.credit'],
};

/** The form fields whose errors an edit of a form state key may settle. */
export function fieldsOfFormKey(key: keyof WorkFormState): readonly WorkFormField[] {
  return FORM_KEY_FIELDS[key];
}

/** The errors without those of `fields` (the same object when none of them had one). */
export function withoutFields(errors: FieldErrors, fields: readonly WorkFormField[]): FieldErrors {
  if (!fields.some((f) => errors[f])) return errors;
  const next = { ...errors };
  for (const f of fields) delete next[f];
  return next;
}

/**
 * Validates the form with the shared WorkMetadata schema: the metadata to send when valid, else
 * the field errors (every issue of the schema has a field).
 */
export function validateWorkForm(form: WorkFormState): { ok: true; metadata: WorkMetadata } | { ok: false; errors: FieldErrors } {
  const parsed = WorkMetadata.safeParse(workMetadataFromForm(form));
  if (parsed.success) return { ok: true, metadata: parsed.data };
  return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues as IssueLike[]).fields };
}
