import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { RESET_VIEW, panBy, zoomAt, type ZoomView } from './zoom-math';
import styles from './zoomable-image.module.css';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/**
 * An image to look at closely: wheel or pinch to zoom around the pointer, drag to pan,
 * double-click (or the reset button) to fit again.
 */
export function ZoomableImage({ src, alt }: { src: string; alt: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<ZoomView>(RESET_VIEW);
  const box = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);

  const fromCentre = (clientX: number, clientY: number) => {
    const rect = box.current?.getBoundingClientRect();
    return rect ? { x: clientX - rect.left - rect.width / 2, y: clientY - rect.top - rect.height / 2 } : { x: 0, y: 0 };
  };
  const size = () => {
    const rect = box.current?.getBoundingClientRect();
    return { width: rect?.width ?? 0, height: rect?.height ?? 0 };
  };

  // A native, non-passive listener: the wheel zooms the image instead of scrolling the panel.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const at = { x: event.clientX - rect.left - rect.width / 2, y: event.clientY - rect.top - rect.height / 2 };
      setView((v) => zoomAt(v, Math.exp(-event.deltaY * 0.0015), at));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);
  const onPointerDown = (event: ReactPointerEvent) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    pinch.current = null;
  };
  const onPointerMove = (event: ReactPointerEvent) => {
    const all = pointers.current;
    const last = all.get(event.pointerId);
    if (!last) return;
    all.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (all.size === 2) {
      const [a, b] = [...all.values()];
      if (!a || !b) return;
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.current) {
        const factor = distance / pinch.current;
        setView((v) => zoomAt(v, factor, fromCentre((a.x + b.x) / 2, (a.y + b.y) / 2)));
      }
      pinch.current = distance;
      return;
    }
    setView((v) => panBy(v, event.clientX - last.x, event.clientY - last.y, size()));
  };
  const onPointerUp = (event: ReactPointerEvent) => {
    pointers.current.delete(event.pointerId);
    pinch.current = null;
  };

  return (
    <div className={styles.zoomable}>
      <div
        ref={box}
        className={styles.frame}
        data-testid="work-image"
        data-scale={view.scale.toFixed(2)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => setView(RESET_VIEW)}
      >
        <img
          src={src}
          alt={alt}
          draggable={false}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <div className={styles.tools}>
        <button type="button" className={buttonClass('ghost')} onClick={() => setView((v) => zoomAt(v, 1.5, { x: v.x, y: v.y }))}>
          {t('work.zoomIn')}
        </button>
        <button type="button" className={buttonClass('ghost')} onClick={() => setView((v) => zoomAt(v, 1 / 1.5, { x: v.x, y: v.y }))}>
          {t('work.zoomOut')}
        </button>
        <button type="button" className={buttonClass('ghost')} onClick={() => setView(RESET_VIEW)}>
          {t('work.zoomReset')}
        </button>
      </div>
      <p className={cx(text.muted, text.small)}>{t('work.zoomHint')}</p>
    </div>
  );
}
