import { useCallback, useRef } from 'react';

/**
 * Focus return for a Radix dialog opened without a Trigger (a route, a controlled `open`): Radix
 * returns focus to its Trigger only, so the element focused when the dialog opened is remembered
 * and focused again when it closes, if it is still on the page.
 */
export function useReturnFocus(hasTrigger: boolean) {
  const previous = useRef<HTMLElement | null>(null);
  const onOpenAutoFocus = useCallback(() => {
    const active = document.activeElement;
    previous.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);
  const onCloseAutoFocus = useCallback(
    (event: Event) => {
      if (hasTrigger) return; // Radix focuses the trigger.
      const target = previous.current;
      previous.current = null;
      if (target?.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
    [hasTrigger],
  );
  return { onOpenAutoFocus, onCloseAutoFocus };
}
