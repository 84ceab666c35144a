import * as RadixToast from '@radix-ui/react-toast';
import type { ToastOptions } from './toast';
import styles from './toast.module.css';

/** A toast as the provider holds it. */
export interface ToastEntry extends ToastOptions {
  id: string;
  open: boolean;
}

/** Props of {@link ToastRegion}. */
export interface ToastRegionProps {
  /** Name of the notifications region, read before each announcement. */
  label: string;
  /** Accessible name of each toast's close button. */
  dismissLabel: string;
  entries: readonly ToastEntry[];
  /** Called when a toast closes (its button, Escape, a swipe or its time). */
  onDismiss: (id: string) => void;
}

/**
 * The toasts and their region on Radix Toast (announced, F8 reaches them, Escape dismisses).
 * A chunk of its own, fetched by ui/toast's provider with the first toast (see loadToastRegion).
 */
export function ToastRegion({ label, dismissLabel, entries, onDismiss }: ToastRegionProps) {
  return (
    <RadixToast.Provider label={label} swipeDirection="right">
      {entries.map((entry) => (
        <RadixToast.Root
          key={entry.id}
          {...entry.attributes}
          className={`${styles.toast} ${styles[entry.tone ?? 'info']}`}
          type={entry.tone === 'error' ? 'foreground' : 'background'}
          duration={entry.durationMs ?? 6000}
          open={entry.open}
          onOpenChange={(open) => {
            if (!open) onDismiss(entry.id);
          }}
        >
          <div className={styles.text}>
            <RadixToast.Title className={styles.title}>{entry.title}</RadixToast.Title>
            {entry.description !== undefined && <RadixToast.Description className={styles.description}>{entry.description}</RadixToast.Description>}
          </div>
          <RadixToast.Close className={styles.close} aria-label={dismissLabel}>
            <span aria-hidden="true">✕</span>
          </RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className={styles.viewport} label={`${label} ({hotkey})`} />
    </RadixToast.Provider>
  );
}
