import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, dictionaries, isLocale } from './dictionary';
import { placeholders } from './interpolate';
import { namespaceOf } from './loaders';
import { NAMESPACES, resources } from './namespaces';

/** zh-CN values that need no Chinese: nothing but placeholders and symbols. Keep it short. */
const NOT_CHINESE = new Set(['work.rights', 'xr.panelCreator', 'upload.sent', 'awardsAdmin.progress.count', 'editor.wallFace', 'chat.announce.one']);

/** The keys English must have for a zh-CN key: a plural `_other` key asks for `_one` too. */
function englishKeys(zhKey: string): string[] {
  return zhKey.endsWith('_other') ? [zhKey.replace(/_other$/, '_one'), zhKey] : [zhKey];
}

describe('dictionary', () => {
  const source = dictionaries[DEFAULT_LOCALE];
  const keys = Object.keys(source).sort();

  it('defaults to Simplified Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
  });

  it.each(NAMESPACES)('has in English exactly the keys of zh-CN in namespace %s, plurals in both English forms', (ns) => {
    const expected = Object.keys(resources['zh-CN'][ns]).flatMap(englishKeys).sort();
    expect(Object.keys(resources.en[ns]).sort()).toEqual(expected);
  });

  it('never has one key in two namespaces', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const ns of NAMESPACES) {
      for (const key of Object.keys(resources['zh-CN'][ns])) {
        if (seen.has(key)) twice.push(`${key} in ${seen.get(key)} and ${ns}`);
        seen.set(key, ns);
      }
    }
    expect(twice).toEqual([]);
  });

  it('keeps every key in the namespace its prefix names, so the app knows which words to fetch', () => {
    const misplaced = NAMESPACES.flatMap((ns) =>
      Object.keys(resources['zh-CN'][ns])
        .map((key) => key.replace(/_other$/, ''))
        .filter((key) => namespaceOf(key) !== ns)
        .map((key) => `${key} is in ${ns}, looked for in ${namespaceOf(key)}`),
    );
    expect(misplaced).toEqual([]);
  });

  it.each(LOCALES)('has no empty translation in %s', (locale) => {
    const empty = Object.entries(dictionaries[locale]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('has no untranslated zh-CN message: every one holds Chinese, but for a short allow-list', () => {
    const untranslated = Object.entries(source).filter(([key, text]) => !NOT_CHINESE.has(key) && !/\p{Script=Han}/u.test(text));
    expect(untranslated).toEqual([]);
    expect([...NOT_CHINESE].filter((key) => !(key in source))).toEqual([]);
  });

  it.each(LOCALES)('uses the same placeholders as zh-CN in every %s message', (locale) => {
    const mismatched = keys.flatMap((key) =>
      englishKeys(key)
        .filter((k) => locale === 'en' || k === key)
        .filter((k) => placeholders(dictionaries[locale][k] ?? '').join() !== placeholders(source[key] ?? '').join()),
    );
    expect(mismatched).toEqual([]);
  });

  it('makes every message with a {count} a plural message, and only those', () => {
    const counted = keys.filter((key) => placeholders(source[key] ?? '').includes('count'));
    const plural = keys.filter((key) => key.endsWith('_other'));
    expect(counted).toEqual(plural);
    expect(Object.keys(dictionaries.en).filter((key) => /_(zero|two|few|many)$/.test(key))).toEqual([]);
  });

  it('names each language in itself for the language switch', () => {
    expect(dictionaries['zh-CN']['language.name']).toBe('中文');
    expect(dictionaries.en['language.name']).toBe('English');
    expect(LOCALE_NAMES).toEqual({ 'zh-CN': '中文', en: 'English' });
  });

  it('recognises only supported locales', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});

describe('placeholders', () => {
  it('lists the named placeholders of a message, sorted', () => {
    expect(placeholders('{percent}% · {count} votes')).toEqual(['count', 'percent']);
    expect(placeholders('No placeholder')).toEqual([]);
  });
});
