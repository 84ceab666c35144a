// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchJobs } from '../admin/jobs-api';
import { ClientError } from '../lib/client-error';
import { errorMessage } from '../lib/error-messages';
import { useCreateWork } from '../works/use-work-mutations';
import { fetchWorks } from '../works/works-api';
import { DataProvider } from './data-provider';
import { createQueryClient, shouldRetryQuery } from './query-client';
import { queryKeys } from './query-keys';

// The data layer in a browser-like DOM: TanStack Query with the app's QueryClient, the real API
// functions and response schemas; only the network (window.fetch) is played by the test.

afterEach(cleanup);

/** The answers the test server gives, by method and path; every request is recorded. */
let routes: Record<string, () => Response>;
let requests: string[];
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  requests = [];
  routes = {};
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${input}`;
    requests.push(key);
    const route = routes[key];
    return route ? route() : json({ error: { code: 'NOT_FOUND', message: key } }, 404);
  });
  return () => vi.unstubAllGlobals();
});

const job = {
  id: 'j1',
  type: 'vod-hls',
  payload: {},
  state: 'active',
  progress: 40,
  attempts: 1,
  maxAttempts: 5,
  error: null,
  result: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
};

/** A page's error UI in miniature: the message key of the error's code, and the code itself. */
function JobsProbe() {
  const query = useQuery({ queryKey: queryKeys.jobs.list(100), queryFn: () => fetchJobs(100) });
  if (query.error) {
    const code = query.error instanceof ClientError ? query.error.code : 'INTERNAL';
    return (
      <p role="alert" data-code={code}>
        {errorMessage(code).key}
      </p>
    );
  }
  return <p>{query.data ? `${query.data.length} jobs` : 'loading'}</p>;
}

describe('responses are parsed with their shared schema', () => {
  it('shows a job list whose answer matches the schema', async () => {
    routes['GET /api/jobs?limit=100'] = () => json([job]);
    render(
      <DataProvider>
        <JobsProbe />
      </DataProvider>,
    );
    expect(await screen.findByText('1 jobs')).toBeTruthy();
  });

  it('surfaces an answer that does not match as BAD_RESPONSE, logged with the URL and the issues, and does not retry it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // `progress` as a string: the shape the client would otherwise have trusted.
    routes['GET /api/jobs?limit=100'] = () => json([{ ...job, progress: '40' }]);
    render(
      <DataProvider>
        <JobsProbe />
      </DataProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.code).toBe('BAD_RESPONSE');
    expect(alert.textContent).toBe('error.BAD_RESPONSE');
    expect(requests).toEqual(['GET /api/jobs?limit=100']);
    const [message, issues] = logged.mock.calls.find((c) => String(c[0]).startsWith('BAD_RESPONSE'))!;
    expect(message).toContain('/api/jobs?limit=100');
    expect(issues).toEqual([expect.objectContaining({ path: '0.progress' })]);
    logged.mockRestore();
  });

  it('keeps the wire error of a refusal: its code, message and status', async () => {
    routes['GET /api/works'] = () => json({ error: { code: 'FORBIDDEN', message: 'curators only' } }, 403);
    const error = await fetchWorks().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'curators only', status: 403 });
  });
});

describe('the query client retries only what may succeed the second time', () => {
  it('retries network failures, timeouts and 5xx, never a 4xx or a bad answer, and at most twice', () => {
    expect(shouldRetryQuery(0, new ClientError('NETWORK', 'offline'))).toBe(true);
    expect(shouldRetryQuery(0, new ClientError('TIMEOUT', 'slow'))).toBe(true);
    expect(shouldRetryQuery(1, new ClientError('INTERNAL', 'boom', undefined, 503))).toBe(true);
    expect(shouldRetryQuery(2, new ClientError('INTERNAL', 'boom', undefined, 503))).toBe(false);
    expect(shouldRetryQuery(0, new ClientError('NOT_FOUND', 'gone', undefined, 404))).toBe(false);
    expect(shouldRetryQuery(0, new ClientError('VALIDATION_FAILED', 'bad', undefined, 400))).toBe(false);
    expect(shouldRetryQuery(0, new ClientError('BAD_RESPONSE', 'shape'))).toBe(false);
  });

  it('does not retry mutations', () => {
    expect(createQueryClient().getDefaultOptions().mutations?.retry).toBe(false);
  });
});

const work = (id: string) => ({
  id: `wk_${id}xxxxxx`,
  catalogueNumber: `YZ-2026-00000${id.slice(-1)}`,
  ownerId: 'u1',
  assetId: 'a1',
  audioGuideAssetId: null,
  audioGuide: null,
  media: {},
  kind: 'image',
  status: 'ready',
  metadata: {
    title: { 'zh-CN': id, en: id },
    creator: 'Artist',
    date: '2026',
    rights: { holder: 'Artist', licence: 'cc-by', credit: '' },
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function Library() {
  const list = useQuery({ queryKey: queryKeys.works.list(), queryFn: () => fetchWorks() });
  const create = useCreateWork();
  return (
    <>
      <p data-testid="count">{list.data ? String(list.data.length) : 'loading'}</p>
      <button
        type="button"
        onClick={() =>
          void create.mutate({
            assetId: 'a1',
            kind: 'image',
            audioGuideAssetId: null,
            metadata: { title: { 'zh-CN': 'w2', en: 'w2' }, creator: 'Artist', date: '2026', rights: { holder: 'Artist', licence: 'cc-by', credit: '' } },
          })
        }
      >
        add
      </button>
    </>
  );
}

describe('mutations invalidate the lists they change', () => {
  it('reads the works list again after a work is created', async () => {
    const { Work } = await import('@yunzhan/shared');
    // The fixtures must be works as the server sends them, or this test proves nothing.
    expect(Work.safeParse(work('w1')).success).toBe(true);
    let stored = [work('w1')];
    routes['GET /api/works'] = () => json(stored);
    routes['POST /api/works'] = () => {
      stored = [work('w2'), ...stored];
      return json(work('w2'), 201);
    };
    render(
      <DataProvider>
        <Library />
      </DataProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('1'));
    screen.getByRole('button', { name: 'add' }).click();
    await waitFor(() => expect(screen.getByTestId('count').textContent).toBe('2'));
    expect(requests).toEqual(['GET /api/works', 'POST /api/works', 'GET /api/works']);
  });
});
