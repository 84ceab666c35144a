import styles from './button.module.css';

/** A look of {@link buttonClass}: colour (primary, live, ghost, danger), size (large, small) or full width. */
export type ButtonVariant = 'primary' | 'live' | 'ghost' | 'danger' | 'large' | 'small' | 'wide';

/**
 * The class names of a button, or of a link or summary that looks like one: the base and the
 * given variants (falsy entries are skipped): `className={buttonClass('primary', 'wide')}`.
 */
export function buttonClass(...variants: (ButtonVariant | false | null | undefined)[]): string {
  let names = styles.button ?? '';
  for (const variant of variants) if (variant) names += ` ${styles[variant] ?? ''}`;
  return names;
}
