import * as RadixDialog from '@radix-ui/react-dialog';
import { VisuallyHidden } from '@radix-ui/react-visually-hidden';
import type { ReactElement, ReactNode } from 'react';
import { CloseButton, ModalFrame, type PanelAttributes } from './dialog';
import styles from './drawer.module.css';

/** Props of {@link Drawer}. */
export interface DrawerProps {
  /** The drawer's name, shown as its heading (required: a dialog must be named). */
  title: ReactNode;
  /** Keep the title for assistive technology only (the content heads itself). Default false. */
  titleHidden?: boolean;
  /** The close button's accessible name (required). */
  closeLabel: string;
  /** Visible text on the close button; without it the button shows ✕. */
  closeText?: ReactNode;
  /** `data-testid` of the close button. */
  closeTestId?: string;
  /** A sentence under the title, read out as the drawer's description. */
  description?: ReactNode;
  /** The button that opens it; focus returns there on close. Without one, focus returns to what had it. */
  trigger?: ReactElement;
  /** Controlled open state (with `onOpenChange`). */
  open?: boolean;
  /** Called when the drawer asks to open or close (trigger, Escape, close button, click outside). */
  onOpenChange?: (open: boolean) => void;
  /** More controls in the header, after the title. */
  headerExtra?: ReactNode;
  /** Attributes of the panel (`data-testid`, `data-*`, `className`). */
  panelProps?: PanelAttributes;
  children?: ReactNode;
}

/**
 * A modal side sheet on Radix Dialog (from the right; a bottom sheet on narrow screens): focus is
 * kept inside, Escape and a click outside close it, focus returns to the trigger.
 */
export function Drawer({ title, titleHidden = false, closeLabel, closeText, closeTestId, headerExtra, ...frame }: DrawerProps) {
  const heading = <RadixDialog.Title className={styles.title}>{title}</RadixDialog.Title>;
  return (
    <ModalFrame
      {...frame}
      classes={styles}
      head={
        <>
          {titleHidden ? <VisuallyHidden>{heading}</VisuallyHidden> : heading}
          {headerExtra}
          <CloseButton text={closeText} label={closeLabel} testId={closeTestId} />
        </>
      }
    />
  );
}
