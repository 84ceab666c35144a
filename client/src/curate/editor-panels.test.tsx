// @vitest-environment jsdom
import '../ui/test-setup';
import type { Exhibition } from '@yunzhan/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words, type FakeAnswer, type SentRequest } from '../forms/form-test-kit';
import { EditorToast } from './editor-toast';
import { PlacementInspector } from './placement-inspector';
import { TourEditor } from './tour-editor';
import { useLayoutEditor } from './use-layout-editor';

// The curator's editor panels (the selected work's inspector and the guided tour) are live forms:
// every edit goes through the layout editor, is checked with the shared layout schema and rules,
// and is autosaved (PUT …/draft) after a short pause. Here they run with the real layout editor
// against a fake API; the 3D view is left out.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const AT = '2026-01-01T00:00:00.000Z';
const exhibition: Exhibition = {
  id: 'spring-hall',
  title: { 'zh-CN': '春之厅', en: 'Spring hall' },
  summary: { 'zh-CN': '春天的作品', en: '' },
  ownerId: 'u1',
  status: 'draft',
  draft: {
    templateId: 'white-cube',
    lighting: 'gallery-neutral',
    placements: [
      {
        id: 'p-1',
        workId: 'wk_aaaaaaaa',
        label: 'right',
        spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
        mount: 'wall',
        wallId: 'partition',
        side: 'front',
        u: 3,
        v: 1.5,
        width: 0.8,
        height: 0.6,
        rotationDeg: 0,
      },
    ],
    tour: [],
  },
  revision: 4,
  published: null,
  review: null,
  createdAt: AT,
  updatedAt: AT,
  publishedAt: null,
};

/** The two panels and the editor's notices, on one layout editor, as the editor page wires them. */
function Panels() {
  const editor = useLayoutEditor(exhibition);
  const placement = editor.layout.placements[0]!;
  return (
    <>
      <PlacementInspector
        placement={placement}
        title="山水"
        problems={editor.problems.filter((p) => p.placementId === placement.id)}
        disabled={editor.readOnly}
        run={editor.run}
        seal={editor.seal}
        onRemoved={() => undefined}
      />
      <TourEditor tour={editor.layout.tour} titleOf={() => '山水'} selectedId={placement.id} disabled={editor.readOnly} run={editor.run} seal={editor.seal} />
      <EditorToast notice={editor.notice} />
      <output data-testid="save-state">{editor.saveState}</output>
    </>
  );
}

/** The saved exhibition the server answers a PUT with. */
const saved = (r: SentRequest): FakeAnswer => {
  const body = r.body as { baseRevision: number; layout: Exhibition['draft'] };
  return { status: 200, body: { ...exhibition, draft: body.layout, revision: body.baseRevision + 1 } };
};

function renderPanels(answer: (request: SentRequest) => FakeAnswer) {
  const sent = fakeApi((r) => (r.method === 'PUT' && r.path === '/api/exhibitions/spring-hall/draft' ? answer(r) : undefined));
  return { ...renderForm(<Panels />), saves: () => sent.filter((r) => r.method === 'PUT') };
}

/** Autosave waits a second after the last change. */
const SAVED_WITHIN = { timeout: 4000 };

describe("the curator's editor panels", () => {
  it('saves a width typed in the inspector with the revision it was based on', async () => {
    const { saves } = renderPanels(saved);
    fireEvent.change(screen.getByTestId('inspector-width'), { target: { value: '1.2' } });
    await waitFor(() => expect(saves()).toHaveLength(1), SAVED_WITHIN);
    const body = saves()[0]!.body as { baseRevision: number; layout: Exhibition['draft'] };
    expect(body.baseRevision).toBe(4);
    expect(body.layout.placements[0]).toMatchObject({ id: 'p-1', width: 1.2, height: 0.6 });
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toBe('saved'));
  });

  it('adds the selected work to the tour with its title as narration; a blank narration is marked and not saved', async () => {
    const { user, saves } = renderPanels(saved);
    await user.click(screen.getByTestId('tour-add'));
    const stop = screen.getByTestId('tour-stop');
    const zh = within(stop).getByTestId<HTMLTextAreaElement>('tour-narration-zh');
    expect(zh.value).toBe('山水');
    await waitFor(() => expect(saves()).toHaveLength(1), SAVED_WITHIN);
    expect((saves()[0]!.body as { layout: Exhibition['draft'] }).layout.tour).toEqual([{ placementId: 'p-1', narration: { 'zh-CN': '山水', en: '' } }]);

    await user.clear(zh);
    const problem = await screen.findByTestId('placement-problem');
    expect(problem.getAttribute('data-code')).toBe('PLACEMENT_INVALID');
    expect(problem.textContent).toContain(words('error.PLACEMENT_INVALID'));
    // The autosave holds the layout back while it breaks the shared schema.
    expect(screen.getByTestId('save-state').textContent).toBe('invalid');
    expect(saves()).toHaveLength(1);
  });

  it("shows the server's refusal of a save as an error toast with its code", async () => {
    renderPanels(() => wireError(400, 'PLACEMENT_OVERLAP', 'p-1 overlaps p-2'));
    fireEvent.change(screen.getByTestId('inspector-u'), { target: { value: '2.5' } });
    const toast = await screen.findByTestId('editor-toast', undefined, SAVED_WITHIN);
    expect(toast.getAttribute('data-code')).toBe('PLACEMENT_OVERLAP');
    expect(toast.textContent).toContain(words('error.PLACEMENT_OVERLAP'));
  });
});
