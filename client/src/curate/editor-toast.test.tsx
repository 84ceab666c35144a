// @vitest-environment jsdom
import '../ui/test-setup';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppToasts } from '../app/app-toasts';
import { I18nProvider } from '../i18n/i18n';
import { EditorToast } from './editor-toast';
import type { EditorNotice } from './use-layout-editor';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const overlap = (seq: number): EditorNotice => ({ code: 'PLACEMENT_OVERLAP', message: 'p2 overlaps p1', seq });

function Editor({ notice }: { notice: EditorNotice | null }) {
  return (
    <StrictMode>
      <I18nProvider>
        <AppToasts>
          <EditorToast notice={notice} />
        </AppToasts>
      </I18nProvider>
    </StrictMode>
  );
}

/** The toasts on screen (the editor-toast test id), in order. */
const toasts = () => screen.queryAllByTestId('editor-toast');

describe('EditorToast', () => {
  it("shows a refusal as an error toast in the app's notifications region, announced assertively", () => {
    // Fake timers: Radix writes the announcement two frames later and removes it after a second.
    vi.useFakeTimers();
    render(<Editor notice={overlap(1)} />);
    const region = screen.getByRole('region', { name: /通知/ });
    expect(toasts()).toHaveLength(1);
    expect(region.contains(toasts()[0]!)).toBe(true);
    expect(toasts()[0]!.getAttribute('data-code')).toBe('PLACEMENT_OVERLAP');
    expect(toasts()[0]!.textContent).toContain('作品位置重叠。');
    expect(toasts()[0]!.textContent).toContain('p2 overlaps p1');
    act(() => {
      vi.advanceTimersByTime(100);
    });
    const status = screen.getAllByRole('status').find((el) => el.textContent?.includes('作品位置重叠。'));
    expect(status?.getAttribute('aria-live')).toBe('assertive');
  });

  it('shows each notice once (StrictMode included), and the same refusal again when it happens again', () => {
    const { rerender } = render(<Editor notice={overlap(1)} />);
    expect(toasts()).toHaveLength(1);
    rerender(<Editor notice={overlap(1)} />);
    expect(toasts()).toHaveLength(1);
    rerender(<Editor notice={overlap(2)} />);
    expect(toasts()).toHaveLength(2);
  });

  it('shows nothing without a notice', () => {
    render(<Editor notice={null} />);
    expect(toasts()).toHaveLength(0);
  });
});
