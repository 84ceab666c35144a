import * as RadixDialog from '@radix-ui/react-dialog';
import type { ComponentPropsWithoutRef, ReactElement, ReactNode, RefObject } from 'react';
import backdrop from './backdrop.module.css';
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

/** What a dialog and a drawer share: root, trigger, overlay, the panel with its focus handling. */
interface ModalFrameProps extends Pick<DialogProps, 'description' | 'trigger' | 'open' | 'onOpenChange' | 'panelProps' | 'children'> {
  /** The CSS module's classes: panel, head, description and body are used (the overlay is ui/backdrop's). */
  classes: CSSModuleClasses;
  /** The head row: the title, any extra controls and the close button. */
  head: ReactNode;
  footer?: ReactNode;
  footerClass?: string;
  /**
   * 'alertdialog' (a question that must be answered, as Radix AlertDialog): announced as such, and
   * a click outside does not close it (Escape still does). Default 'dialog'.
   */
  role?: 'dialog' | 'alertdialog';
  /** What takes the focus on opening; default the first focusable element inside. */
  initialFocus?: RefObject<HTMLElement | null>;
}

/** The modal frame of {@link Dialog} and the drawer: focus moves in and is kept there, Escape closes, focus returns. */
export function ModalFrame({ classes, head, description, trigger, open, onOpenChange, footer, footerClass, panelProps, role = 'dialog', initialFocus, children }: ModalFrameProps) {
  const focus = useReturnFocus(trigger !== undefined);
  const { className, ...attributes } = panelProps ?? {};
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={backdrop.overlay} />
        <RadixDialog.Content
          {...attributes}
          className={className ? `${classes.panel} ${className}` : classes.panel}
          // Without a description, say so, or Radix points aria-describedby at nothing.
          {...(description === undefined ? { 'aria-describedby': undefined } : {})}
          role={role}
          onOpenAutoFocus={(event) => {
            focus.onOpenAutoFocus();
            const target = initialFocus?.current;
            if (target) {
              event.preventDefault();
              target.focus();
            }
          }}
          onCloseAutoFocus={focus.onCloseAutoFocus}
          {...(role === 'alertdialog' ? { onPointerDownOutside: (event: Event) => event.preventDefault(), onInteractOutside: (event: Event) => event.preventDefault() } : {})}
        >
          <div className={classes.head}>{head}</div>
          {description !== undefined && <RadixDialog.Description className={classes.description}>{description}</RadixDialog.Description>}
          <div className={classes.body}>{children}</div>
          {footer && <div className={footerClass}>{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** A modal dialog on Radix: focus moves in and is kept there, Escape closes, focus returns to the trigger. */
export function Dialog({ title, closeText, closeLabel, footer, ...frame }: DialogProps) {
  return (
    <ModalFrame
      {...frame}
      classes={styles}
      footer={footer}
      footerClass={styles.footer}
      head={
        <>
          <RadixDialog.Title className={styles.title}>{title}</RadixDialog.Title>
          <CloseButton text={closeText} label={closeLabel} />
        </>
      }
    />
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

/** A dialog's heading that names it (for a frame whose head is built by its caller). */
export const DialogTitle = RadixDialog.Title;

/** Closes the enclosing dialog or drawer; wrap a button of your own (`asChild`). */
export const DialogClose = RadixDialog.Close;
