import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readPreference, writePreference } from '../lib/storage';
import { DEFAULT_LOCALE, LOCALES, dictionaries, isLocale, type Locale, type MessageKey } from './dictionary';
import { interpolate } from './interpolate';

const STORAGE_KEY = 'yunzhan.locale';

/** Translates a key, filling `{name}` placeholders from `params`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Formats an ISO time as a date and time in the current language. */
  formatDateTime: (iso: string) => string;
  /** Formats an ISO time as hours and minutes in the current language. */
  formatTime: (iso: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLocale(): Locale {
  const stored = readPreference(STORAGE_KEY);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

function safeFormat(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

/** Provides the current language (remembered in localStorage, default zh-CN) and `<html lang>`. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    writePreference(STORAGE_KEY, next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dictionary = dictionaries[locale];
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    return {
      locale,
      setLocale,
      t: (key, params) => interpolate(dictionary[key], params),
      formatDateTime: (iso) => safeFormat(dateTime, iso),
      formatTime: (iso) => safeFormat(time, iso),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its translate function and formatters. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** The languages the switch offers, with their own names. */
export const LOCALE_OPTIONS: ReadonlyArray<{ locale: Locale; label: string }> = LOCALES.map((locale) => ({
  locale,
  label: dictionaries[locale]['language.name'],
}));
