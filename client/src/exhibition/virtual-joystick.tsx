import { useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import type { VisitorRig } from './visitor-rig';
import styles from './virtual-joystick.module.css';

/** Radius of the joystick's travel, CSS pixels. */
const RADIUS = 44;

/**
 * A thumb joystick (bottom-left, shown on touch screens) that walks the visitor: up walks
 * forward, sideways strafes. It writes the rig's joystick vector; the render loop does the rest.
 */
export function VirtualJoystick({ rig }: { rig: VisitorRig }) {
  const { t } = useI18n();
  const knob = useRef<HTMLDivElement>(null);
  const origin = useRef<{ x: number; y: number; id: number } | null>(null);

  const set = (dx: number, dy: number) => {
    const length = Math.hypot(dx, dy);
    const k = length > RADIUS ? RADIUS / length : 1;
    const x = dx * k;
    const y = dy * k;
    if (knob.current) knob.current.style.transform = `translate(${x}px, ${y}px)`;
    rig.joystick = { x: x / RADIUS, y: -y / RADIUS };
  };

  const onDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const rect = event.currentTarget.getBoundingClientRect();
    origin.current = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, id: event.pointerId };
    set(event.clientX - origin.current.x, event.clientY - origin.current.y);
  };
  const onMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const o = origin.current;
    if (!o || o.id !== event.pointerId) return;
    set(event.clientX - o.x, event.clientY - o.y);
  };
  const onUp = () => {
    origin.current = null;
    set(0, 0);
  };

  return (
    <div
      className={styles.joystick}
      data-testid="joystick"
      role="application"
      aria-label={t('joystick.label')}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      <div ref={knob} className={styles.knob} data-testid="joystick-knob" />
    </div>
  );
}
