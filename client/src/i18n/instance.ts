import i18next, { type i18n as I18next } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { MessageKey, PluralKey } from './dictionary';
import { LOCALES, type Locale } from './locale';
import { NAMESPACES, resources } from './namespaces';

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
 * A new i18next instance speaking `locale`, with every namespace (zh-CN and en) in it; one per
 * `<I18nProvider>`, so a test's language never leaks into the next. Ready on return.
 */
export function createI18n(locale: Locale): I18next {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    supportedLngs: [...LOCALES],
    // Every key exists in every language (the dictionary tests), so there is nothing to fall back
    // to; 'currentOnly' stops i18next looking for a bare 'zh' next to 'zh-CN'.
    fallbackLng: false,
    load: 'currentOnly',
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    // Keys are unique across namespaces, so a key is looked up in `common` and then in each feature.
    fallbackNS: NAMESPACES.filter((ns) => ns !== 'common'),
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

/** The translate function of an i18next instance in `locale`. */
export function translator(instance: I18next, locale: Locale): Translate {
  const t = (key: MessageKey, params?: MessageParams): string => {
    const count = params?.count;
    return instance.t(key, {
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
