import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { AppToasts } from '../app/app-toasts';
import { createQueryClient } from '../data/query-client';
import type { MessageKey } from '../i18n/dictionary';
import { I18nProvider } from '../i18n/i18n';
import { createI18n, translator } from '../i18n/instance';

// What the forms' component tests share: rendering inside the app's providers (zh-CN, the default
// language), the words a key stands for, and a fake API behind `fetch` that records every request
// and answers from a script (the network is the boundary; the components and the data layer run
// for real).

/** A request the form sent: method, path and parsed JSON body. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

/** An answer of the fake API: a status and a JSON body (204 and no body for undefined). */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/** The wire's error body `{ error: { code, message, details } }` with a status. */
export const wireError = (status: number, code: string, message: string, details?: unknown): FakeAnswer => ({ status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } });

/**
 * Replaces `fetch` with a fake API: `answer` is asked for each request (undefined: 404). Returns
 * the requests sent so far. Undo with vi.unstubAllGlobals().
 */
export function fakeApi(answer: (request: SentRequest) => FakeAnswer | undefined): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const request: SentRequest = { method: init?.method ?? 'GET', path: url.pathname + url.search, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined };
    sent.push(request);
    const reply = answer(request) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not found' } } };
    return reply.status === 204 || reply.body === undefined ? new Response(null, { status: reply.status === 200 ? 204 : reply.status }) : new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

/**
 * Renders `ui` inside the app's query client (a fresh one unless `queryClient` is given), the i18n
 * provider, the app's notifications region (toasts) and a router; returns Testing Library's
 * result, a user-event user and the query client.
 */
export function renderForm(
  ui: ReactElement,
  { route = '/', queryClient = createQueryClient() }: { route?: string; queryClient?: QueryClient } = {},
): RenderResult & { user: ReturnType<typeof userEvent.setup>; queryClient: QueryClient } {
  const user = userEvent.setup();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AppToasts>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </AppToasts>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { ...result, user, queryClient };
}

const zh = translator(createI18n('zh-CN'), 'zh-CN') as (key: MessageKey, params?: Record<string, string | number>) => string;

/** The zh-CN words for a key (what the form shows in the default language). */
export function words(key: MessageKey, params?: Record<string, string | number>): string {
  return zh(key, params);
}
