import * as RadixDialog from '@radix-ui/react-dialog';
import type { ComponentPropsWithoutRef, ReactElement, ReactNode } from 'react';
import styles from './dialog.module.css';
import { useReturnFocus } from './return-focus';

/** Attributes passed to the dialog's panel (test ids, `data-*`). */
export type PanelAttributes = Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'title' | 'role'> & { [data: `data-${string}`]: string | number | boolean | undefined };

/** Props of {@link Dialog}. */
export interface DialogProps {
  /** The dialog's name, shown as its heading (required: a dialog must be named). */
  title: ReactNode;
  /** Visible text on the close button; without it the button shows ✕ and is named by `closeLabel`. */
  closeText?: ReactNode;
  /** The close button's accessible name (required: an icon button must have one). */
  closeLabel: string;
  /** A sentence under the title, read out as the dialog's description. */
  description?: ReactNode;
  /** The button that opens it; focus returns there on close. Without one, focus returns to what had it. */
  trigger?: ReactElement;
  /** Controlled open state (with `onOpenChange`). */
  open?: boolean;
  /** Called when the dialog asks to open or close (trigger, Escape, close button, click outside). */
  onOpenChange?: (open: boolean) => void;
  /** Buttons under the content (confirm / cancel). */
  footer?: ReactNode;
  /** Attributes of the panel (`data-testid`, `data-*`, `className`). */
  panelProps?: PanelAttributes;
  children?: ReactNode;
}

/** A modal dialog on Radix: focus moves in and is kept there, Escape closes, focus returns to the trigger. */
export function Dialog({ title, closeText, closeLabel, description, trigger, open, onOpenChange, footer, panelProps, children }: DialogProps) {
  const focus = useReturnFocus(trigger !== undefined);
  const { className, ...attributes } = panelProps ?? {};
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={styles.overlay} />
        <RadixDialog.Content
          {...attributes}
          className={className ? `${styles.panel} ${className}` : styles.panel}
          // Without a description, say so, or Radix points aria-describedby at nothing.
          {...(description === undefined ? { 'aria-describedby': undefined } : {})}
          onOpenAutoFocus={focus.onOpenAutoFocus}
          onCloseAutoFocus={focus.onCloseAutoFocus}
        >
          <div className={styles.head}>
            <RadixDialog.Title className={styles.title}>{title}</RadixDialog.Title>
            <CloseButton text={closeText} label={closeLabel} />
          </div>
          {description !== undefined && <RadixDialog.Description className={styles.description}>{description}</RadixDialog.Description>}
          <div className={styles.body}>{children}</div>
          {footer && <div className={styles.footer}>{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The close button of a dialog or drawer: visible text, or ✕ named by its label. */
export function CloseButton({ text, label, testId }: { text?: ReactNode; label: string; testId?: string }) {
  return (
    <RadixDialog.Close className={styles.close} aria-label={text === undefined ? label : undefined} data-testid={testId}>
      {text ?? <span aria-hidden="true">✕</span>}
    </RadixDialog.Close>
  );
}

/** Closes the enclosing dialog or drawer; wrap a button of your own (`asChild`). */
export const DialogClose = RadixDialog.Close;
