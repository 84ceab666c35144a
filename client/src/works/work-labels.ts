import type { Licence, WorkKind, WorkStatus } from '@yunzhan/shared';
import type { MessageKey } from '../i18n/dictionary';

// Dictionary keys for the catalogue's enums: typed as records over each enum, so a new kind,
// status or licence in shared/works.ts without a translation is a compile error.

/** The name of each kind of work. */
export const KIND_KEYS: Readonly<Record<WorkKind, MessageKey>> = {
  image: 'works.kind.image',
  video: 'works.kind.video',
  model: 'works.kind.model',
  audio: 'works.kind.audio',
};

/** The badge text of each processing state. */
export const STATUS_KEYS: Readonly<Record<WorkStatus, MessageKey>> = {
  processing: 'works.status.processing',
  ready: 'works.status.ready',
  failed: 'works.status.failed',
};

/** The name of each licence. */
export const LICENCE_KEYS: Readonly<Record<Licence, MessageKey>> = {
  'all-rights-reserved': 'works.licence.all-rights-reserved',
  'cc-by': 'works.licence.cc-by',
  'cc-by-sa': 'works.licence.cc-by-sa',
  'cc-by-nc': 'works.licence.cc-by-nc',
  'cc-by-nc-nd': 'works.licence.cc-by-nc-nd',
  cc0: 'works.licence.cc0',
  'public-domain': 'works.licence.public-domain',
};
