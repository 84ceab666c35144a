import { Licence, WorkMetadata, type WorkMetadataInput } from '@yunzhan/shared';
import { z } from 'zod';

// The metadata form as the inputs hold it (strings everywhere, in WorkMetadata's own shape so a
// schema path is a field name) and its schema: the inputs, converted to the metadata the API
// takes (workMetadataFromForm) and piped into the shared WorkMetadata.

const text = z.string();
const draft = z.object({ 'zh-CN': text, en: text });

/** The inputs as typed: lengths are text, the licence '' until one is chosen. */
const WorkFormInputs = z.object({
    title: draft,
    medium: draft,
    description: draft,
    label: draft,
    creator: text,
    date: text,
    /** Centimetres, as typed (`12.5`, `12,5`). */
    dimensions: z.object({ widthCm: text, heightCm: text, depthCm: text }),
    rights: z.object({ holder: text, licence: z.union([Licence, z.literal('')]), credit: text }),
});

/** Every input of the metadata form, as typed. */
export type WorkFormState = z.infer<typeof WorkFormInputs>;

/** The form's schema: the inputs, turned into WorkMetadata's input and parsed with the shared schema. */
export const WorkMetadataForm = WorkFormInputs.transform((form) => workMetadataFromForm(form)).pipe(WorkMetadata);
/** A bilingual field as typed: zh-CN required by the schema, English optional. */
export type LocalizedDraft = WorkFormState['title'];

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
    dimensions: { widthCm: '', heightCm: '', depthCm: '' },
    rights: { holder: '', licence: 'all-rights-reserved', credit: '' },
  };
}

const draftOf = (value: { 'zh-CN': string; en: string } | undefined): LocalizedDraft => ({ 'zh-CN': value?.['zh-CN'] ?? '', en: value?.en ?? '' });
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
    dimensions: { widthCm: numberText(metadata.dimensions?.widthCm), heightCm: numberText(metadata.dimensions?.heightCm), depthCm: numberText(metadata.dimensions?.depthCm) },
    rights: { holder: metadata.rights.holder, licence: metadata.rights.licence, credit: metadata.rights.credit },
  };
}

/**
 * A typed length as a number: blank is undefined, a decimal comma is read as a point, and
 * anything that is not a plain decimal number is NaN (so the schema reports it as not a number
 * rather than the form guessing).
 */
export function parseCentimetres(value: string): number | undefined {
  const trimmed = value.trim().replace(/，/g, ',');
  if (trimmed === '') return undefined;
  const normalized = trimmed.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : Number.NaN;
}

/** Both languages trimmed; undefined when both are blank (an optional text left out). */
function optionalText(value: LocalizedDraft): { 'zh-CN': string; en: string } | undefined {
  const trimmed = { 'zh-CN': value['zh-CN'].trim(), en: value.en.trim() };
  return trimmed['zh-CN'] === '' && trimmed.en === '' ? undefined : trimmed;
}

/**
 * The metadata the form stands for, as the API takes it: every text trimmed, optional texts and
 * dimensions left out when blank, lengths parsed to numbers. Not validated: the shared WorkMetadata
 * schema runs over it (a title with only English, or a width without a height, stays in so the
 * schema can say what is missing).
 */
export function workMetadataFromForm(form: WorkFormState): WorkMetadataInput {
  const widthCm = parseCentimetres(form.dimensions.widthCm);
  const heightCm = parseCentimetres(form.dimensions.heightCm);
  const depthCm = parseCentimetres(form.dimensions.depthCm);
  const date = form.date.trim();
  const credit = form.rights.credit.trim();
  const metadata: WorkMetadataInput = {
    title: { 'zh-CN': form.title['zh-CN'].trim(), en: form.title.en.trim() },
    creator: form.creator.trim(),
    rights: {
      holder: form.rights.holder.trim(),
      // '' is no licence: left for the schema to refuse with the field's message.
      licence: form.rights.licence as Licence,
      ...(credit ? { credit } : {}),
    },
  };
  if (date) metadata.date = date;
  for (const name of ['medium', 'description', 'label'] as const) {
    const value = optionalText(form[name]);
    if (value) metadata[name] = value;
  }
  if (widthCm !== undefined || heightCm !== undefined || depthCm !== undefined) {
    // A missing width or height stays missing so the schema names it.
    metadata.dimensions = { widthCm: widthCm as number, heightCm: heightCm as number, ...(depthCm !== undefined ? { depthCm } : {}) };
  }
  return metadata;
}
