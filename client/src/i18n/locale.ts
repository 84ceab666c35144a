// The languages the UI speaks. Kept apart from the dictionaries so that the app shell can name
// and check a language without bundling any words.

/** Languages the UI speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
/** A UI language, as a BCP 47 tag (also written to `<html lang>`). */
export type Locale = (typeof LOCALES)[number];
/** The language used until the viewer picks one. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Each language's name in itself, for the language switch (the test checks 'language.name'). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

/** Whether a value (e.g. from localStorage) is a supported language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
