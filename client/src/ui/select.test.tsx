// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Select } from './select';

afterEach(cleanup);

type Speed = 'off' | 'slow' | 'fast';

function Harness() {
  const [value, setValue] = useState<Speed>('off');
  return (
    <>
      <Select
        label="Slow mode"
        value={value}
        onValueChange={setValue}
        testId="speed"
        options={[
          { value: 'off', label: 'Off' },
          { value: 'slow', label: 'Every 10 s' },
          { value: 'fast', label: 'Every 3 s' },
        ]}
      />
      <output data-testid="value">{value}</output>
    </>
  );
}

describe('Select', () => {
  it('is a named combobox showing the current choice', () => {
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Slow mode' });
    expect(box.textContent).toContain('Off');
    expect(box.getAttribute('data-testid')).toBe('speed');
  });

  it('opens with the keyboard, moves with arrows, chooses with Enter and returns focus', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Slow mode' });
    await user.tab();
    expect(document.activeElement).toBe(box);
    await user.keyboard('{Enter}');
    expect(screen.getByRole('listbox')).toBeTruthy();
    expect(box.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('value').textContent).toBe('fast');
    expect(box.textContent).toContain('Every 3 s');
    expect(document.activeElement).toBe(box);
  });

  it('closes on Escape keeping the choice', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Slow mode' });
    box.focus();
    await user.keyboard(' ');
    expect(screen.getByRole('listbox')).toBeTruthy();
    await user.keyboard('{ArrowDown}{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('value').textContent).toBe('off');
    expect(document.activeElement).toBe(box);
  });
});
