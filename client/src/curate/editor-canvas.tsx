import { OrbitControls } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import type { ExhibitionLayout, Scene, Work } from '@yunzhan/shared';
import { useEffect, useMemo, useRef, useState, type ComponentRef, type DragEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { Raycaster, Vector2, type Camera } from 'three';
import { QualityMonitor, useAdaptiveQuality } from '../hall/hall-quality';
import { HallScene } from '../hall/hall-scene';
import { chooseQuality } from '../hall/quality';
import type { Locale } from '../i18n/dictionary';
import type { Ray } from './drop-placement';
import styles from './editor-canvas.module.css';
import { WORK_DRAG_TYPE } from './work-drag';

/** How the editor looks at the hall. */
export type EditorView = 'orbit' | 'top';

/** Props of the editor's 3D view. */
export interface EditorCanvasProps {
  scene: Scene;
  layout: ExhibitionLayout;
  works: readonly Work[];
  locale: Locale;
  /** Accessible name of the canvas. */
  label: string;
  view: EditorView;
  selectedId: string | null;
  onSelect: (placementId: string | null) => void;
  /** A library work was dropped on the view; `ray` goes through the drop point. */
  onDropWork: (workId: string, ray: Ray) => void;
  /** Whether a drag of the selected work may start where `ray` points. */
  canDragAt: (ray: Ray) => boolean;
  /** The selected work is dragged to where `ray` points. */
  onDragMove: (ray: Ray) => void;
  /** The drag ended. */
  onDragEnd: () => void;
}

/** The plan rectangle around every room: centre, size and ceiling height. */
function hallBounds(scene: Scene) {
  const xs = scene.rooms.flatMap((r) => [r.floor.min[0], r.floor.max[0]]);
  const zs = scene.rooms.flatMap((r) => [r.floor.min[1], r.floor.max[1]]);
  const [x0, x1, z0, z1] = [Math.min(...xs), Math.max(...xs), Math.min(...zs), Math.max(...zs)];
  return { cx: (x0 + x1) / 2, cz: (z0 + z1) / 2, width: x1 - x0, depth: z1 - z0, ceiling: Math.max(...scene.rooms.map((r) => r.ceilingHeight)) };
}

/** Puts the camera and the orbit target where the view mode wants them. */
function ViewRig({ scene, view, controls }: { scene: Scene; view: EditorView; controls: React.RefObject<ComponentRef<typeof OrbitControls> | null> }) {
  const camera = useThree((s) => s.camera);
  const bounds = useMemo(() => hallBounds(scene), [scene]);
  useEffect(() => {
    const { cx, cz, width, depth, ceiling } = bounds;
    if (view === 'top') {
      camera.position.set(cx, Math.max(width, depth) * 1.1, cz + 0.01);
      controls.current?.target.set(cx, 0, cz);
    } else {
      // Inside the hall near one end, a little above eye height, looking across it.
      camera.position.set(cx, Math.min(ceiling * 0.7, 2.6), cz + depth * 0.42);
      controls.current?.target.set(cx, 1.4, cz - depth * 0.1);
    }
    camera.lookAt(controls.current?.target ?? camera.position);
    controls.current?.update();
  }, [camera, bounds, view, controls]);
  return null;
}

/** Keeps the camera reachable from DOM handlers (drops and drags are DOM events). */
function CameraBridge({ into }: { into: React.RefObject<Camera | null> }) {
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    into.current = camera;
  }, [camera, into]);
  return null;
}

/**
 * The curator's 3D view (lazily loaded with three.js): the hall as visitors will see it, an
 * orbit (or top-down) camera, works dropped from the library onto walls (3D models onto the
 * floor), and the selected work dragged along its wall or across the floor. Pointer positions
 * become world rays here; what they mean (which wall or floor point, where, snapped) is decided
 * by the pure functions in drop-placement.ts and floor-placement.ts.
 */
export default function EditorCanvas(props: EditorCanvasProps) {
  const { scene, layout, works, locale, label, view, selectedId, onSelect } = props;
  const container = useRef<HTMLDivElement>(null);
  const camera = useRef<Camera | null>(null);
  const controls = useRef<ComponentRef<typeof OrbitControls> | null>(null);
  const dragging = useRef<number | null>(null);
  const raycaster = useMemo(() => new Raycaster(), []);
  // Decided before the Canvas exists (its antialias cannot change later): `?quality=`, the
  // visitor page's stored choice, else the device's tier.
  const [tier] = useState(() => chooseQuality(window.location.search));
  const quality = useAdaptiveQuality(tier);
  const dpr = useMemo((): [number, number] => [quality.settings.dpr[0], Math.min(1.5, quality.settings.dpr[1])], [quality.settings.dpr]);

  /** The world ray through a point of the window, or null before the first frame. */
  const rayAt = (clientX: number, clientY: number): Ray | null => {
    const canvas = container.current?.querySelector('canvas');
    if (!canvas || !camera.current) return null;
    const rect = canvas.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, camera.current);
    const { origin, direction } = raycaster.ray;
    return { origin: [origin.x, origin.y, origin.z], direction: [direction.x, direction.y, direction.z] };
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes(WORK_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const workId = event.dataTransfer.getData(WORK_DRAG_TYPE);
    if (!workId) return;
    event.preventDefault();
    const ray = rayAt(event.clientX, event.clientY);
    if (ray) props.onDropWork(workId, ray);
  };

  // Capture phase: a press on the selected work starts a move and never reaches the orbit controls.
  const onPointerDownCapture = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || !selectedId) return;
    const ray = rayAt(event.clientX, event.clientY);
    if (!ray || !props.canDragAt(ray)) return;
    event.stopPropagation();
    dragging.current = event.pointerId;
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMoveCapture = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (dragging.current !== event.pointerId) return;
    event.stopPropagation();
    const ray = rayAt(event.clientX, event.clientY);
    if (ray) props.onDragMove(ray);
  };
  const endDrag = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (dragging.current !== event.pointerId) return;
    event.stopPropagation();
    dragging.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    props.onDragEnd();
  };

  return (
    <div
      ref={container}
      className={styles.canvas}
      data-testid="editor-drop-zone"
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPointerDownCapture={onPointerDownCapture}
      onPointerMoveCapture={onPointerMoveCapture}
      onPointerUpCapture={endDrag}
      onPointerCancelCapture={endDrag}
    >
      <Canvas
        aria-label={label}
        role="img"
        data-testid="editor-canvas"
        dpr={dpr}
        gl={{ antialias: quality.settings.antialias }}
        camera={{ fov: 60, near: 0.05, far: 300, position: [0, 2.4, 6] }}
        onPointerMissed={() => onSelect(null)}
      >
        <CameraBridge into={camera} />
        <QualityMonitor quality={quality} />
        <HallScene
          scene={scene}
          layout={layout}
          works={works}
          locale={locale}
          quality={quality.settings}
          qualityStep={quality.step}
          selectedId={selectedId}
          onWorkPick={onSelect}
          detailTextures={4}
        />
        <OrbitControls ref={controls} makeDefault enableDamping={false} maxPolarAngle={view === 'top' ? 0.01 : Math.PI * 0.49} />
        <ViewRig scene={scene} view={view} controls={controls} />
      </Canvas>
    </div>
  );
}
