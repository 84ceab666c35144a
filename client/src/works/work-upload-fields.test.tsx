// @vitest-environment jsdom
import type { Work } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words } from '../forms/form-test-kit';
import { WorkEditor } from './work-editor';

// The work form's upload parts: the file picker (its kind inferred, an unsupported file named) and
// the audio guide (kept, removed, or refused by the server). The uploads themselves (tus) are the
// end-to-end suite's; nothing here starts one.

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
  audioGuideAssetId: 'guide1',
  media: { images: [], hls: null, model: null, audio: null, width: null, height: null },
  audioGuide: null,
  ownerId: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  metadataChange: null,
};

/** Answers each PATCH with the work as changed. */
const saving = () => fakeApi((r) => (r.method === 'PATCH' ? { status: 200, body: { ...work, ...(r.body as object) } } : undefined));

describe('WorkEditor: audio guide', () => {
  it('removes the current guide on save when asked, and keeps it when the removal is undone', async () => {
    const sent = saving();
    const onSaved = vi.fn();
    const { user } = renderForm(<WorkEditor work={work} onSaved={onSaved} cancelTo="/works" />);
    expect(screen.getByTestId('work-audio-guide').textContent).toContain(words('works.audioGuide.current'));
    await user.click(screen.getByTestId('work-audio-guide-remove'));
    expect(screen.getByTestId('work-audio-guide').textContent).toContain(words('works.audioGuide.removed'));
    await user.click(screen.getByTestId('work-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect((sent[0]!.body as { audioGuideAssetId?: unknown }).audioGuideAssetId).toBeNull();

    await user.click(screen.getByRole('button', { name: words('works.audioGuide.keep') }));
    await user.click(screen.getByTestId('work-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    expect(sent[1]!.body).not.toHaveProperty('audioGuideAssetId');
  });

  it("puts the server's issue at audioGuideAssetId on the audio guide's picker", async () => {
    fakeApi(() => wireError(400, 'VALIDATION_FAILED', 'Invalid audioGuideAssetId: not an audio asset', { issues: [{ path: 'audioGuideAssetId', message: 'not an audio asset' }] }));
    const { user } = renderForm(<WorkEditor work={work} onSaved={() => undefined} cancelTo="/works" />);
    await user.click(screen.getByTestId('work-audio-guide-remove'));
    await user.click(screen.getByTestId('work-submit'));
    expect((await screen.findByTestId('work-audioGuide-error')).textContent).toBe(words('form.error.server'));
    const picker = screen.getByTestId('work-audio-guide-input');
    expect(picker.getAttribute('aria-invalid')).toBe('true');
    expect(picker.getAttribute('aria-describedby')).toBe('work-audioGuide-error');
    expect(screen.getByTestId('work-form-error').textContent).toContain(words('works.editor.fixErrors'));
    expect(document.body.textContent).not.toContain('not an audio asset');
  });
});

describe('WorkEditor: the file to add', () => {
  it('names a dropped file it cannot take, reads the kind from a picked one, and sends nothing', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<WorkEditor work={null} onSaved={() => undefined} cancelTo="/works" />);
    // Dropped, not picked: a drop is not filtered by the picker's accept list.
    fireEvent.drop(screen.getByTestId('work-drop-zone'), { dataTransfer: { files: [new File(['x'], 'notes.txt', { type: 'text/plain' })] } });
    expect(screen.getByTestId('work-file-unsupported').textContent).toBe(words('works.editor.unsupported', { name: 'notes.txt' }));
    expect(screen.queryByTestId('work-kind')).toBeNull();

    await user.upload(screen.getByTestId('work-file-input'), new File(['x'], 'vase.glb', { type: '' }));
    expect(screen.queryByTestId('work-file-unsupported')).toBeNull();
    expect(screen.getByTestId<HTMLSelectElement>('work-kind').value).toBe('model');
    expect(screen.getByTestId('work-upload-start')).toBeTruthy();
    expect(sent).toEqual([]);
  });
});
