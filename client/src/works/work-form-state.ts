import type { Licence, WorkMetadata, WorkMetadataInput } from '@yunzhan/shared';

// The metadata form as the inputs hold it (strings everywhere) and the conversions both ways:
// form → the WorkMetadata input the API takes, and a stored work's metadata → form.

/** A bilingual field as typed: zh-CN required by the schema, English optional. */
export interface LocalizedDraft {
  'zh-CN': string;
  en: string;
}

/** Every input of the metadata form, as typed (numbers too are strings until submitted). */
export interface WorkFormState {
  title: LocalizedDraft;
  medium: LocalizedDraft;
  description: LocalizedDraft;
  label: LocalizedDraft;
  creator: string;
  date: string;
  /** Centimetres, as typed (`12.5`, `12,5`). */
  widthCm: string;
  heightCm: string;
  depthCm: string;
  rightsHolder: string;
  /** `''` until one is chosen. */
  licence: Licence | '';
  credit: string;
}

/** The bilingual fields of the form, in the order they are shown. */
export const LOCALIZED_FIELDS = ['title', 'medium', 'description', 'label'] as const;
/** One of LOCALIZED_FIELDS. */
export type LocalizedFieldName = (typeof LOCALIZED_FIELDS)[number];

const emptyDraft = (): LocalizedDraft => ({ 'zh-CN': '', en: '' });

/** A blank form; the licence starts at all rights reserved, the safe default. */
export function emptyWorkForm(): WorkFormState {
  return {
    title: emptyDraft(),
    medium: emptyDraft(),
    description: emptyDraft(),
    label: emptyDraft(),
    creator: '',
    date: '',
    widthCm: '',
    heightCm: '',
    depthCm: '',
    rightsHolder: '',
    licence: 'all-rights-reserved',
    credit: '',
  };
}

const draftOf = (text: { 'zh-CN': string; en: string } | undefined): LocalizedDraft => ({ 'zh-CN': text?.['zh-CN'] ?? '', en: text?.en ?? '' });
const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The form filled with a stored work's metadata (for editing). */
export function workFormFrom(metadata: WorkMetadata): WorkFormState {
  return {
    title: draftOf(metadata.title),
    medium: draftOf(metadata.medium),
    description: draftOf(metadata.description),
    label: draftOf(metadata.label),
    creator: metadata.creator,
    date: metadata.date,
    widthCm: numberText(metadata.dimensions?.widthCm),
    heightCm: numberText(metadata.dimensions?.heightCm),
    depthCm: numberText(metadata.dimensions?.depthCm),
    rightsHolder: metadata.rights.holder,
    licence: metadata.rights.licence,
    credit: metadata.rights.credit,
  };
}

/**
 * A typed length as a number: blank is undefined, a decimal comma is read as a point, and
 * anything that is not a plain decimal number is NaN (so the schema reports it as not a number
 * rather than the form guessing).
 */
export function parseCentimetres(text: string): number | undefined {
  const trimmed = text.trim().replace(/，/g, ',');
  if (trimmed === '') return undefined;
  const normalized = trimmed.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : Number.NaN;
}

/** Both languages trimmed; undefined when both are blank (an optional text left out). */
function optionalText(draft: LocalizedDraft): { 'zh-CN': string; en: string } | undefined {
  const text = { 'zh-CN': draft['zh-CN'].trim(), en: draft.en.trim() };
  return text['zh-CN'] === '' && text.en === '' ? undefined : text;
}

/**
 * The metadata the form stands for, as the API takes it: every text trimmed, optional texts and
 * dimensions left out when blank, lengths parsed to numbers. Not validated: run the shared
 * WorkMetadata schema over it (a title with only English, or a width without a height, stays in
 * so the schema can say what is missing).
 */
export function workMetadataFromForm(form: WorkFormState): WorkMetadataInput {
  const widthCm = parseCentimetres(form.widthCm);
  const heightCm = parseCentimetres(form.heightCm);
  const depthCm = parseCentimetres(form.depthCm);
  const date = form.date.trim();
  const credit = form.credit.trim();
  const metadata: WorkMetadataInput = {
    title: { 'zh-CN': form.title['zh-CN'].trim(), en: form.title.en.trim() },
    creator: form.creator.trim(),
    rights: {
      holder: form.rightsHolder.trim(),
      // '' is no licence: left for the schema to refuse with the field's message.
      licence: form.licence as Licence,
      ...(credit ? { credit } : {}),
    },
  };
  if (date) metadata.date = date;
  for (const name of ['medium', 'description', 'label'] as const) {
    const text = optionalText(form[name]);
    if (text) metadata[name] = text;
  }
  if (widthCm !== undefined || heightCm !== undefined || depthCm !== undefined) {
    // A missing width or height stays missing so the schema names it.
    metadata.dimensions = { widthCm: widthCm as number, heightCm: heightCm as number, ...(depthCm !== undefined ? { depthCm } : {}) };
  }
  return metadata;
}
