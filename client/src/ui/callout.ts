import styles from './callout.module.css';

/** The tone of a callout: error, warning or info (none: neutral). */
export type CalloutTone = 'error' | 'warning' | 'info';

/** The class names of a callout of `tone` (neutral without one): `className={calloutClass('error')}`. */
export function calloutClass(tone?: CalloutTone | null): string {
  const base = styles.callout ?? '';
  return tone ? `${base} ${styles[tone] ?? ''}` : base;
}
