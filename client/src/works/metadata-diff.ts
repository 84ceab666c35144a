import type { LocalizedText, WorkMetadata } from '@yunzhan/shared';

// What a reviewer compares: each field of a work's metadata that a change touches, as visitors
// see it now and as the change would make it. Plain data, so it is tested without a page.

/** The fields shown to reviewers, in the order of the metadata form (their labels are `works.field.<name>`). */
export const DIFF_FIELDS = ['title', 'creator', 'date', 'medium', 'dimensions', 'description', 'label', 'rights', 'subtitles'] as const;
/** One of DIFF_FIELDS. */
export type DiffField = (typeof DIFF_FIELDS)[number];

/** One changed field: its name and both versions as text (empty string: not set). */
export interface FieldChange {
  field: DiffField;
  now: string;
  proposed: string;
}

const text = (value: LocalizedText | undefined) => (value ? [value['zh-CN'], value.en].filter((s) => s.trim() !== '').join(' / ') : '');

/** A field of the metadata as one line of text. */
function fieldText(metadata: WorkMetadata, field: DiffField): string {
  switch (field) {
    case 'title':
    case 'medium':
    case 'description':
    case 'label':
      return text(metadata[field]);
    case 'creator':
    case 'date':
      return metadata[field];
    case 'dimensions': {
      const d = metadata.dimensions;
      return d ? `${[d.widthCm, d.heightCm, d.depthCm].filter((n) => n !== undefined).join(' × ')} cm` : '';
    }
    case 'rights': {
      const r = metadata.rights;
      return [r.holder, r.licence, r.credit].filter((s) => s.trim() !== '').join(' · ');
    }
    case 'subtitles': {
      // A file by language, name and the start of its hash (a replaced file with the same name differs).
      const subs = metadata.subtitles ?? {};
      return (['zh-CN', 'en'] as const).flatMap((lang) => (subs[lang] ? [`${lang}: ${subs[lang].filename || 'WebVTT'} (${subs[lang].cues}, ${subs[lang].sha256.slice(0, 8)})`] : [])).join(' · ');
    }
  }
}

/** The fields that differ between the approved metadata and the proposed one, in form order. */
export function metadataDiff(approved: WorkMetadata, proposed: WorkMetadata): FieldChange[] {
  return DIFF_FIELDS.flatMap((field) => {
    const now = fieldText(approved, field);
    const next = fieldText(proposed, field);
    return now === next ? [] : [{ field, now, proposed: next }];
  });
}
