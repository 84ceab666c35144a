import * as RadixMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { cx } from './class-names';
import listItem from './list-item.module.css';
import styles from './menu.module.css';

/** One command in a {@link Menu}. */
export interface MenuItem {
  /** What the item says (its accessible name). */
  label: ReactNode;
  /** Runs when the item is chosen (click, Enter or Space); the menu closes first. */
  onSelect: () => void;
  /** Shown in the error colour (a destructive action). Default false. */
  danger?: boolean;
  disabled?: boolean;
  /** `data-testid` of the item. */
  testId?: string;
}

/** Props of {@link Menu}. */
export interface MenuProps {
  /** The trigger button's accessible name (required: it usually shows an icon only). */
  label: string;
  /** What the trigger shows. Default ⋯. */
  icon?: ReactNode;
  items: readonly MenuItem[];
  /** Class of the trigger button (it gets the menu's own class too). */
  triggerClassName?: string;
  /** `data-testid` of the trigger button. */
  triggerTestId?: string;
  /** `data-testid` of the open menu. */
  testId?: string;
  /**
   * Render the open menu in place instead of at the end of the document, so it stays inside the
   * element it belongs to (positioned the same way). Default false.
   */
  inline?: boolean;
  /** Side the menu opens on. Default 'bottom'. */
  side?: 'top' | 'bottom' | 'left' | 'right';
  /** Alignment against the trigger. Default 'end'. */
  align?: 'start' | 'center' | 'end';
  /** Open on mount (a menu whose code the opening tap fetched, app/phone-nav-menu). Default false. */
  defaultOpen?: boolean;
}

/** A menu button on Radix: opens by click, Enter, Space or ArrowDown; arrow keys move; Escape closes and returns focus. */
export function Menu({ label, icon = '⋯', items, triggerClassName, triggerTestId, testId, inline = false, side = 'bottom', align = 'end', defaultOpen = false }: MenuProps) {
  const content = (
    <RadixMenu.Content className={styles.content} data-testid={testId} side={side} align={align} sideOffset={4} collisionPadding={8}>
      {items.map((item, i) => (
        <RadixMenu.Item
          key={i}
          className={cx(listItem.item, item.danger && styles.danger)}
          disabled={item.disabled}
          data-testid={item.testId}
          onSelect={item.onSelect}
        >
          {item.label}
        </RadixMenu.Item>
      ))}
    </RadixMenu.Content>
  );
  return (
    // Not modal: a modal menu hides the rest of the page from assistive technology (aria-hidden)
    // while it stays focusable, which axe reports as serious; Escape, Tab and a click outside close it.
    <RadixMenu.Root modal={false} defaultOpen={defaultOpen}>
      <RadixMenu.Trigger className={triggerClassName ? `${styles.trigger} ${triggerClassName}` : styles.trigger} aria-label={label} data-testid={triggerTestId}>
        <span aria-hidden="true">{icon}</span>
      </RadixMenu.Trigger>
      {inline ? content : <RadixMenu.Portal>{content}</RadixMenu.Portal>}
    </RadixMenu.Root>
  );
}
