import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCALES, dictionaries } from './dictionary';

// Every key the code asks for with a literal, `t('…')`, exists in every language: a missing key
// fails here rather than showing `awards.votesCount` to a visitor. (Keys built at run time, such
// as `t(`awards.phase.${phase}`)`, are typed MessageKey; the compiler checks those.)

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Each `t('key'…)` / `t("key"…)` in the client's sources, with where it is. */
function literalKeys(): Array<{ key: string; at: string }> {
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*(['"])([\w.-]+)\1/g)].map((m) => ({ key: m[2] ?? '', at: relative(SRC, file) })),
  );
}

/** Whether a language has the key, directly or as a plural (`_other`, the form every language has). */
function has(words: Readonly<Record<string, string>>, key: string): boolean {
  return key in words || `${key}_other` in words;
}

describe('keys used by the client', () => {
  const used = literalKeys();

  it('finds the literal keys in the sources', () => {
    // Guards the scan itself: a broken pattern would find nothing and pass everything.
    expect(used.length).toBeGreaterThan(500);
    expect(used.map((u) => u.key)).toContain('awards.votesCount');
  });

  it.each(LOCALES)('are all in %s', (locale) => {
    const missing = used.filter(({ key }) => !has(dictionaries[locale], key)).map(({ key, at }) => `${key} (${at})`);
    expect(missing).toEqual([]);
  });

  it('use the plural forms of English for each plural key', () => {
    const plural = used.filter(({ key }) => `${key}_other` in dictionaries['zh-CN']);
    expect(plural.filter(({ key }) => !(`${key}_one` in dictionaries.en && `${key}_other` in dictionaries.en))).toEqual([]);
  });
});

describe('the words in the app bundle', () => {
  it('are reached only through the lazy loaders: no app file imports a value from dictionary.ts or namespaces.ts', () => {
    // Either module imports every namespace statically; one value import at run time would put
    // every word of both languages back into the app shell's bundle (types are fine).
    const eager = sourceFiles(SRC)
      .filter((file) => !file.endsWith('i18n/test-setup.ts'))
      .filter((file) => /^import (?!type )[^;]*from '[./]*(?:i18n\/|\.\/)(?:dictionary|namespaces)';/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(eager).toEqual(['i18n/dictionary.ts']);
  });
});
