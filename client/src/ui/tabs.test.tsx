// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Tabs } from './tabs';

afterEach(cleanup);

const ITEMS = [
  { value: 'queue', label: 'Queue', content: <p>Held messages</p>, testId: 'tab-queue' },
  { value: 'settings', label: 'Settings', content: <p>Slow mode</p> },
  { value: 'log', label: 'Log', content: <p>Past actions</p> },
] as const;

function Controlled() {
  const [tab, setTab] = useState<'queue' | 'settings' | 'log'>('queue');
  return (
    <>
      <Tabs label="Moderation sections" items={ITEMS} value={tab} onValueChange={setTab} />
      <output data-testid="chosen">{tab}</output>
    </>
  );
}

describe('Tabs', () => {
  it('names the tab list and links the selected tab to its panel', () => {
    render(<Controlled />);
    expect(screen.getByRole('tablist', { name: 'Moderation sections' })).toBeTruthy();
    const tab = screen.getByRole('tab', { name: 'Queue' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(tab.getAttribute('data-testid')).toBe('tab-queue');
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tab.id);
    expect(panel.textContent).toBe('Held messages');
  });

  it('moves and selects with the arrow keys, wrapping, and Home/End', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Queue' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('Slow mode');
    expect(screen.getByTestId('chosen').textContent).toBe('settings');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Queue' }));
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Log' }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Home}');
    expect(screen.getByRole('tabpanel').textContent).toBe('Held messages');
    await user.keyboard('{End}');
    expect(screen.getByRole('tabpanel').textContent).toBe('Past actions');
  });

  it('is one tab stop: Tab from the selected tab goes into the panel, not to the next tab', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('tabpanel'));
  });

  it('selects by click', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    await user.click(screen.getByRole('tab', { name: 'Log' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('Past actions');
  });
});
