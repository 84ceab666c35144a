import i18next, { type i18n as I18next } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { MessageKey, PluralKey } from './dictionary';
import { ALL_NAMESPACES, lazyBackend, namespaceOf, wordsAt } from './loaders';
import { LOCALES, type Locale } from './locale';
import type { Namespace } from './namespaces';

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** What a key needs besides itself: a plural key needs `count`, any other key may have params. */
export type TranslateArgs<K extends MessageKey> = [K] extends [PluralKey]
  ? [params: MessageParams & { readonly count: number }]
  : [params?: MessageParams];

/**
 * Translates a key, filling `{name}` placeholders from the params. A plural key (`{count}` in its
 * message) must be given `count`: it picks the CLDR form and is shown formatted for the language.
 */
export type Translate = <K extends MessageKey>(key: K, ...args: TranslateArgs<K>) => string;

/**
 * A new i18next instance speaking `locale`, one per `<I18nProvider>` (so a test's language never
 * leaks into the next). Ready on return with the bundled namespaces and any fetched before; the
 * others load through the backend when first asked for.
 */
export function createI18n(locale: Locale): I18next {
  const instance = i18next.createInstance();
  const ready = ALL_NAMESPACES.filter((ns) => wordsAt(locale, ns));
  void instance.use(lazyBackend).use(initReactI18next).init({
    lng: locale,
    supportedLngs: [...LOCALES],
    // Every key exists in every language (the dictionary tests), so there is nothing to fall back
    // to; 'currentOnly' stops i18next looking for a bare 'zh' next to 'zh-CN'.
    fallbackLng: false,
    load: 'currentOnly',
    // Read at once: the backend answers synchronously for words it already has.
    ns: ready,
    defaultNS: 'common',
    // Each key names its namespace (namespaceOf), so there is no other namespace to look in.
    fallbackNS: false,
    // Keys are flat strings with dots ('awards.votesCount'), not paths, and hold no namespace.
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    interpolation: {
      // The dictionaries' placeholders are `{name}`, not i18next's default `{{name}}`.
      prefix: '{',
      suffix: '}',
      // No HTML escaping here: every message ends up as React text, and React escapes it (no
      // message is ever set as HTML). Escaping twice would show `&amp;` to the viewer.
      escapeValue: false,
    },
    // A placeholder without a value stays as written, as it did before i18next.
    missingInterpolationHandler: (_text: string, match: RegExpExecArray) => match[0],
    react: { useSuspense: false },
    // No advertisement in the visitor's console.
    showSupportNotice: false,
  });
  return instance;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` for a language and options. */
export function numberFormat(locale: Locale, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(id, format);
  }
  return format;
}

interface PendingLoad {
  promise: Promise<void>;
  failed: boolean;
}
const pendingLoads = new WeakMap<I18next, Map<string, PendingLoad>>();

/**
 * Stops rendering until a namespace is in (React Suspense: the thrown promise), so a page never
 * shows a raw key; a namespace that could not be fetched is an error for the error boundary.
 */
function suspendUntilLoaded(instance: I18next, locale: Locale, ns: Namespace): never {
  let pending = pendingLoads.get(instance);
  if (!pending) pendingLoads.set(instance, (pending = new Map()));
  const id = `${locale}/${ns}`;
  const load = pending.get(id);
  if (load?.failed) throw new Error(`The ${locale} words of "${ns}" could not be loaded`);
  if (load) throw load.promise;
  const next: PendingLoad = { failed: false, promise: Promise.resolve() };
  next.promise = instance.loadNamespaces(ns).then(() => {
    next.failed = !instance.hasResourceBundle(locale, ns);
  });
  pending.set(id, next);
  throw next.promise;
}

/**
 * The translate function of an i18next instance in `locale`. Called while rendering, it
 * suspends the component until the key's namespace is loaded.
 */
export function translator(instance: I18next, locale: Locale): Translate {
  const t = (key: MessageKey, params?: MessageParams): string => {
    const ns = namespaceOf(key);
    if (!instance.hasResourceBundle(locale, ns)) suspendUntilLoaded(instance, locale, ns);
    const count = params?.count;
    return instance.t(key, {
      ns,
      lng: locale,
      count: typeof count === 'number' ? count : undefined,
      // Values go in `replace`, so that a placeholder never collides with an i18next option
      // (`lng`, `ns`, `context`…); the count is shown formatted (`1,234`), selected on unformatted.
      replace: typeof count === 'number' ? { ...params, count: numberFormat(locale).format(count) } : params,
      // User text (a name, a chat message) in a value must never be read as `$t(…)` nesting.
      nest: false,
    });
  };
  return t as Translate;
}
