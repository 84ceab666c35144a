// @vitest-environment jsdom
import '../ui/test-setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../auth/auth-context';
import { SocketProvider } from '../data/socket-provider';
import { fakeApi, renderForm, wireError, words, type FakeAnswer } from '../forms/form-test-kit';
import { errorMessage } from '../lib/error-messages';
import { UploadPage } from './upload-page';

// The upload page's form (a file picked is sent with tus) against a fake API: `fetch` answers the
// session and the list of uploads (form-test-kit), and a fake tus endpoint behind XMLHttpRequest
// answers the upload itself (create, then PATCH the bytes), refusing a file as the server does
// with the wire's error body. The page, its hooks and tus-js-client run for real.

// In the browser the bundler takes tus-js-client's `browser` build (XMLHttpRequest, Blob slices);
// vitest would load its Node build (node:http, fs streams), which cannot send a jsdom File. The
// test points the import at the browser build the app ships; nothing of it is replaced.
// (The deep path has no types of its own: it is the same API as the package's.)
vi.mock('tus-js-client', async () => (await import('tus-js-client/lib.esm/browser/index.js' as string)) as typeof import('tus-js-client'));

const AT = '2026-01-01T00:00:00.000Z';
const HOST = { id: 'h1', username: 'host', displayName: 'Host', role: 'host' };

/** One request the fake tus endpoint received. */
interface TusRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyBytes: number;
}

/** What the fake tus endpoint answers at creation: accept, or refuse with a status and the wire's error body. */
type CreateAnswer = 'accept' | FakeAnswer;

/**
 * Replaces XMLHttpRequest with a tus endpoint at /api/uploads: POST creates an upload (or answers
 * `create`'s refusal), PATCH stores its bytes and, once all are in, answers 200 with `{ asset }`
 * as the server does. Returns the requests received. Undo with vi.unstubAllGlobals().
 */
