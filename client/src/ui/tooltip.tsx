import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';
import styles from './tooltip.module.css';

/** Props of {@link Tooltip}. */
export interface TooltipProps {
  /** The hint. It is a description only: the control must have its own name (text or aria-label). */
  content: ReactNode;
  /** The one focusable element it describes (a button, a link). */
  children: ReactElement;
  /** Side it shows on. Default 'top'. */
  side?: 'top' | 'bottom' | 'left' | 'right';
  /** Milliseconds of hover before it shows. Default 400. */
  delayMs?: number;
}

/** A hint on hover and on keyboard focus (Radix), dismissed by Escape; instead of a `title` attribute. */
export function Tooltip({ content, children, side = 'top', delayMs = 400 }: TooltipProps) {
  return (
    <RadixTooltip.Provider delayDuration={delayMs}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content className={styles.content} side={side} sideOffset={6} collisionPadding={8}>
            {content}
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
