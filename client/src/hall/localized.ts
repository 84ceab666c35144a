import type { LocalizedText } from '@yunzhan/shared';
import type { Locale } from '../i18n/dictionary';

/** The text in `locale`, falling back to zh-CN when the English is empty (the schema's rule). */
export function localized(text: LocalizedText | null | undefined, locale: Locale): string {
  if (!text) return '';
  if (locale === 'en' && text.en.trim() !== '') return text.en;
  return text['zh-CN'];
}
