// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Drawer } from './drawer';

afterEach(cleanup);

function Harness({ titleHidden = false }: { titleHidden?: boolean }) {
  return (
    <main>
      <button type="button">elsewhere</button>
      <Drawer
        title="Moderation"
        titleHidden={titleHidden}
        closeLabel="Close moderation"
        trigger={<button type="button">Moderate</button>}
        panelProps={{ 'data-testid': 'sheet', 'data-kind': 'mod' }}
      >
        <button type="button">Approve</button>
        <button type="button">Reject</button>
      </Drawer>
    </main>
  );
}

describe('Drawer', () => {
  it('opens as a modal dialog named by its title, with the panel attributes passed through', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Moderate' }));
    const drawer = screen.getByRole('dialog', { name: 'Moderation' });
    expect(drawer.getAttribute('data-testid')).toBe('sheet');
    expect(drawer.getAttribute('data-kind')).toBe('mod');
    expect(drawer.contains(document.activeElement)).toBe(true);
    // The page behind is hidden from assistive technology while the drawer is open.
    expect(screen.queryByRole('button', { name: 'elsewhere' })).toBeNull();
  });

  it('keeps focus inside while tabbing', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Moderate' }));
    const drawer = screen.getByRole('dialog');
    const seen = new Set<Element | null>();
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(drawer.contains(document.activeElement)).toBe(true);
      seen.add(document.activeElement);
    }
    // It cycles through its three controls: close, Approve, Reject.
    expect(seen.size).toBe(3);
  });

  it('closes on Escape and returns focus to the trigger', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const trigger = screen.getByRole('button', { name: 'Moderate' });
    await user.click(trigger);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('closes from the named close button; a hidden title still names it', async () => {
    const user = userEvent.setup();
    render(<Harness titleHidden />);
    const trigger = screen.getByRole('button', { name: 'Moderate' });
    await user.click(trigger);
    expect(screen.getByRole('dialog', { name: 'Moderation' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close moderation' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });
});
