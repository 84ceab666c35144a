// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { DisplayMenu } from './display-menu';
import { DISPLAY_KEY, applyDisplaySettings, readDisplaySettings } from './display-settings';

beforeEach(() => window.localStorage.setItem('yunzhan.locale', 'en'));
afterEach(() => {
  cleanup();
  window.localStorage.clear();
  applyDisplaySettings({ largeText: false, highContrast: false });
});

const renderMenu = () =>
  render(
    <I18nProvider>
      <DisplayMenu />
    </I18nProvider>,
  );

describe('DisplayMenu', () => {
  it('switches large text and high contrast on <html> and remembers them', async () => {
    const user = userEvent.setup();
    renderMenu();
    await user.click(screen.getByText('Display'));
    await user.click(screen.getByRole('switch', { name: 'Large text' }));
    expect(document.documentElement.dataset.text).toBe('large');
    expect(document.documentElement.dataset.contrast).toBeUndefined();
    await user.click(screen.getByRole('switch', { name: 'High contrast' }));
    expect(document.documentElement.dataset.contrast).toBe('high');
    expect(JSON.parse(window.localStorage.getItem(DISPLAY_KEY)!)).toEqual({ largeText: true, highContrast: true });
    await user.click(screen.getByRole('switch', { name: 'Large text' }));
    expect(document.documentElement.dataset.text).toBeUndefined();
    expect(readDisplaySettings()).toEqual({ largeText: false, highContrast: true });
  });

  it('starts from the stored choice', () => {
    window.localStorage.setItem(DISPLAY_KEY, JSON.stringify({ largeText: true, highContrast: false }));
    renderMenu();
    expect((screen.getByRole('switch', { name: 'Large text' }) as HTMLInputElement).checked).toBe(true);
    expect(document.documentElement.dataset.text).toBe('large');
  });

  it('reads a damaged stored value as the defaults', () => {
    window.localStorage.setItem(DISPLAY_KEY, '{not json');
    expect(readDisplaySettings()).toEqual({ largeText: false, highContrast: false });
  });

  it('folds on Escape and gives the focus back to its summary', async () => {
    const user = userEvent.setup();
    renderMenu();
    const summary = screen.getByText('Display');
    await user.click(summary);
    const details = screen.getByTestId('display-menu') as HTMLDetailsElement;
    expect(details.open).toBe(true);
    screen.getByRole('switch', { name: 'High contrast' }).focus();
    await user.keyboard('{Escape}');
    expect(details.open).toBe(false);
    expect(document.activeElement).toBe(summary);
  });
});
