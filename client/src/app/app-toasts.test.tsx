// @vitest-environment jsdom
import '../ui/test-setup';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../auth/auth-context';
import { createQueryClient } from '../data/query-client';
import { fakeApi } from '../forms/form-test-kit';
import { I18nProvider } from '../i18n/i18n';
import { useToast } from '../ui/toast';
import { AppLayout } from './app-layout';

// The app shell mounts the one notifications region; a page anywhere below it shows toasts there.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Page() {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast.show({ tone: 'success', title: '已保存', attributes: { 'data-testid': 'page-toast' } })}>
      保存
    </button>
  );
}

describe('AppToasts in the app shell', () => {
  it('gives every page one named notifications region, outside the main landmark, with a named dismiss button', async () => {
    fakeApi((r) => (r.path === '/api/auth/me' ? { status: 200, body: { user: null } } : undefined));
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={createQueryClient()}>
        <I18nProvider>
          <AuthProvider>
            <MemoryRouter>
              <Routes>
                <Route element={<AppLayout />}>
                  <Route index element={<Page />} />
                </Route>
              </Routes>
            </MemoryRouter>
          </AuthProvider>
        </I18nProvider>
      </QueryClientProvider>,
    );
    await user.click(screen.getByRole('button', { name: '保存' }));
    const regions = screen.getAllByRole('region', { name: /通知/ });
    expect(regions).toHaveLength(1);
    const toast = screen.getByTestId('page-toast');
    expect(regions[0]!.contains(toast)).toBe(true);
    expect(screen.getByRole('main').contains(toast)).toBe(false);
    await user.click(screen.getByRole('button', { name: '关闭通知' }));
    expect(screen.queryByTestId('page-toast')).toBeNull();
  });
});
