import type { BackendModule, ReadCallback } from 'i18next';
import { formsZhCN } from './forms-zh-cn';
import type { Locale } from './locale';
import type { Namespace } from './namespaces';
import { commonZhCN } from './zh-cn';

// Which words travel with the app shell and which load when they are first needed.
// zh-CN's `common` (header, lobby, errors, theatre, host, upload) and `forms` (every form) are
// bundled: zh-CN is the default language. Every other namespace, and English's `common` and
// `forms`, is a chunk of its own per language, fetched with import() by the i18next backend below
// the first time a key of it is asked for (see instance.ts); main.tsx fetches the shell's words
// of a stored English choice before the first render (preloadShellWords).

/** Words as i18next holds them: key → message. */
export type Words = Readonly<Record<string, string>>;

/** The namespaces every page uses: the app shell's and the forms'. */
const SHELL: readonly Namespace[] = ['common', 'forms'];

/** The namespaces bundled with the app shell, per language. */
const BUNDLED: Readonly<Record<Locale, Partial<Record<Namespace, Words>>>> = {
  'zh-CN': { common: commonZhCN, forms: formsZhCN },
  en: {},
};

type FeatureNamespace = Exclude<Namespace, 'common' | 'forms'>;

const LAZY: Readonly<Record<Locale, Readonly<Partial<Record<Namespace, () => Promise<Words>>> & Record<FeatureNamespace, () => Promise<Words>>>>> = {
  'zh-CN': {
    accounts: () => import('./accounts-zh-cn').then((m) => m.accountsZhCN),
    awards: () => import('./awards-zh-cn').then((m) => m.awardsZhCN),
    'awards-admin': () => import('./awards-admin-zh-cn').then((m) => m.awardsAdminZhCN),
    'content-review': () => import('./content-review-zh-cn').then((m) => m.contentReviewZhCN),
    curate: () => import('./curate-zh-cn').then((m) => m.curateZhCN),
    exhibition: () => import('./exhibition-zh-cn').then((m) => m.exhibitionZhCN),
    interaction: () => import('./interaction-zh-cn').then((m) => m.interactionZhCN),
    share: () => import('./share-zh-cn').then((m) => m.shareZhCN),
    works: () => import('./works-zh-cn').then((m) => m.worksZhCN),
    xr: () => import('./xr-zh-cn').then((m) => m.xrZhCN),
  },
  en: {
    common: () => import('./en').then((m) => m.commonEn),
    forms: () => import('./forms-en').then((m) => m.formsEn),
    accounts: () => import('./accounts-en').then((m) => m.accountsEn),
    awards: () => import('./awards-en').then((m) => m.awardsEn),
    'awards-admin': () => import('./awards-admin-en').then((m) => m.awardsAdminEn),
    'content-review': () => import('./content-review-en').then((m) => m.contentReviewEn),
    curate: () => import('./curate-en').then((m) => m.curateEn),
    exhibition: () => import('./exhibition-en').then((m) => m.exhibitionEn),
    interaction: () => import('./interaction-en').then((m) => m.interactionEn),
    share: () => import('./share-en').then((m) => m.shareEn),
    works: () => import('./works-en').then((m) => m.worksEn),
    xr: () => import('./xr-en').then((m) => m.xrEn),
  },
};

/** Every namespace, the shell's first. */
export const ALL_NAMESPACES = [...SHELL, ...Object.keys(LAZY['zh-CN'])] as Namespace[];

/**
 * A key's namespace, from the part before its first dot; anything not listed is `common`.
 * A test checks every key sits in the namespace this names.
 */
const NAMESPACE_OF_PREFIX: Readonly<Record<string, Namespace>> = {
  account: 'accounts',
  name: 'accounts',
  password: 'accounts',
  awards: 'awards',
  awardsAdmin: 'awards-admin',
  contentReview: 'content-review',
  curate: 'curate',
  editor: 'curate',
  review: 'curate',
  exhibition: 'exhibition',
  joystick: 'exhibition',
  map: 'exhibition',
  quality: 'exhibition',
  tour: 'exhibition',
  work: 'exhibition',
  form: 'forms',
  captions: 'interaction',
  chat: 'interaction',
  danmaku: 'interaction',
  mod: 'interaction',
  poll: 'interaction',
  reaction: 'interaction',
  share: 'share',
  works: 'works',
  xr: 'xr',
};

/** The namespace a key (as callers write it) lives in. */
export function namespaceOf(key: string): Namespace {
  return NAMESPACE_OF_PREFIX[key.slice(0, key.indexOf('.'))] ?? 'common';
}

const loaded = new Map<string, Words>();

/** Words already fetched (or bundled) for a language and namespace, if any. */
export function wordsAt(locale: Locale, ns: Namespace): Words | undefined {
  return BUNDLED[locale][ns] ?? loaded.get(`${locale}/${ns}`);
}

/** Fetches one namespace in one language (once; later calls get the same words). */
export async function loadWords(locale: Locale, ns: Namespace): Promise<Words> {
  const have = wordsAt(locale, ns);
  if (have) return have;
  const load = LAZY[locale][ns];
  if (!load) throw new Error(`No words of "${ns}" in ${locale}`);
  const words = await load();
  loaded.set(`${locale}/${ns}`, words);
  return words;
}

/**
 * Fetches the shell's words (`common`, `forms`) of a language that does not bundle them, so the
 * first render in that language needs no suspense; at once for zh-CN.
 */
export async function preloadShellWords(locale: Locale): Promise<void> {
  await Promise.all(SHELL.map((ns) => loadWords(locale, ns)));
}

/** Forgets every fetched namespace, as on a fresh page load (for tests of the loading itself). */
export function forgetLoadedWords(): void {
  loaded.clear();
}

/** Fetches every namespace in every language (for tests that render synchronously). */
export async function loadAllWords(): Promise<void> {
  const locales = Object.keys(LAZY) as Locale[];
  await Promise.all(locales.flatMap((locale) => ALL_NAMESPACES.map((ns) => loadWords(locale, ns))));
}

/** The i18next backend plugin: reads a namespace through loadWords. */
export const lazyBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language: string, namespace: string, callback: ReadCallback) {
    const have = wordsAt(language as Locale, namespace as Namespace);
    // Already here: answer at once, so an instance made after loading is ready synchronously.
    if (have) return callback(null, have);
    loadWords(language as Locale, namespace as Namespace).then(
      (words) => callback(null, words),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};
