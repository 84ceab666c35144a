// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider, useI18n } from './i18n';
import { forgetLoadedWords, loadAllWords } from './loaders';

// Every namespace is already fetched here (test-setup.ts), so rendering is synchronous.

function Votes({ count }: { count: number }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div>
      <p data-testid="votes">{t('awards.votesCount', { count })}</p>
      <p data-testid="locale">{locale}</p>
      <button type="button" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
        {t('nav.language')}
      </button>
    </div>
  );
}

function Formats() {
  const { formatNumber, formatRelativeTime } = useI18n();
  const now = new Date('2026-05-20T12:00:00Z');
  return (
    <ul>
      <li data-testid="number">{formatNumber(1234.5)}</li>
      <li data-testid="minutes-ago">{formatRelativeTime('2026-05-20T11:57:00Z', now)}</li>
      <li data-testid="yesterday">{formatRelativeTime('2026-05-19T12:00:00Z', now)}</li>
      <li data-testid="in-hours">{formatRelativeTime('2026-05-20T14:00:00Z', now)}</li>
      <li data-testid="bad">{formatRelativeTime('not a time', now)}</li>
    </ul>
  );
}

describe('I18nProvider and useI18n', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('speaks zh-CN until the viewer picks a language, and marks <html lang>', () => {
    render(
      <I18nProvider>
        <Votes count={1} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('votes').textContent).toBe('1 票');
    expect(screen.getByTestId('locale').textContent).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switches to English with plural forms, remembers the choice and marks <html lang>', () => {
    render(
      <I18nProvider>
        <Votes count={1} />
      </I18nProvider>,
    );
    act(() => screen.getByRole('button', { name: '语言' }).click());
    expect(screen.getByTestId('votes').textContent).toBe('1 vote');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('yunzhan.locale')).toBe('en');
  });

  it('starts in the remembered language', () => {
    localStorage.setItem('yunzhan.locale', 'en');
    render(
      <I18nProvider>
        <Votes count={2} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('votes').textContent).toBe('2 votes');
    expect(screen.getByRole('button').textContent).toBe('Language');
  });

  it('ignores a remembered language it does not speak', () => {
    localStorage.setItem('yunzhan.locale', 'fr');
    render(
      <I18nProvider>
        <Votes count={2} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('locale').textContent).toBe('zh-CN');
  });

  it('formats numbers and relative times for the language', () => {
    localStorage.setItem('yunzhan.locale', 'en');
    render(
      <I18nProvider>
        <Formats />
      </I18nProvider>,
    );
    expect(screen.getByTestId('number').textContent).toBe('1,234.5');
    expect(screen.getByTestId('minutes-ago').textContent).toBe('3 minutes ago');
    expect(screen.getByTestId('yesterday').textContent).toBe('yesterday');
    expect(screen.getByTestId('in-hours').textContent).toBe('in 2 hours');
    expect(screen.getByTestId('bad').textContent).toBe('');
  });

  it('formats relative times in Chinese', () => {
    render(
      <I18nProvider>
        <Formats />
      </I18nProvider>,
    );
    expect(screen.getByTestId('minutes-ago').textContent).toBe('3分钟前');
    expect(screen.getByTestId('yesterday').textContent).toBe('昨天');
  });

  it('holds a component back until its namespace is fetched: the fallback shows, never a raw key', async () => {
    forgetLoadedWords();
    try {
      render(
        <I18nProvider>
          <Suspense fallback={<p data-testid="waiting">…</p>}>
            <Votes count={2} />
          </Suspense>
        </I18nProvider>,
      );
      expect(screen.getByTestId('waiting')).toBeTruthy();
      expect(document.body.textContent).not.toMatch(/awards\./);
      expect((await screen.findByTestId('votes')).textContent).toBe('2 票');
    } finally {
      await loadAllWords();
    }
  });

  it('refuses to work outside the provider', () => {
    expect(() => render(<Votes count={1} />)).toThrow(/inside <I18nProvider>/);
  });
});
