import { useRef, type ReactNode } from 'react';
import { DialogTitle, ModalFrame } from './dialog';
import dialogStyles from './dialog.module.css';
import styles from './confirm-dialog.module.css';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  /** Whether the question is asked (controlled: the caller opens it from its own button). */
  open: boolean;
  /** The question, shown as the dialog's heading and its name ("Submit the final score?"). */
  title: ReactNode;
  /** What follows from confirming, read out with the question. */
  description?: ReactNode;
  /** The confirm button's words ("Submit"); say what it does rather than "OK". */
  confirmLabel: ReactNode;
  /** The cancel button's words. */
  cancelLabel: ReactNode;
  /** While true the confirm button shows `busyLabel` and neither button nor Escape acts. Default false. */
  busy?: boolean;
  busyLabel?: ReactNode;
  /** False keeps the confirm button disabled (e.g. until a reason is typed). Default true. */
  canConfirm?: boolean;
  /** Colours the confirm button as a destructive action. Default false. */
  danger?: boolean;
  onConfirm: () => void;
  /** Cancel, Escape: the question is withdrawn. */
  onCancel: () => void;
  /** Test ids: `<testId>-panel`, `<testId>-confirm`, `<testId>-cancel`. */
  testId: string;
  /** Inputs the answer needs (a reason), between the question and the buttons. */
  children?: ReactNode;
}

/**
 * An "are you sure?" question on ui/dialog with Radix AlertDialog's semantics: role alertdialog
 * named by the question, focus starts on the safe action (Cancel), Escape cancels, a click outside
 * does nothing, focus returns to what had it. The caller runs the action and closes it.
 */
export function ConfirmDialog({ open, title, description, confirmLabel, cancelLabel, busy = false, busyLabel, canConfirm = true, danger = false, onConfirm, onCancel, testId, children }: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <ModalFrame
      open={open}
      onOpenChange={(next) => {
        if (!next && !busy) onCancel();
      }}
      role="alertdialog"
      initialFocus={cancel}
      classes={dialogStyles}
      head={<DialogTitle className={dialogStyles.title}>{title}</DialogTitle>}
      description={description}
      panelProps={{ 'data-testid': `${testId}-panel`, 'aria-busy': busy || undefined }}
      footerClass={dialogStyles.footer}
      footer={
        <>
          <button ref={cancel} type="button" className={styles.button} disabled={busy} onClick={onCancel} data-testid={`${testId}-cancel`}>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={`${styles.button} ${danger ? styles.danger : styles.primary}`}
            disabled={busy || !canConfirm}
            aria-busy={busy || undefined}
            onClick={onConfirm}
            data-testid={`${testId}-confirm`}
          >
            {busy ? (busyLabel ?? confirmLabel) : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </ModalFrame>
  );
}
