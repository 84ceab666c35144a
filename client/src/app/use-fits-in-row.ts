import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** The room for a row's content, px: its width inside the padding. */
function roomOf(row: HTMLElement): number {
  const style = getComputedStyle(row);
  return row.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
}

/**
 * The width a flex row's content takes, px: its shown children that are in the flow (not
 * display:none, not positioned absolutely) and the gaps between them. Their widths are their
 * natural ones only if they do not shrink (flex: none) and their text does not wrap.
 */
function contentWidth(row: HTMLElement): number {
  let width = 0;
  let count = 0;
  for (const child of row.children) {
    const style = getComputedStyle(child);
    if (style.display === 'none' || style.position === 'absolute' || style.position === 'fixed') continue;
    width += child.getBoundingClientRect().width;
    count += 1;
  }
  return width + Math.max(0, count - 1) * (parseFloat(getComputedStyle(row).columnGap) || 0);
}

/**
 * Whether a flex row's full content (as rendered while this returns true) fits its width; `key`
 * names everything that content's width depends on besides the row's own width (its words, the
 * language, the text size, a breakpoint that changes its gaps).
 *
 * The content's width is measured while it shows, before the browser paints it, and kept for its
 * key: once it does not fit, the caller shows a smaller content (the header's menu button), and
 * that cached width, not the smaller content, decides when the full one fits again. So a resize
 * never flips between the two, and a new key shows the full content once, unpainted, to measure
 * it. A resize of the window is measured in its resize event and rendered at once (flushSync), before
 * the browser lays out and paints the frame, so a turned phone never shows the row too wide; a
 * ResizeObserver on the row and its children follows any other change of their widths.
 * `enabled` false: nothing measured (the caller shows the small content anyway).
 */
export function useFitsInRow(row: RefObject<HTMLElement | null>, key: string, enabled: boolean): boolean {
  const [room, setRoom] = useState<number | null>(null);
  const [need, setNeed] = useState<{ key: string; width: number } | null>(null);
  const known = need !== null && need.key === key ? need.width : null;
  // Unknown for this key: show the full content, which the layout effect measures before the paint.
  const fits = known === null || room === null || known <= room + 0.5;
  const full = enabled && fits;

  useLayoutEffect(() => {
    const el = row.current;
    if (!enabled || !el) return;
    const measure = () => {
      setRoom(roomOf(el));
      if (!full) return;
      const width = contentWidth(el);
      setNeed((prev) => (prev !== null && prev.key === key && Math.abs(prev.width - width) < 0.5 ? prev : { key, width }));
    };
    measure();
    const onResize = () => flushSync(measure);
    window.addEventListener('resize', onResize);
    // jsdom has none: the measurements above and on resize.
    if (typeof ResizeObserver === 'undefined') return () => window.removeEventListener('resize', onResize);
    // State set here renders after the observer's callbacks (no flushSync: never inside its own loop).
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => {
      window.removeEventListener('resize', onResize);
      observer.disconnect();
    };
  }, [row, key, enabled, full]);

  return fits;
}
