import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, dictionaries, isLocale } from './dictionary';
import { interpolate, placeholders } from './interpolate';

describe('dictionary', () => {
  const source = dictionaries[DEFAULT_LOCALE];
  const keys = Object.keys(source).sort();

  it('defaults to Simplified Chinese', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
  });

  it.each(LOCALES)('has exactly the same keys in %s as in zh-CN', (locale) => {
    expect(Object.keys(dictionaries[locale]).sort()).toEqual(keys);
  });

  it.each(LOCALES)('has no empty translation in %s', (locale) => {
    const empty = Object.entries(dictionaries[locale]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(LOCALES)('uses the same placeholders as zh-CN in every %s message', (locale) => {
    const mismatched = keys.filter(
      (key) =>
        placeholders(dictionaries[locale][key as keyof typeof source]).join() !== placeholders(source[key as keyof typeof source]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('names each language in itself for the language switch', () => {
    expect(dictionaries['zh-CN']['language.name']).toBe('中文');
    expect(dictionaries.en['language.name']).toBe('English');
  });

  it('recognises only supported locales', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});

describe('interpolate', () => {
  it('fills named placeholders', () => {
    expect(interpolate('{count} watching', { count: 3 })).toBe('3 watching');
  });

  it('leaves placeholders without a value as they are', () => {
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
  });

  it('does not read inherited properties as values', () => {
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});
