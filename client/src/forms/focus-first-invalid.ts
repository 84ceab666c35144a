import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Focus for forms whose problems are not all react-hook-form fields (a file picked outside the
 * form's values, say): the returned function asks for focus to move to the first control marked
 * aria-invalid inside `root`, in document order, once the render that marks them is committed (so
 * it is read out and scrolled into view). Other forms get this from react-hook-form's shouldFocusError.
 */
export function useFocusFirstInvalid(root: RefObject<HTMLElement | null>): () => void {
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request > 0) root.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [request, root]);
  return useCallback(() => setRequest((n) => n + 1), []);
}
