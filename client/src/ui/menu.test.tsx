// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Menu } from './menu';

afterEach(cleanup);

function Harness({ chosen, inline = false }: { chosen: string[]; inline?: boolean }) {
  return (
    <div data-testid="host">
      <button type="button">Outside</button>
      <Menu
        label="More actions for Li"
        inline={inline}
        testId="the-menu"
        items={[
          { label: 'Reply', onSelect: () => chosen.push('reply') },
          { label: 'Report', onSelect: () => chosen.push('report'), testId: 'report' },
          { label: 'Ban', onSelect: () => chosen.push('ban'), danger: true },
        ]}
      />
    </div>
  );
}

describe('Menu', () => {
  it('has a named trigger that opens the menu by keyboard and focuses the first item', async () => {
    const user = userEvent.setup();
    render(<Harness chosen={[]} />);
    const trigger = screen.getByRole('button', { name: 'More actions for Li' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    await user.tab(); // the button before it
    await user.tab();
    expect(document.activeElement).toBe(trigger);
    await user.keyboard('{Enter}');
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Reply' }));
  });

  it('moves with the arrow keys and runs the item chosen with Enter, then returns focus', async () => {
    const user = userEvent.setup();
    const chosen: string[] = [];
    render(<Harness chosen={chosen} />);
    const trigger = screen.getByRole('button', { name: 'More actions for Li' });
    trigger.focus();
    await user.keyboard('{ArrowDown}');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Report' }));
    await user.keyboard('{Enter}');
    expect(chosen).toEqual(['report']);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('closes on Escape without running anything', async () => {
    const user = userEvent.setup();
    const chosen: string[] = [];
    render(<Harness chosen={chosen} />);
    const trigger = screen.getByRole('button', { name: 'More actions for Li' });
    trigger.focus();
    await user.keyboard(' ');
    expect(screen.getByRole('menu')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(chosen).toEqual([]);
    expect(document.activeElement).toBe(trigger);
  });

  it('leaves the rest of the page to assistive technology while open (no aria-hidden over focusable content)', async () => {
    const user = userEvent.setup();
    render(<Harness chosen={[]} />);
    await user.click(screen.getByRole('button', { name: 'More actions for Li' }));
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Outside' })).toBeTruthy();
  });

  it('inline, renders the open menu inside its own element', async () => {
    const user = userEvent.setup();
    const chosen: string[] = [];
    render(<Harness chosen={chosen} inline />);
    await user.click(screen.getByRole('button', { name: 'More actions for Li' }));
    expect(screen.getByTestId('host').contains(screen.getByTestId('the-menu'))).toBe(true);
    await user.click(screen.getByTestId('report'));
    expect(chosen).toEqual(['report']);
  });
});
