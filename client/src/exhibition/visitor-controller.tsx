import { useFrame, useThree } from '@react-three/fiber';
import { slideMove, type Scene } from '@yunzhan/shared';
import { useEffect, useMemo } from 'react';
import { EYE_HEIGHT, VISITOR_COLLISION_RADIUS, isMovementKey, type Collide, type VisitorRig } from './visitor-rig';

/** Radians the view turns per pixel dragged. */
const LOOK_PER_PIXEL = 0.0045;

/** Whether a key event belongs to a text field (typing must not walk). */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/**
 * First-person controls inside the Canvas: advances the rig every frame (collisions through the
 * shared slideMove) and copies it onto the camera; keys on the window, drag-to-look (mouse, pen
 * and one finger alike: the view follows the drag like turning a photo sphere) on the canvas.
 */
export function VisitorController({ rig, scene }: { rig: VisitorRig; scene: Scene }) {
  const camera = useThree((state) => state.camera);
  const gl = useThree((state) => state.gl);
  const collide = useMemo<Collide>(() => (from, to) => slideMove(scene, from, to, VISITOR_COLLISION_RADIUS), [scene]);

  useFrame((_, delta) => {
    rig.update(delta, collide);
    camera.position.set(rig.position[0], EYE_HEIGHT, rig.position[1]);
    camera.rotation.set(rig.pitch, rig.yaw, 0, 'YXZ');
  });

  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey || !isMovementKey(event.code)) return;
      rig.keys.add(event.code);
      if (event.code.startsWith('Arrow')) event.preventDefault();
    };
    const up = (event: KeyboardEvent) => rig.keys.delete(event.code);
    const clear = () => rig.keys.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', clear);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', clear);
      rig.keys.clear();
    };
  }, [rig]);

  useEffect(() => {
    const element = gl.domElement;
    const pointers = new Map<number, { x: number; y: number }>();
    const down = (event: PointerEvent) => {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    };
    const move = (event: PointerEvent) => {
      const last = pointers.get(event.pointerId);
      // One pointer looks; two fingers are a pinch (left to the browser's zoom, which is off here).
      if (!last || pointers.size > 1) return;
      rig.look((event.clientX - last.x) * LOOK_PER_PIXEL, (event.clientY - last.y) * LOOK_PER_PIXEL);
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    };
    const up = (event: PointerEvent) => pointers.delete(event.pointerId);
    element.addEventListener('pointerdown', down);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    return () => {
      element.removeEventListener('pointerdown', down);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
  }, [gl, rig]);

  return null;
}
