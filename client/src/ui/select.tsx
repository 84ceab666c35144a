import * as RadixSelect from '@radix-ui/react-select';
import { useId, type ReactNode, type Ref } from 'react';
import { cx } from './class-names';
import listItem from './list-item.module.css';
import styles from './select.module.css';

/** One choice of a {@link Select}. */
export interface SelectOption<V extends string = string> {
  /** Non-empty. */
  value: V;
  label: ReactNode;
  /** A line under the label in the open list (what the choice means), read out as the option's description; not shown on the button. */
  description?: ReactNode;
  disabled?: boolean;
}

/** What a surrounding form field wires to the button (ui/form-field's FieldControlProps). */
export interface SelectControlProps {
  id?: string;
  'data-testid'?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
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
  /** A form field's wiring (id for its `<label for>`, description, error); spread on the button. */
  control?: SelectControlProps;
  /** The button (react-hook-form focuses it when the field is invalid). */
  triggerRef?: Ref<HTMLButtonElement>;
  /** Called when the button loses focus (react-hook-form's touched state). */
  onBlur?: () => void;
}

/**
 * A listbox select on Radix: Enter, Space or arrows open it, arrows and typed letters move, Enter
 * chooses, Escape closes; focus returns to the button. (A native `<select>` is still right where
 * the platform picker is wanted — long lists, phones; this one is for a few choices that carry
 * more than plain text, such as a line explaining each.)
 */
export function Select<V extends string>({ label, value, onValueChange, options, disabled, name, testId, control, triggerRef, onBlur }: SelectProps<V>) {
  const idPrefix = useId();
  return (
    <RadixSelect.Root value={value} onValueChange={(v) => onValueChange(v as V)} disabled={disabled} name={name}>
      <RadixSelect.Trigger ref={triggerRef} className={styles.trigger} aria-label={label} data-testid={testId} {...control} onBlur={onBlur}>
        <RadixSelect.Value />
        <RadixSelect.Icon className={styles.icon} aria-hidden="true">
          ▾
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className={styles.content} position="popper" sideOffset={4} collisionPadding={8}>
          <RadixSelect.Viewport className={styles.viewport}>
            {options.map((option) => {
              const descriptionId = `${idPrefix}-${option.value}-description`;
              return (
                <RadixSelect.Item
                  key={option.value}
                  value={option.value}
                  disabled={option.disabled}
                  className={cx(listItem.item, styles.item)}
                  aria-describedby={option.description === undefined ? undefined : descriptionId}
                >
                  <span className={styles.text}>
                    <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                    {option.description !== undefined && (
                      <span id={descriptionId} className={styles.description}>
                        {option.description}
                      </span>
                    )}
                  </span>
                  <RadixSelect.ItemIndicator className={styles.check} aria-hidden="true">
                    ✓
                  </RadixSelect.ItemIndicator>
                </RadixSelect.Item>
              );
            })}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
