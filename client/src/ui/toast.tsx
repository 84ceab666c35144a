import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import type { ToastEntry, ToastRegionProps } from './toast-region';

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

const ToastContext = createContext<ToastApi | null>(null);

type RegionComponent = ComponentType<ToastRegionProps>;
let loadedRegion: RegionComponent | null = null;
let regionLoad: Promise<RegionComponent> | null = null;

/**
 * Fetches the region's code (Radix Toast and its styles, ui/toast-region) once; later calls get
 * the same promise. A failed fetch is tried again on the next call.
 */
export function loadToastRegion(): Promise<RegionComponent> {
  regionLoad ??= import('./toast-region').then(
    (m) => (loadedRegion = m.ToastRegion),
    (error: unknown) => {
      regionLoad = null;
      throw error;
    },
  );
  return regionLoad;
}

/** Props of {@link ToastProvider}. */
export interface ToastProviderProps {
  /** Name of the notifications region, read before each announcement (required). */
  label: string;
  /** Accessible name of each toast's close button (required). */
  dismissLabel: string;
  children: ReactNode;
}

/**
 * Holds the toasts of the tree below and their region (Radix Toast: announced, F8 reaches them,
 * Escape dismisses). The region's code (about 14 KB gzipped with the Radix parts it brings) is
 * not in the app shell's bundle: it is fetched when the first toast is shown, which then appears
 * as soon as it is in; a page that shows none never downloads it.
 */
export function ToastProvider({ label, dismissLabel, children }: ToastProviderProps) {
  const [entries, setEntries] = useState<ToastEntry[]>([]);
  const [Region, setRegion] = useState<RegionComponent | null>(() => loadedRegion);
  const next = useRef(0);
  const dismiss = useCallback((id: string) => setEntries((list) => list.filter((e) => e.id !== id)), []);
  const show = useCallback((options: ToastOptions) => {
    next.current += 1;
    const id = `toast-${next.current}`;
    setEntries((list) => [...list, { ...options, id, open: true }]);
    return id;
  }, []);
  const api = useMemo<ToastApi>(() => ({ show, dismiss }), [show, dismiss]);
  const waiting = entries.length;
  useEffect(() => {
    if (Region || waiting === 0) return;
    let live = true;
    // With the first toast, and again with the next one if that fetch failed (the toasts wait).
    loadToastRegion().then(
      (loaded) => live && setRegion(() => loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [Region, waiting]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      {Region && <Region label={label} dismissLabel={dismissLabel} entries={entries} onDismiss={dismiss} />}
    </ToastContext.Provider>
  );
}

/** The nearest {@link ToastProvider}'s show / dismiss. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}
