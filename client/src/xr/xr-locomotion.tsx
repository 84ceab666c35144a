import { useFrame, useThree } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { Color, Matrix4, MeshBasicMaterial, Quaternion, RingGeometry, Vector3, type Mesh } from 'three';
import { useDisposable } from '../theatre/three/use-disposable';
import { SnapTurn, TeleportAim, floorHit, type PlanPoint } from './locomotion';
import { yawOfQuaternion, type XRPlaySpace } from './play-space';

const VALID = new Color('#7fd1a0');
const INVALID = new Color('#e0645c');

/** The sticks' state per hand: snap turning and teleport aiming each keep their own. */
interface StickState {
  snap: SnapTurn;
  aim: TeleportAim;
  /** The last valid destination while aiming. */
  target: PlanPoint | null;
}

const matrix = new Matrix4();
const rayOrigin = new Vector3();
const rayDirection = new Vector3();
const headPosition = new Vector3();
const headOrientation = new Quaternion();
const scratchQuat = new Quaternion();
const scratchScale = new Vector3();

/** The thumbstick of an xr-standard gamepad (axes 2, 3), else the first pair of axes. */
function stick(gamepad: Gamepad): [number, number] {
  const axes = gamepad.axes;
  return axes.length >= 4 ? [axes[2] ?? 0, axes[3] ?? 0] : [axes[0] ?? 0, axes[1] ?? 0];
}

/**
 * Comfortable locomotion from the controllers' thumbsticks, read every XR frame: push forward to
 * aim (a ring shows where the controller's ray meets the floor, green when the shared geometry
 * allows it), let go to teleport there; push left or right to snap-turn 30°. Also tracks the
 * head's pose for the play space. No smooth movement or rotation.
 */
export function XRLocomotion({ space, onFirstPose }: { space: XRPlaySpace; onFirstPose: (headLocal: Vector3, headLocalYaw: number) => void }) {
  const gl = useThree((state) => state.gl);
  const sticks = useMemo(() => new Map<string, StickState>(), []);
  const marker = useRef<Mesh>(null);
  const ring = useDisposable(() => new RingGeometry(0.22, 0.3, 40).rotateX(-Math.PI / 2), []);
  const material = useDisposable(() => new MeshBasicMaterial({ color: VALID, transparent: true, opacity: 0.85, depthWrite: false, toneMapped: false }), []);
  const placed = useRef(false);

  useFrame((_state, _delta, frame?: XRFrame) => {
    const referenceSpace = gl.xr.getReferenceSpace();
    if (!frame || !referenceSpace || !space.origin) {
      placed.current = false;
      return;
    }
    const viewer = frame.getViewerPose(referenceSpace);
    if (viewer) {
      const { position: p, orientation: o } = viewer.transform;
      headPosition.set(p.x, p.y, p.z);
      headOrientation.set(o.x, o.y, o.z, o.w);
      if (!placed.current) {
        placed.current = true;
        onFirstPose(headPosition, yawOfQuaternion(headOrientation));
      }
      space.setHeadLocal(headPosition, headOrientation);
    }

    let aiming: { target: PlanPoint | null; hit: PlanPoint | null } | null = null;
    for (const source of frame.session.inputSources) {
      if (!source.gamepad || source.hand) continue;
      let state = sticks.get(source.handedness);
      if (!state) sticks.set(source.handedness, (state = { snap: new SnapTurn(), aim: new TeleportAim(), target: null }));
      const [x, y] = stick(source.gamepad);
      const action = state.aim.update(x, y);
      if (action === 'aim') {
        const pose = frame.getPose(source.targetRaySpace, referenceSpace);
        let hit: PlanPoint | null = null;
        if (pose) {
          matrix.fromArray(pose.transform.matrix).premultiply(space.origin.matrixWorld);
          matrix.decompose(rayOrigin, scratchQuat, scratchScale);
          rayDirection.set(0, 0, -1).applyQuaternion(scratchQuat);
          hit = floorHit([rayOrigin.x, rayOrigin.y, rayOrigin.z], [rayDirection.x, rayDirection.y, rayDirection.z]);
        }
        state.target = hit ? space.destination(hit) : null;
        aiming = { target: state.target, hit };
      } else if (action === 'jump') {
        if (state.target) space.teleportTo(state.target);
        state.target = null;
      } else {
        state.target = null;
        space.snapTurn(state.snap.update(x));
      }
    }

    space.setAim(aiming ? (aiming.target ? 'valid' : 'invalid') : 'none');
    const mesh = marker.current;
    if (mesh) {
      const at = aiming?.target ?? aiming?.hit ?? null;
      mesh.visible = at !== null;
      if (at) {
        mesh.position.set(at[0], 0.02, at[1]);
        material.color.copy(aiming?.target ? VALID : INVALID);
      }
    }
  });

  return <mesh ref={marker} name="xr-teleport-marker" geometry={ring} material={material} visible={false} renderOrder={4} raycast={() => undefined} />;
}
