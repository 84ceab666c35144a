// @vitest-environment jsdom
import type { Work } from '@yunzhan/shared';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words } from '../forms/form-test-kit';
import { WorkEditor } from './work-editor';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const work: Work = {
  id: 'wk_abcdef123',
  catalogueNumber: 'YZ-2026-000001',
  kind: 'image',
  metadata: {
    title: { 'zh-CN': '山水', en: 'Landscape' },
    creator: '齐白石',
    date: 'c. 1920',
    dimensions: { widthCm: 45.5, heightCm: 120 },
    rights: { holder: '北京画院', licence: 'cc-by', credit: '' },
  },
  status: 'ready',
  assetId: 'asset1',
  audioGuideAssetId: null,
  media: { images: [], hls: null, model: null, audio: null, width: null, height: null },
  audioGuide: null,
  ownerId: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  metadataChange: null,
};

const input = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);

describe('WorkEditor', () => {
  it('saves the edited metadata, parsed: texts trimmed, a comma length read as a number', async () => {
    const sent = fakeApi((r) => (r.method === 'PATCH' ? { status: 200, body: { ...work, metadata: (r.body as { metadata: Work['metadata'] }).metadata } } : undefined));
    const onSaved = vi.fn();
    const { user } = renderForm(<WorkEditor work={work} onSaved={onSaved} cancelTo="/works" />);
    await user.clear(input('work-title-en'));
    await user.type(input('work-title-en'), '  Mountains and water ');
    await user.clear(input('work-dimensions-widthCm'));
    await user.type(input('work-dimensions-widthCm'), '50,5');
    await user.click(screen.getByTestId('work-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([{ method: 'PATCH', path: '/api/works/wk_abcdef123', body: { metadata: { ...work.metadata, title: { 'zh-CN': '山水', en: 'Mountains and water' }, dimensions: { widthCm: 50.5, heightCm: 120 } } } }]);
  });

  it('marks a blank creator and a length that is not a number, focuses the first, and sends nothing', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<WorkEditor work={work} onSaved={() => undefined} cancelTo="/works" />);
    await user.clear(input('work-creator'));
    await user.clear(input('work-dimensions-heightCm'));
    await user.type(input('work-dimensions-heightCm'), '12 cm');
    await user.click(screen.getByTestId('work-submit'));
    await waitFor(() => expect(input('work-creator').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('work-creator-error').textContent).toBe(words('form.error.required'));
    expect(input('work-dimensions-heightCm').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('work-dimensions-heightCm-error').textContent).toBe(words('form.error.number'));
    expect(input('work-creator').getAttribute('aria-describedby')).toBe('work-creator-error');
    await waitFor(() => expect(document.activeElement).toBe(input('work-creator')));
    expect(screen.getByTestId('work-form-error').textContent).toContain(words('works.editor.fixErrors'));
    expect(sent).toEqual([]);
  });

  it("puts the server's issue at metadata.rights.holder on the rights holder field", async () => {
    fakeApi(() => wireError(400, 'VALIDATION_FAILED', 'Invalid metadata.rights.holder: Too long', { issues: [{ path: 'metadata.rights.holder', message: 'Too long' }] }));
    const { user } = renderForm(<WorkEditor work={work} onSaved={() => undefined} cancelTo="/works" />);
    await user.click(screen.getByTestId('work-submit'));
    expect((await screen.findByTestId('work-rights-holder-error')).textContent).toBe(words('form.error.server'));
    expect(input('work-rights-holder').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(input('work-rights-holder')));
    expect(document.body.textContent).not.toContain('Too long');
  });

  it('asks for a file first when adding a work, focusing the file picker', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<WorkEditor work={null} onSaved={() => undefined} cancelTo="/works" />);
    await user.type(input('work-title-zh-CN'), '瓶');
    await user.type(input('work-creator'), 'Anon');
    await user.type(input('work-rights-holder'), 'Museum');
    await user.click(screen.getByTestId('work-submit'));
    expect((await screen.findByTestId('work-file-error')).textContent).toBe(words('works.editor.fileRequired'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('work-file-input')));
    expect(sent).toEqual([]);
  });
});
