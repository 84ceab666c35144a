// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Tooltip } from './tooltip';

afterEach(cleanup);

describe('Tooltip', () => {
  it('shows on keyboard focus as a description of the control, and Escape hides it', async () => {
    const user = userEvent.setup();
    render(
      <Tooltip content="Send a heart to the stage">
        <button type="button">❤</button>
      </Tooltip>,
    );
    await user.tab();
    const tip = await screen.findByRole('tooltip');
    expect(tip.textContent).toBe('Send a heart to the stage');
    const button = screen.getByRole('button', { name: '❤' });
    expect(button.getAttribute('aria-describedby')).toBe(tip.id);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });
});
