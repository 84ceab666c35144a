import * as RadixSelect from '@radix-ui/react-select';
import type { ReactNode } from 'react';
import styles from './select.module.css';

/** One choice of a {@link Select}. */
export interface SelectOption<V extends string = string> {
  /** Non-empty. */
  value: V;
  label: ReactNode;
  disabled?: boolean;
}

/** Props of {@link Select}. */
export interface SelectProps<V extends string> {
  /** The control's accessible name (required; use the visible label's text). */
  label: string;
  value: V;
  onValueChange: (value: V) => void;
  options: readonly SelectOption<V>[];
  disabled?: boolean;
  /** Name of the hidden native select, for a surrounding form. */
  name?: string;
  /** `data-testid` of the trigger button. */
  testId?: string;
}

/**
 * A listbox select on Radix: Enter, Space or arrows open it, arrows and typed letters move, Enter
 * chooses, Escape closes; focus returns to the button. (A native `<select>` is still right where
 * the platform picker is wanted; this one is for choices that carry more than plain text.)
 */
export function Select<V extends string>({ label, value, onValueChange, options, disabled, name, testId }: SelectProps<V>) {
  return (
    <RadixSelect.Root value={value} onValueChange={(v) => onValueChange(v as V)} disabled={disabled} name={name}>
      <RadixSelect.Trigger className={styles.trigger} aria-label={label} data-testid={testId}>
        <RadixSelect.Value />
        <RadixSelect.Icon className={styles.icon} aria-hidden="true">
          ▾
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className={styles.content} position="popper" sideOffset={4} collisionPadding={8}>
          <RadixSelect.Viewport className={styles.viewport}>
            {options.map((option) => (
              <RadixSelect.Item key={option.value} value={option.value} disabled={option.disabled} className={styles.item}>
                <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                <RadixSelect.ItemIndicator className={styles.check} aria-hidden="true">
                  ✓
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
