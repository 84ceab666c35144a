// @vitest-environment jsdom
import './test-setup';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider, useToast, type ToastOptions } from './toast';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Long enough that no toast goes by itself during a test that is not about its duration. */
const STAYS_MS = 10 * 60_000;

function Shower({ options }: { options: ToastOptions }) {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast.show(options)}>
      Show
    </button>
  );
}

function Harness({ options }: { options: ToastOptions }) {
  return (
    <ToastProvider label="Notifications" dismissLabel="Dismiss">
      <Shower options={options} />
    </ToastProvider>
  );
}

/**
 * Shows the toast under fake timers and lets the two animation frames pass after which Radix
 * writes the announcement (it removes it again a second later): no race with the clock.
 */
function showAndAnnounce(options: ToastOptions): HTMLElement[] {
  vi.useFakeTimers();
  render(<Harness options={options} />);
  fireEvent.click(screen.getByRole('button', { name: 'Show' }));
  act(() => {
    vi.advanceTimersByTime(100);
  });
  return screen.getAllByRole('status');
}

describe('Toast', () => {
  it('announces a new toast politely through a status live region', () => {
    const regions = showAndAnnounce({ title: 'Layout saved', durationMs: STAYS_MS, attributes: { 'data-testid': 'saved-toast' } });
    const status = regions.find((el) => el.textContent?.includes('Layout saved'));
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('saved-toast').textContent).toContain('Layout saved');
  });

  it('announces an error assertively, with its description', () => {
    const regions = showAndAnnounce({ title: 'Could not save', description: 'The layout overlaps', tone: 'error', durationMs: STAYS_MS });
    const status = regions.find((el) => el.textContent?.includes('Could not save'));
    expect(status?.getAttribute('aria-live')).toBe('assertive');
    expect(status?.textContent).toContain('The layout overlaps');
  });

  it('sits in a named notifications region and is dismissed by its named button', async () => {
    const user = userEvent.setup();
    render(<Harness options={{ title: 'Layout saved', durationMs: STAYS_MS }} />);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const region = screen.getByRole('region', { name: /Notifications/ });
    expect(region.textContent).toContain('Layout saved');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(region.textContent).not.toContain('Layout saved');
  });

  it('goes by itself when its duration has passed, not before', () => {
    vi.useFakeTimers();
    render(<Harness options={{ title: 'Brief', durationMs: 5000 }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    const region = screen.getByRole('region', { name: /Notifications/ });
    act(() => {
      vi.advanceTimersByTime(4900);
    });
    expect(region.textContent).toContain('Brief');
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(region.textContent).not.toContain('Brief');
  });

  it('shows a toast given before the region has been fetched once it is in', async () => {
    // A fresh copy of the module: its region has not been fetched yet, as on a page's first render.
    vi.resetModules();
    const fresh = await import('./toast');
    function FreshShower() {
      const toast = fresh.useToast();
      return (
        <button type="button" onClick={() => toast.show({ title: 'Early news', durationMs: STAYS_MS })}>
          Show
        </button>
      );
    }
    render(
      <fresh.ToastProvider label="Notifications" dismissLabel="Dismiss">
        <FreshShower />
      </fresh.ToastProvider>,
    );
    expect(screen.queryByRole('region', { name: /Notifications/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    const toast = await screen.findByText('Early news');
    expect(screen.getByRole('region', { name: /Notifications/ }).contains(toast)).toBe(true);
  });

  it('refuses to work without a provider', () => {
    expect(() => render(<Shower options={{ title: 'x' }} />)).toThrow(/ToastProvider/);
  });
});
