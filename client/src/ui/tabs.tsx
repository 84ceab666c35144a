import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';
import styles from './tabs.module.css';

/** One tab: its value, the label on the tab, and its panel. */
export interface TabItem<V extends string = string> {
  value: V;
  /** What the tab says (its accessible name). */
  label: ReactNode;
  /** The panel shown while the tab is selected (only the selected one is rendered). */
  content: ReactNode;
  /** `data-testid` of the tab button. */
  testId?: string;
}

/** Props of {@link Tabs}. */
export interface TabsProps<V extends string> {
  /** The tab list's accessible name (required). */
  label: string;
  items: readonly TabItem<V>[];
  /** The selected tab (controlled, with `onValueChange`). */
  value?: V;
  /** The tab selected first when uncontrolled. Default: the first item. */
  defaultValue?: V;
  onValueChange?: (value: V) => void;
  /** Extra class on the tab list (layout by the page). */
  listClassName?: string;
  /** Extra class on each panel. */
  panelClassName?: string;
}

/** Tabs on Radix: arrow keys move between tabs (Home/End too) and select them; one tab stop. */
export function Tabs<V extends string>({ label, items, value, defaultValue, onValueChange, listClassName, panelClassName }: TabsProps<V>) {
  return (
    <RadixTabs.Root
      className={styles.root}
      value={value}
      defaultValue={value === undefined ? (defaultValue ?? items[0]?.value) : undefined}
      onValueChange={onValueChange ? (v) => onValueChange(v as V) : undefined}
      activationMode="automatic"
    >
      <RadixTabs.List className={listClassName ? `${styles.list} ${listClassName}` : styles.list} aria-label={label}>
        {items.map((item) => (
          <RadixTabs.Trigger key={item.value} value={item.value} className={styles.tab} data-testid={item.testId}>
            {item.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {items.map((item) => (
        <RadixTabs.Content key={item.value} value={item.value} className={panelClassName ? `${styles.panel} ${panelClassName}` : styles.panel}>
          {item.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
