// The UI's words in every language, as i18next namespaces (namespaces.ts): zh-CN is the source,
// its keys define MessageKey, and every other language is typed `Translation` of it, so a missing
// or extra key there is a compile error.
// Placeholders are `{name}`; a test checks every language uses the same ones per key.
// Plurals use i18next's CLDR suffixes: a message with a `{count}` is written `key_other` in zh-CN
// (Chinese has one form) and `key_one` + `key_other` in English; callers pass the number as `count`.

import { resources, type zhCNNamespaces } from './namespaces';
import type { Locale } from './locale';

export { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locale';

type SourceNamespaces = typeof zhCNNamespaces;
/** Every zh-CN key as stored, plural ones with their `_other` suffix. */
type StoredKey = { [N in keyof SourceNamespaces]: keyof SourceNamespaces[N] & string }[keyof SourceNamespaces];
/** The base of a plural key (`'a.b_other'` → `'a.b'`). */
type PluralBase<K> = K extends `${infer Base}_other` ? Base : never;

/** A key whose message depends on a number: calls must pass `count`. */
export type PluralKey = PluralBase<StoredKey>;
/** A key of the dictionary, as callers write it (a plural key without its suffix). */
export type MessageKey = Exclude<StoredKey, `${string}_other`> | PluralKey;

/**
 * One namespace translated from its zh-CN source `S`: every plain key, and each plural key in
 * English's CLDR forms (`_one`, `_other`).
 */
export type Translation<S> = Readonly<
  Record<Exclude<keyof S & string, `${string}_other`> | `${PluralBase<keyof S & string>}_${'one' | 'other'}`, string>
>;

function flatten(namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>): Readonly<Record<string, string>> {
  return Object.assign({}, ...Object.values(namespaces)) as Record<string, string>;
}

/**
 * Every language's words in one flat table, keys as stored (plural keys with their suffixes),
 * for tests. The app never reads it: it loads namespaces (loaders.ts). The calls are marked pure
 * so that importing `isLocale` from here does not put every word into the app shell's bundle.
 */
export const dictionaries: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  'zh-CN': /* @__PURE__ */ flatten(resources['zh-CN']),
  en: /* @__PURE__ */ flatten(resources.en),
};
