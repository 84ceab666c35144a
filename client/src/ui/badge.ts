import styles from './badge.module.css';

/** A badge's tone: live (red), scheduled (gold) or replay (blue); none is neutral grey. */
export type BadgeTone = 'live' | 'scheduled' | 'replay';

/** The class names of a badge of `tone` (neutral without one): `className={badgeClass('live')}`. */
export function badgeClass(tone?: BadgeTone | null): string {
  const base = styles.badge ?? '';
  return tone ? `${base} ${styles[tone] ?? ''}` : base;
}

/** The class of a live badge's pulsing dot (still under reduced motion). */
export const badgeDotClass: string = styles.dot ?? '';
