// @vitest-environment jsdom
import type { ExhibitionView } from '@yunzhan/shared';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { HallWorkList } from './hall-work-list';

beforeEach(() => window.localStorage.setItem('yunzhan.locale', 'en'));
afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const work = (id: string, en: string, creator: string) => ({
  id,
  blind: false,
  metadata: { title: { 'zh-CN': `${en}（中）`, en }, creator, date: '2026' },
});
// Only what the list reads of a view: the works and the placements, in hanging order (the
// second placement's work is missing from the view and is left out).
const view = {
  works: [work('wk_a', 'Morning light', 'Ann'), work('wk_b', 'Tide', 'Bob')],
  layout: {
    placements: [
      { id: 'p2', workId: 'wk_b' },
      { id: 'p9', workId: 'wk_gone' },
      { id: 'p1', workId: 'wk_a' },
    ],
  },
} as unknown as ExhibitionView;

/** The list with a stand-in panel: a focused heading while a work is open, and a close button. */
function Hall() {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <I18nProvider>
      <HallWorkList view={view} selectedId={open} onOpen={setOpen} />
      {open && (
        <aside>
          <h2 tabIndex={-1} ref={(el) => el?.focus()}>
            panel {open}
          </h2>
          <button type="button" onClick={() => setOpen(null)}>
            close
          </button>
        </aside>
      )}
    </I18nProvider>
  );
}

describe('HallWorkList', () => {
  it("lists the hall's works in hanging order, each a heading with its creator and a named button", () => {
    render(<Hall />);
    expect(screen.getByRole('heading', { level: 2, name: 'Works' })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Tide', 'Morning light']);
    expect(screen.getByText('Bob, 2026')).toBeTruthy();
    // The visible words begin the accessible name; the title says which work.
    const buttons = screen.getAllByRole('button', { name: /^View details/ });
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['View details Tide', 'View details Morning light']);
    expect(buttons.map((b) => b.textContent)).toEqual(['View details', 'View details']);
  });

  it("opens a work's panel and gives the focus back to its button when the panel closes", async () => {
    const user = userEvent.setup();
    render(<Hall />);
    const tide = screen.getByRole('button', { name: 'View details Tide' });
    tide.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'panel p2' })).toBe(document.activeElement);
    await user.click(screen.getByRole('button', { name: 'close' }));
    expect(document.activeElement).toBe(tide);
  });
});
