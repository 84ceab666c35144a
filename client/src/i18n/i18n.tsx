import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { readPreference, writePreference } from '../lib/storage';
import { createI18n, numberFormat, translator, type Translate } from './instance';
import { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, isLocale, type Locale } from './locale';
import { formatRelative } from './relative-time';

export type { MessageParams, Translate } from './instance';

const STORAGE_KEY = 'yunzhan.locale';

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Formats an ISO time as a date and time in the current language. */
  formatDateTime: (iso: string) => string;
  /** Formats an ISO time as hours and minutes in the current language. */
  formatTime: (iso: string) => string;
  /** Formats a number in the current language (`1,234`; options as Intl.NumberFormat's). */
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** Says how far an ISO time is from `now` (default: this moment): "3 minutes ago", "明天". */
  formatRelativeTime: (iso: string, now?: Date) => string;
}

/** What the provider holds besides the i18next instance: the way to change language. */
const LocaleControl = createContext<((locale: Locale) => void) | null>(null);

/** The language to start in: the viewer's stored choice, else zh-CN. */
export function initialLocale(): Locale {
  const stored = readPreference(STORAGE_KEY);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

function safeFormat(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

/**
 * Provides the current language (remembered in localStorage, default zh-CN) on an i18next
 * instance of its own, and keeps `<html lang>` in step with it.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [i18n] = useState(() => createI18n(initialLocale()));

  useEffect(() => {
    const mark = (lng: string) => {
      document.documentElement.lang = lng;
    };
    mark(i18n.language);
    i18n.on('languageChanged', mark);
    return () => i18n.off('languageChanged', mark);
  }, [i18n]);

  const [setLocale] = useState(() => (next: Locale) => {
    writePreference(STORAGE_KEY, next);
    void i18n.changeLanguage(next);
  });

  return (
    <I18nextProvider i18n={i18n}>
      <LocaleControl.Provider value={setLocale}>{children}</LocaleControl.Provider>
    </I18nextProvider>
  );
}

/** The current language, its translate function and formatters (react-i18next underneath). */
export function useI18n(): I18nValue {
  const setLocale = useContext(LocaleControl);
  if (!setLocale) throw new Error('useI18n must be used inside <I18nProvider>');
  // Re-renders the caller when the language changes.
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;

  return useMemo<I18nValue>(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    return {
      locale,
      setLocale,
      t: translator(i18n, locale),
      formatDateTime: (iso) => safeFormat(dateTime, iso),
      formatTime: (iso) => safeFormat(time, iso),
      formatNumber: (value, options) => numberFormat(locale, options).format(value),
      formatRelativeTime: (iso, now) => formatRelative(locale, iso, now ?? new Date()),
    };
  }, [i18n, locale, setLocale]);
}

/** The languages the switch offers, with their own names. */
export const LOCALE_OPTIONS: ReadonlyArray<{ locale: Locale; label: string }> = LOCALES.map((locale) => ({
  locale,
  label: LOCALE_NAMES[locale],
}));
