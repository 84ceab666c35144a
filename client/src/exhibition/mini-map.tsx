import { collisionSegments, type Scene } from '@yunzhan/shared';
import { useEffect, useMemo, useRef, type MouseEvent as ReactMouseEvent } from 'react';
import type { PlacementPose } from '../hall/placement-pose';
import { useI18n } from '../i18n/i18n';
import styles from './mini-map.module.css';
import type { VisitorRig } from './visitor-rig';

/** How often the visitor's arrow is redrawn, milliseconds (not per frame). */
const REFRESH_MS = 100;

/** The plan's extent over every room, with a margin, in metres. */
export function planBounds(scene: Pick<Scene, 'rooms'>, margin = 0.6): { x: number; z: number; width: number; depth: number } {
  const minX = Math.min(...scene.rooms.map((r) => r.floor.min[0])) - margin;
  const minZ = Math.min(...scene.rooms.map((r) => r.floor.min[1])) - margin;
  const maxX = Math.max(...scene.rooms.map((r) => r.floor.max[0])) + margin;
  const maxZ = Math.max(...scene.rooms.map((r) => r.floor.max[1])) + margin;
  return { x: minX, z: minZ, width: maxX - minX, depth: maxZ - minZ };
}

/**
 * The floor plan seen from above (north, -z, up): rooms, walls with their door gaps, works as
 * dots (the selected one highlighted) and the visitor as an arrow. A click walks there.
 */
export function MiniMap({ scene, poses, rig, selectedId }: { scene: Scene; poses: ReadonlyMap<string, PlacementPose>; rig: VisitorRig; selectedId: string | null }) {
  const { t } = useI18n();
  const bounds = useMemo(() => planBounds(scene), [scene]);
  const segments = useMemo(() => collisionSegments(scene), [scene]);
  const arrow = useRef<SVGGElement>(null);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const draw = () => {
      const [x, z] = rig.position;
      arrow.current?.setAttribute('transform', `translate(${x.toFixed(3)} ${z.toFixed(3)}) rotate(${((-rig.yaw * 180) / Math.PI).toFixed(1)})`);
    };
    draw();
    const timer = setInterval(draw, REFRESH_MS);
    return () => clearInterval(timer);
  }, [rig]);

  const onClick = (event: ReactMouseEvent<SVGSVGElement>) => {
    const element = svg.current;
    const matrix = element?.getScreenCTM();
    if (!element || !matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    rig.walkTo([point.x, point.y]);
  };

  const unit = Math.max(bounds.width, bounds.depth) / 100;
  return (
    <svg
      ref={svg}
      className={styles.map}
      data-testid="mini-map"
      role="img"
      aria-label={t('map.label')}
      viewBox={`${bounds.x} ${bounds.z} ${bounds.width} ${bounds.depth}`}
      onClick={onClick}
    >
      <title>{t('map.label')}</title>
      {scene.rooms.map((room) => (
        <rect
          key={room.id}
          className={styles.room}
          x={room.floor.min[0]}
          y={room.floor.min[1]}
          width={room.floor.max[0] - room.floor.min[0]}
          height={room.floor.max[1] - room.floor.min[1]}
        />
      ))}
      {segments.map((s, i) => (
        <line key={i} className={styles.wall} x1={s.start[0]} y1={s.start[1]} x2={s.end[0]} y2={s.end[1]} strokeWidth={Math.max(s.halfThickness * 2, unit * 1.2)} />
      ))}
      {[...poses.values()].map((pose) => (
        <circle
          key={pose.id}
          className={pose.id === selectedId ? `${styles.work} ${styles.selected}` : styles.work}
          data-placement-id={pose.id}
          cx={pose.center[0] + pose.normal[0] * 0.15}
          cy={pose.center[2] + pose.normal[1] * 0.15}
          r={unit * (pose.id === selectedId ? 2.2 : 1.4)}
        />
      ))}
      <g ref={arrow} data-testid="mini-map-visitor">
        <title>{t('map.you')}</title>
        <path className={styles.visitor} d={`M 0 ${-unit * 4} L ${unit * 2.6} ${unit * 2.6} L 0 ${unit * 1.2} L ${-unit * 2.6} ${unit * 2.6} Z`} />
      </g>
    </svg>
  );
}
