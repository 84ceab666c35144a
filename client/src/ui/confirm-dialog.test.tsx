// @vitest-environment jsdom
import './test-setup';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './confirm-dialog';

afterEach(cleanup);

/** A page with a button that asks; `onConfirm` is told, and the question goes unless `stays`. */
function Harness({ onConfirm = () => {}, onCancel = () => {}, busy = false, withReason = false }: { onConfirm?: () => void; onCancel?: () => void; busy?: boolean; withReason?: boolean }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Submit score
      </button>
      <ConfirmDialog
        open={open}
        title="Submit the final score?"
        description="A submitted score cannot be changed."
        confirmLabel="Submit"
        cancelLabel="Cancel"
        busy={busy}
        busyLabel="Working…"
        canConfirm={!withReason || reason.trim() !== ''}
        onConfirm={() => {
          onConfirm();
          setOpen(false);
        }}
        onCancel={() => {
          onCancel();
          setOpen(false);
        }}
        testId="submit"
      >
        {withReason && (
          <label>
            Reason <textarea value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
      </ConfirmDialog>
    </>
  );
}

describe('ConfirmDialog', () => {
  it('asks as an alertdialog named by the question and described by its consequence, with the focus on Cancel', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Submit score' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Submit the final score?' });
    expect(dialog.getAttribute('aria-describedby')).toBe(screen.getByText('A submitted score cannot be changed.').id);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });

  it('cancels on Escape and gives the focus back to the button that asked', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(<Harness onCancel={onCancel} onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Submit score' });
    await user.click(opener);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });

  it('stays open on a click outside, and confirms only by its confirm button', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(<Harness onConfirm={onConfirm} onCancel={onCancel} />);
    await user.click(screen.getByRole('button', { name: 'Submit score' }));
    // What a press outside the panel does (user-event will not press through the overlay's pointer-events: none).
    fireEvent.pointerDown(document.body);
    fireEvent.pointerUp(document.body);
    fireEvent.click(document.body);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    expect(onCancel).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('submit-confirm'));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('keeps Confirm disabled until the answer it needs is given', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<Harness onConfirm={onConfirm} withReason />);
    await user.click(screen.getByRole('button', { name: 'Submit score' }));
    const confirm = screen.getByTestId<HTMLButtonElement>('submit-confirm');
    expect(confirm.disabled).toBe(true);
    await user.type(screen.getByLabelText('Reason'), 'I taught this artist.');
    expect(confirm.disabled).toBe(false);
    await user.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('while busy, shows it is working and neither Escape nor Cancel withdraws the question', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    render(<Harness busy onCancel={onCancel} />);
    await user.click(screen.getByRole('button', { name: 'Submit score' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByTestId('submit-confirm').textContent).toBe('Working…');
    expect(screen.getByTestId<HTMLButtonElement>('submit-cancel').disabled).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    expect(onCancel).not.toHaveBeenCalled();
  });
});
