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

  it('describes each option by its line in the list, not on the button, and takes a form field\'s wiring', async () => {
    const user = userEvent.setup();
    function Field() {
      const [value, setValue] = useState<'mean' | 'trimmed'>('mean');
      return (
        <>
          <label htmlFor="aggregation">Aggregation</label>
          <Select
            label="Aggregation"
            value={value}
            onValueChange={setValue}
            control={{ id: 'aggregation', 'aria-describedby': 'aggregation-error', 'aria-invalid': true, 'data-testid': 'aggregation' }}
            options={[
              { value: 'mean', label: 'Mean', description: 'Every judge counts the same.' },
              { value: 'trimmed', label: 'Trimmed mean', description: 'The highest and lowest scores are left out.' },
            ]}
          />
          <p id="aggregation-error">Choose one.</p>
        </>
      );
    }
    render(<Field />);
    const box = screen.getByLabelText('Aggregation', { selector: 'button' });
    expect(box.getAttribute('data-testid')).toBe('aggregation');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe('aggregation-error');
    expect(box.textContent).toContain('Mean');
    expect(box.textContent).not.toContain('Every judge');
    await user.click(box);
    const trimmed = screen.getByRole('option', { name: 'Trimmed mean' });
    expect(document.getElementById(trimmed.getAttribute('aria-describedby') ?? '')?.textContent).toBe('The highest and lowest scores are left out.');
    await user.click(trimmed);
    expect(box.textContent).toContain('Trimmed mean');
    expect(box.textContent).not.toContain('left out');
  });
});
