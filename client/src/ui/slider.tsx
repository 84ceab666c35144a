import * as RadixSlider from '@radix-ui/react-slider';
import styles from './slider.module.css';

/** Props of {@link Slider}. */
export interface SliderProps {
  /** The slider's accessible name (required; use the visible label's text). */
  label: string;
  value: number;
  /** Called on every step while it moves. */
  onValueChange: (value: number) => void;
  /** Called once when a drag or key press ends (a gesture to record, e.g. for undo). */
  onValueCommit?: (value: number) => void;
  min: number;
  max: number;
  /** Default 1. */
  step?: number;
  disabled?: boolean;
  /** How the value reads aloud (units), e.g. `(v) => \`${v} %\``. Default the number. */
  valueText?: (value: number) => string;
  /** `data-testid` of the thumb (the focusable role=slider element). */
  testId?: string;
}

/** A slider on Radix: arrows step, Page Up/Down step by ten, Home/End go to the ends; a 44 px thumb. */
export function Slider({ label, value, onValueChange, onValueCommit, min, max, step = 1, disabled, valueText, testId }: SliderProps) {
  return (
    <RadixSlider.Root
      className={styles.root}
      value={[value]}
      min={min}
      max={max}
      step={step}
      disabled={disabled}
      onValueChange={(values) => {
        if (values[0] !== undefined) onValueChange(values[0]);
      }}
      onValueCommit={(values) => {
        if (values[0] !== undefined) onValueCommit?.(values[0]);
      }}
    >
      <RadixSlider.Track className={styles.track}>
        <RadixSlider.Range className={styles.range} />
      </RadixSlider.Track>
      <RadixSlider.Thumb className={styles.thumb} aria-label={label} aria-valuetext={valueText?.(value)} data-testid={testId} />
    </RadixSlider.Root>
  );
}