function fakeTus(create: CreateAnswer = 'accept'): TusRequest[] {
  const received: TusRequest[] = [];
  const uploads = new Map<string, { length: number; offset: number; filename: string }>();
  let next = 0;
  class FakeXhr {
    status = 0;
    responseText = '';
    readonly upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    private method = '';
    private url = '';
    private readonly headers: Record<string, string> = {};
    private answerHeaders: Record<string, string> = {};
    private aborted = false;
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }
    getResponseHeader(name: string): string | null {
      return this.answerHeaders[name.toLowerCase()] ?? null;
    }
    getAllResponseHeaders(): string {
      return Object.entries(this.answerHeaders)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
    }
    abort() {
      this.aborted = true;
    }
    send(body: Blob | null) {
      const bodyBytes = body?.size ?? 0;
      received.push({ method: this.method, url: new URL(this.url, window.location.href).pathname, headers: { ...this.headers }, bodyBytes });
      setTimeout(() => {
        if (this.aborted) return;
        this.answer(bodyBytes);
        this.onload?.();
      }, 0);
    }
    private reply(status: number, headers: Record<string, string> = {}, body = '') {
      this.status = status;
      this.answerHeaders = { 'tus-resumable': '1.0.0', ...headers };
      this.responseText = body;
    }
    private answer(bodyBytes: number) {
      const path = new URL(this.url, window.location.href).pathname;
      if (this.method === 'POST' && path === '/api/uploads') {
        if (create !== 'accept') return this.reply(create.status, { 'content-type': 'application/json' }, JSON.stringify(create.body));
        next += 1;
        const id = `up${next}`;
        const meta = Object.fromEntries((this.headers['upload-metadata'] ?? '').split(',').map((pair) => pair.trim().split(' ') as [string, string?]).map(([k, v]) => [k, v ? atob(v) : '']));
        uploads.set(id, { length: Number(this.headers['upload-length']), offset: 0, filename: meta.filename ?? id });
        return this.reply(201, { location: `/api/uploads/${id}` });
      }
      const upload = uploads.get(path.replace('/api/uploads/', ''));
      if (this.method === 'PATCH' && upload) {
        upload.offset += bodyBytes;
        this.upload.onprogress?.({ lengthComputable: true, loaded: bodyBytes });
        if (upload.offset < upload.length) return this.reply(204, { 'upload-offset': String(upload.offset) });
        const id = path.replace('/api/uploads/', '');
        const asset = { id, kind: 'video', ownerId: HOST.id, filename: upload.filename, sizeBytes: upload.length, status: 'processing', progress: 0, durationSeconds: null, width: null, height: null, hls: null, files: null, error: null, createdAt: AT, updatedAt: AT };
        return this.reply(200, { 'upload-offset': String(upload.offset), 'content-type': 'application/json' }, JSON.stringify({ asset }));
      }
      return this.reply(404, { 'content-type': 'application/json' }, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not found' } }));
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return received;
}

/** The page signed in as `user` (null: signed out), with an empty list of uploads. */
function renderPage(user: typeof HOST | null = HOST) {
  const sent = fakeApi((r) => {
    if (r.path === '/api/auth/me') return { status: 200, body: { user } };
    if (r.path === '/api/assets') return { status: 200, body: [] };
    return undefined;
  });
  const view = renderForm(
    // The socket (transcode progress pushes) never opens here: the test is about the form.
    <SocketProvider factory={() => new Promise(() => undefined)}>
      <AuthProvider>
        <UploadPage />
      </AuthProvider>
    </SocketProvider>,
  );
  return { ...view, sent };
}

const clip = (bytes = 4096, type = 'video/mp4', name = 'opening.mp4') => new File([new Uint8Array(bytes)], name, { type });

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('UploadPage: sending a video', () => {
  it('sends the picked file with tus (name and type in the metadata), shows the progress and then the new upload, processing', async () => {
    const tus = fakeTus();
    const { user } = renderPage();
    const input = await screen.findByTestId<HTMLInputElement>('upload-input');
    expect(screen.getByText(words('upload.none'))).toBeTruthy();
    await user.upload(input, clip());

    const status = await screen.findByTestId('asset-status');
    expect(status.getAttribute('data-status')).toBe('processing');
    expect(screen.getByRole('heading', { name: 'opening.mp4' })).toBeTruthy();
    expect(screen.getByTestId<HTMLProgressElement>('upload-progress').value).toBe(100);
    // Listed under the viewer's uploads, selected.
    const mine = screen.getByRole('region', { name: words('upload.myUploads') });
    expect(within(mine).getByRole('button', { name: /opening\.mp4/, pressed: true })).toBeTruthy();

    expect(tus.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/uploads', 'PATCH /api/uploads/up1']);
    expect(tus[0]!.headers['upload-length']).toBe('4096');
    expect(tus[0]!.headers['upload-metadata']).toContain(`filename ${btoa('opening.mp4')}`);
    expect(tus[0]!.headers['upload-metadata']).toContain(`filetype ${btoa('video/mp4')}`);
    expect(tus[1]!.bodyBytes).toBe(4096);
    // Nothing is remembered as unfinished once the upload has succeeded.
    await user.click(screen.getByRole('button', { name: words('upload.another') }));
    await waitFor(() => expect(screen.queryByTestId('upload-progress')).toBeNull());
    expect(screen.queryByTestId('upload-unfinished')).toBeNull();
  });

  it('shows the server refusal of a file that is not media in words, with its code, and lets another file be picked', async () => {
    const tus = fakeTus(wireError(415, 'NOT_MEDIA', 'Only video, image, GLB model and audio files can be uploaded'));
    const { user } = renderPage();
    const input = await screen.findByTestId<HTMLInputElement>('upload-input');
    await user.upload(input, clip(64, 'video/mp4', 'notes.mp4'));

    const alert = await screen.findByTestId('upload-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.getAttribute('data-code')).toBe('NOT_MEDIA');
    expect(alert.textContent).toBe(words(errorMessage('NOT_MEDIA').key));
    expect(document.body.textContent).not.toContain('Only video, image');
    // Refused at creation: no byte was sent, and nothing joins the list.
    expect(tus.map((r) => r.method)).toEqual(['POST']);
    expect(screen.getByText(words('upload.none'))).toBeTruthy();
    expect(screen.queryByTestId('upload-resume')).toBeNull();

    await user.click(screen.getByRole('button', { name: words('upload.another') }));
    await waitFor(() => expect(screen.queryByTestId('upload-error')).toBeNull());
    expect(input.disabled).toBe(false);
  });

  it('shows a too-large refusal in words', async () => {
    fakeTus(wireError(413, 'MEDIA_TOO_LARGE', 'The file is larger than 8589934592 bytes', { sizeBytes: 9e9, maxBytes: 8589934592 }));
    const { user } = renderPage();
    await user.upload(await screen.findByTestId('upload-input'), clip(128, 'video/mp4', 'huge.mp4'));
    const alert = await screen.findByTestId('upload-error');
    expect(alert.getAttribute('data-code')).toBe('MEDIA_TOO_LARGE');
    expect(alert.textContent).toBe(words(errorMessage('MEDIA_TOO_LARGE', { sizeBytes: 9e9, maxBytes: 8589934592 }).key));
  });
});

describe('UploadPage: who may upload', () => {
  it('tells a viewer that only hosts and admins upload, with no file picker', async () => {
    const tus = fakeTus();
    renderPage({ ...HOST, id: 'v1', username: 'viewer', role: 'viewer' });
    expect((await screen.findByTestId('upload-forbidden')).textContent).toContain(words('upload.notAllowed'));
    expect(screen.queryByTestId('upload-input')).toBeNull();
    expect(tus).toEqual([]);
  });

  it('asks a signed-out visitor to sign in first', async () => {
    renderPage(null);
    expect((await screen.findByTestId('upload-forbidden')).textContent).toContain(words('upload.signInFirst'));
    expect(screen.queryByTestId('upload-input')).toBeNull();
  });
});
