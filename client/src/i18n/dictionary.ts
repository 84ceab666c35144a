// The UI's words in every language (zh-cn.ts, en.ts). zh-CN is the source: its keys define
// MessageKey, and every other language is typed `Dictionary`, so a missing or extra key there is
// a compile error.
// Placeholders are `{name}`; a test checks every language uses the same ones per key.

/** Languages the UI speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
/** A UI language, as a BCP 47 tag (also written to `<html lang>`). */
export type Locale = (typeof LOCALES)[number];
/** The language used until the viewer picks one. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Whether a value (e.g. from localStorage) is a supported language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

import { en } from './en';
import { zhCN } from './zh-cn';

/** A key of the dictionary. */
export type MessageKey = keyof typeof zhCN;
/** Every key translated into one language. */
export type Dictionary = Readonly<Record<MessageKey, string>>;

/** Every language's dictionary. */
export const dictionaries: Readonly<Record<Locale, Dictionary>> = { 'zh-CN': zhCN, en };
