// @vitest-environment jsdom
import './test-setup';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Slider } from './slider';

afterEach(cleanup);

function Harness({ commits, disabled = false }: { commits: number[]; disabled?: boolean }) {
  const [value, setValue] = useState(100);
  return <Slider label="Spotlight intensity" value={value} onValueChange={setValue} onValueCommit={(v) => commits.push(v)} min={0} max={400} step={5} disabled={disabled} valueText={(v) => `${v} %`} testId="intensity" />;
}

describe('Slider', () => {
  it('is a named slider with its range, value and spoken value', () => {
    render(<Harness commits={[]} />);
    const slider = screen.getByRole('slider', { name: 'Spotlight intensity' });
    expect(slider.getAttribute('aria-valuemin')).toBe('0');
    expect(slider.getAttribute('aria-valuemax')).toBe('400');
    expect(slider.getAttribute('aria-valuenow')).toBe('100');
    expect(slider.getAttribute('aria-valuetext')).toBe('100 %');
    expect(slider.getAttribute('data-testid')).toBe('intensity');
  });

  it('steps with the arrow keys, jumps with Page Up and Home/End, and commits each key press', async () => {
    const user = userEvent.setup();
    const commits: number[] = [];
    render(<Harness commits={commits} />);
    const slider = screen.getByRole('slider', { name: 'Spotlight intensity' });
    await user.tab();
    expect(document.activeElement).toBe(slider);
    await user.keyboard('{ArrowRight}');
    expect(slider.getAttribute('aria-valuenow')).toBe('105');
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(slider.getAttribute('aria-valuenow')).toBe('95');
    await user.keyboard('{PageUp}');
    expect(slider.getAttribute('aria-valuenow')).toBe('145');
    await user.keyboard('{End}');
    expect(slider.getAttribute('aria-valuenow')).toBe('400');
    await user.keyboard('{ArrowRight}');
    expect(slider.getAttribute('aria-valuenow')).toBe('400');
    await user.keyboard('{Home}');
    expect(slider.getAttribute('aria-valuetext')).toBe('0 %');
    expect(commits).toEqual([105, 100, 95, 145, 400, 0]);
  });

  it('does not move when disabled', async () => {
    const user = userEvent.setup();
    render(<Harness commits={[]} disabled />);
    const slider = screen.getByRole('slider', { name: 'Spotlight intensity' });
    slider.focus();
    await user.keyboard('{ArrowRight}');
    expect(slider.getAttribute('aria-valuenow')).toBe('100');
  });
});
