import * as RadixToast from '@radix-ui/react-toast';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import styles from './toast.module.css';

/** What a toast says and how. */
export interface ToastOptions {
  /** The message (announced to screen readers). */
  title: ReactNode;
  /** More detail under the title. */
  description?: ReactNode;
  /** 'error' is announced at once (assertive); the others politely. Default 'info'. */
  tone?: 'info' | 'success' | 'error';
  /** Milliseconds before it goes by itself (paused while hovered or focused). Default 6000. */
  durationMs?: number;
  /** `data-testid` and other `data-*` attributes of the toast. */
  attributes?: { [data: `data-${string}`]: string | undefined };
}

/** Shows and dismisses toasts; from {@link useToast}. */
export interface ToastApi {
  /** Shows a toast and returns its id. */
  show: (options: ToastOptions) => string;
  /** Dismisses a toast by id (no-op when it has gone). */
  dismiss: (id: string) => void;
}

interface Entry extends ToastOptions {
  id: string;
  open: boolean;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Props of {@link ToastProvider}. */
export interface ToastProviderProps {
  /** Name of the notifications region, read before each announcement (required). */
  label: string;
  /** Accessible name of each toast's close button (required). */
  dismissLabel: string;
  children: ReactNode;
}

/** Holds the toasts of the tree below and their region (Radix Toast: announced, F8 reaches them, Escape dismisses). */
export function ToastProvider({ label, dismissLabel, children }: ToastProviderProps) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: string) => setEntries((list) => list.filter((e) => e.id !== id)), []);
  const show = useCallback((options: ToastOptions) => {
    next.current += 1;
    const id = `toast-${next.current}`;
    setEntries((list) => [...list, { ...options, id, open: true }]);
    return id;
  }, []);
  const api = useMemo<ToastApi>(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      <RadixToast.Provider label={label} swipeDirection="right">
        {children}
        {entries.map((entry) => (
          <RadixToast.Root
            key={entry.id}
            {...entry.attributes}
            className={`${styles.toast} ${styles[entry.tone ?? 'info']}`}
            type={entry.tone === 'error' ? 'foreground' : 'background'}
            duration={entry.durationMs ?? 6000}
            open={entry.open}
            onOpenChange={(open) => {
              if (!open) dismiss(entry.id);
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
    </ToastContext.Provider>
  );
}

/** The nearest {@link ToastProvider}'s show / dismiss. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}
