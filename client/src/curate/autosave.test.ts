import { ExhibitionLayout } from '@yunzhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveScheduler, type SaveOutcome, type SaveRequest, type SaveState } from './autosave';

const layout = (n: number) => ExhibitionLayout.parse({ templateId: 'white-cube', tour: [], placements: [], lighting: n % 2 ? 'warm' : 'daylight' });

/** A save whose answer the test gives when it likes. */
function controlledSave() {
  const calls: { request: SaveRequest; answer: (o: SaveOutcome) => void }[] = [];
  const save = (request: SaveRequest) => new Promise<SaveOutcome>((answer) => calls.push({ request, answer }));
  return { calls, save };
}

describe('autosave scheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after the quiet time, however many changes came before', async () => {
    const { calls, save } = controlledSave();
    const states: SaveState[] = [];
    const s = new AutosaveScheduler({ save, revision: 3, onState: (st) => states.push(st) });
    s.change(layout(1));
    vi.advanceTimersByTime(600);
    s.change(layout(2));
    vi.advanceTimersByTime(999);
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(calls.map((c) => c.request)).toEqual([{ layout: layout(2), baseRevision: 3 }]);
    calls[0]!.answer({ ok: true, revision: 4 });
    await vi.runAllTimersAsync();
    expect(states).toEqual(['pending', 'saving', 'saved']);
    expect(s.baseRevision).toBe(4);
  });

  it('queues changes made during a save and sends them on the new revision', async () => {
    const { calls, save } = controlledSave();
    const s = new AutosaveScheduler({ save, revision: 0, delayMs: 100 });
    s.change(layout(1));
    vi.advanceTimersByTime(100);
    s.change(layout(2));
    vi.advanceTimersByTime(100);
    // Still one request: the second waits for the first.
    expect(calls).toHaveLength(1);
    calls[0]!.answer({ ok: true, revision: 1 });
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.request).toEqual({ layout: layout(2), baseRevision: 1 });
    expect(s.current).toBe('saving');
    calls[1]!.answer({ ok: true, revision: 2 });
    await vi.runAllTimersAsync();
    expect(s.current).toBe('saved');
  });

  it('stops at a conflict until reset, then saves on the reloaded revision', async () => {
    const { calls, save } = controlledSave();
    const s = new AutosaveScheduler({ save, revision: 5, delayMs: 10 });
    s.change(layout(1));
    vi.advanceTimersByTime(10);
    calls[0]!.answer({ ok: false, conflict: true, error: new Error('409') });
    await vi.runAllTimersAsync();
    expect(s.current).toBe('conflict');
    s.change(layout(2));
    vi.advanceTimersByTime(100);
    expect(calls).toHaveLength(1);
    s.reset(7);
    s.change(layout(3));
    vi.advanceTimersByTime(10);
    expect(calls[1]!.request.baseRevision).toBe(7);
  });

  it('keeps a failed layout and retries it on flush', async () => {
    const { calls, save } = controlledSave();
    const s = new AutosaveScheduler({ save, revision: 0, delayMs: 10 });
    s.change(layout(1));
    vi.advanceTimersByTime(10);
    calls[0]!.answer({ ok: false, conflict: false, error: new Error('offline') });
    await vi.runAllTimersAsync();
    expect(s.current).toBe('error');
    s.flush();
    expect(calls[1]!.request).toEqual({ layout: layout(1), baseRevision: 0 });
  });

  it('does not send a layout that breaks a rule', async () => {
    const { calls, save } = controlledSave();
    const s = new AutosaveScheduler({ save, revision: 0, delayMs: 10 });
    s.change(layout(1));
    s.invalid();
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(0);
    expect(s.current).toBe('invalid');
  });
});
