import { ExhibitionLayout } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, historyReducer, initialHistory, type LayoutHistory } from './layout-history';

const layout = (lighting: ExhibitionLayout['lighting']) => ExhibitionLayout.parse({ templateId: 'white-cube', lighting });
const [a, b, c, d] = [layout('gallery-neutral'), layout('warm'), layout('daylight'), layout('evening')] as const;
const edit = (h: LayoutHistory, l: ExhibitionLayout, mergeKey?: string) => historyReducer(h, { type: 'edit', layout: l, ...(mergeKey ? { mergeKey } : {}) });

describe('layout history', () => {
  it('undoes and redoes edits in order', () => {
    let h = edit(edit(initialHistory(a), b), c);
    expect(h.present).toBe(c);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(b);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(a);
    expect(canUndo(h)).toBe(false);
    h = historyReducer(h, { type: 'redo' });
    expect(h.present).toBe(b);
    expect(canRedo(h)).toBe(true);
  });

  it('drops the redo branch when a new edit follows an undo', () => {
    let h = edit(edit(initialHistory(a), b), c);
    h = historyReducer(h, { type: 'undo' });
    h = edit(h, d);
    expect(h.present).toBe(d);
    expect(canRedo(h)).toBe(false);
    expect(historyReducer(h, { type: 'undo' }).present).toBe(b);
  });

  it('ignores undo and redo with nothing to go to', () => {
    const h = initialHistory(a);
    expect(historyReducer(h, { type: 'undo' })).toBe(h);
    expect(historyReducer(h, { type: 'redo' })).toBe(h);
  });

  it('coalesces edits of one gesture into one step until sealed', () => {
    let h = edit(initialHistory(a), b, 'drag:p-1');
    h = edit(h, c, 'drag:p-1');
    expect(h.past).toEqual([a]);
    h = historyReducer(h, { type: 'seal' });
    h = edit(h, d, 'drag:p-1');
    expect(h.past).toEqual([a, c]);
    expect(historyReducer(h, { type: 'undo' }).present).toBe(c);
  });

  it('starts over on reset', () => {
    const h = historyReducer(edit(initialHistory(a), b), { type: 'reset', layout: c });
    expect(h).toEqual(initialHistory(c));
  });
});
