// @vitest-environment jsdom
import '../ui/test-setup';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PHONE_NAV_QUERY, PhoneNavMenu } from './phone-nav-menu';

// The header's phone menu: a stand-in button until the first tap or key fetches the real menu,
// which then opens at once, with the same name and items; nothing at all on a wide screen.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A window whose width matches the phone query or not (jsdom has no matchMedia). */
function screenIs(narrow: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: narrow && query === PHONE_NAV_QUERY,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
}

function renderMenu(onSelect = vi.fn()) {
  render(<PhoneNavMenu label="Menu" icon="☰ Menu" triggerTestId="nav-menu" testId="nav-menu-list" items={[{ label: 'Lobby', onSelect }, { label: 'Awards', onSelect }]} />);
  return onSelect;
}

describe('PhoneNavMenu', () => {
  it('opens with the first tap, before its code was fetched, and gives the focus back on Escape', async () => {
    screenIs(true);
    const user = userEvent.setup();
    const onSelect = renderMenu();
    const button = screen.getByRole('button', { name: 'Menu' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    await user.click(button);
    const menu = await screen.findByRole('menu');
    expect(screen.getAllByRole('menuitem').map((el) => el.textContent)).toEqual(['Lobby', 'Awards']);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(menu.isConnected).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Menu' })));
    // The real menu from now on: it opens and an item runs.
    await user.click(screen.getByRole('button', { name: 'Menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Awards' }));
    expect(onSelect).toHaveBeenCalledTimes(1);
  });

  it('opens from the keyboard (ArrowDown) on the stand-in', async () => {
    screenIs(true);
    const user = userEvent.setup();
    renderMenu();
    screen.getByRole('button', { name: 'Menu' }).focus();
    await user.keyboard('{ArrowDown}');
    expect(await screen.findByRole('menu')).toBeTruthy();
  });

  it('renders nothing on a wide screen', () => {
    screenIs(false);
    renderMenu();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('follows the header where it says whether the links fit (shown), and shown again it stays closed until the next tap', async () => {
    screenIs(false);
    const user = userEvent.setup();
    const menu = (shown: boolean) => <PhoneNavMenu shown={shown} label="Menu" items={[{ label: 'Lobby', onSelect: vi.fn() }]} />;
    const { rerender } = render(menu(true));
    await user.click(screen.getByRole('button', { name: 'Menu' }));
    expect(await screen.findByRole('menuitem', { name: 'Lobby' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    // The links fit for a while (even on a narrow screen: shown wins over the media query), then do not.
    screenIs(true);
    rerender(menu(false));
    expect(screen.queryByRole('button')).toBeNull();
    rerender(menu(true));
    expect(screen.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Menu' }));
    expect(await screen.findByRole('menuitem', { name: 'Lobby' })).toBeTruthy();
  });
});
