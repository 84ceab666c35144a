// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastProvider, useToast, type ToastOptions } from './toast';

afterEach(cleanup);

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

describe('Toast', () => {
  it('announces a new toast politely through a status live region', async () => {
    const user = userEvent.setup();
    render(<Harness options={{ title: 'Layout saved', attributes: { 'data-testid': 'saved-toast' } }} />);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const status = await waitFor(() => {
      const region = screen.getAllByRole('status').find((el) => el.textContent?.includes('Layout saved'));
      if (!region) throw new Error('not announced yet');
      return region;
    });
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('saved-toast').textContent).toContain('Layout saved');
  });

  it('announces an error assertively', async () => {
    const user = userEvent.setup();
    render(<Harness options={{ title: 'Could not save', description: 'The layout overlaps', tone: 'error' }} />);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const status = await waitFor(() => {
      const region = screen.getAllByRole('status').find((el) => el.textContent?.includes('Could not save'));
      if (!region) throw new Error('not announced yet');
      return region;
    });
    expect(status.getAttribute('aria-live')).toBe('assertive');
    expect(status.textContent).toContain('The layout overlaps');
  });

  it('sits in a named notifications region and is dismissed by its named button', async () => {
    const user = userEvent.setup();
    render(<Harness options={{ title: 'Layout saved' }} />);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const region = screen.getByRole('region', { name: /Notifications/ });
    expect(region.textContent).toContain('Layout saved');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(region.textContent).not.toContain('Layout saved'));
  });

  it('goes by itself after its duration', async () => {
    const user = userEvent.setup();
    render(<Harness options={{ title: 'Brief', durationMs: 50 }} />);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    const region = screen.getByRole('region', { name: /Notifications/ });
    expect(region.textContent).toContain('Brief');
    await waitFor(() => expect(region.textContent).not.toContain('Brief'), { timeout: 2000 });
  });

  it('refuses to work without a provider', () => {
    expect(() => render(<Shower options={{ title: 'x' }} />)).toThrow(/ToastProvider/);
  });
});
