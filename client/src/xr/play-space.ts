import type { Scene } from '@yunzhan/shared';
import { Quaternion, Vector3, type Object3D } from 'three';
import type { ViewerPose } from '../hall/camera-framing';
import { VISITOR_COLLISION_RADIUS } from '../exhibition/visitor-rig';
import { originForHeadAt, resolveTeleport, turnOriginAbout, wrapDegrees, type PlanPoint } from './locomotion';
import { publishXRState, type XRDebugState } from './xr-debug-state';

const DEG = Math.PI / 180;
const forward = new Vector3();

/** The yaw (about +y; 0 looks along -z, left positive) of an orientation's forward direction. */
export function yawOfQuaternion(q: Quaternion): number {
  forward.set(0, 0, -1).applyQuaternion(q);
  return Math.atan2(-forward.x, -forward.z);
}

/**
 * The visitor's play space in VR: the XROrigin object (where the headset's `local-floor` space
 * sits in the hall), the head's latest world pose, and the moves that keep people comfortable:
 * teleports checked against the walls, snap turns about the head. Plain state mutated from the
 * render loop and from pointer clicks; it publishes `window.__yunzhanXR` on every change.
 */
export class XRPlaySpace {
  /** The XROrigin group, once mounted. */
  origin: Object3D | null = null;
  /** The head's world position (updated every XR frame). */
  readonly head = new Vector3();
  /** The head's world yaw, radians. */
  headYaw = 0;
  /** Whether `head` holds a pose of the running session. */
  tracking = false;
  private state: XRDebugState = { sessionActive: false, originPosition: [0, 0, 0], yawDeg: 0, teleports: 0, snapTurns: 0, refused: 0, aim: 'none', panelId: null };

  constructor(private readonly scene: Pick<Scene, 'walls' | 'walkable'>) {
    this.publish({});
  }

  /** The head's plan point [x, z]. */
  headPlan(): PlanPoint {
    return [this.head.x, this.head.z];
  }

  /** Records the head's pose in the origin's space (from the XR frame) as a world pose. */
  setHeadLocal(position: Vector3, orientation: Quaternion): void {
    const origin = this.origin;
    if (!origin) return;
    origin.updateMatrixWorld();
    this.head.copy(position).applyMatrix4(origin.matrixWorld);
    this.headYaw = yawOfQuaternion(orientation) + origin.rotation.y;
    this.tracking = true;
  }

  /**
   * Puts the play space so that a head at `headLocal` (position and yaw inside the play space)
   * stands where the visitor stood on the desktop, looking the same way: entering VR starts
   * where the visitor was.
   */
  placeHead(pose: ViewerPose, headLocal: Vector3, headLocalYaw: number): void {
    const origin = this.origin;
    if (!origin) return;
    const yaw = pose.yaw - headLocalYaw;
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    origin.rotation.set(0, yaw, 0);
    origin.position.set(pose.position[0] - (headLocal.x * c + headLocal.z * s), 0, pose.position[1] - (-headLocal.x * s + headLocal.z * c));
    origin.updateMatrixWorld();
    this.head.set(pose.position[0], headLocal.y, pose.position[1]);
    this.headYaw = pose.yaw;
    this.publish({});
  }

  /** Where a teleport towards `target` would land, or null when it is refused. */
  destination(target: PlanPoint): PlanPoint | null {
    return resolveTeleport(this.scene, this.headPlan(), target, VISITOR_COLLISION_RADIUS);
  }

  /** Teleports the head to `target` if allowed (walkable, no wall in the way); returns whether it did. */
  teleportTo(target: PlanPoint): boolean {
    const origin = this.origin;
    const to = origin && this.tracking ? this.destination(target) : null;
    if (!origin || !to) {
      this.publish({ refused: this.state.refused + 1 });
      return false;
    }
    const [x, z] = originForHeadAt([origin.position.x, origin.position.z], this.headPlan(), to);
    origin.position.set(x, origin.position.y, z);
    origin.updateMatrixWorld();
    this.head.set(to[0], this.head.y, to[1]);
    this.publish({ teleports: this.state.teleports + 1 });
    return true;
  }

  /** Turns the view by `deltaDeg` degrees (left positive) about the head. */
  snapTurn(deltaDeg: number): void {
    const origin = this.origin;
    if (!origin || deltaDeg === 0) return;
    const [x, z] = turnOriginAbout([origin.position.x, origin.position.z], this.headPlan(), deltaDeg * DEG);
    origin.position.set(x, origin.position.y, z);
    origin.rotation.y += deltaDeg * DEG;
    origin.updateMatrixWorld();
    this.headYaw += deltaDeg * DEG;
    this.publish({ snapTurns: this.state.snapTurns + 1 });
  }

  /** Marks the session running or ended. */
  setSessionActive(active: boolean): void {
    if (!active) this.tracking = false;
    this.publish({ sessionActive: active, ...(active ? {} : { panelId: null, aim: 'none' as const }) });
  }

  /** Records the teleport aim's state (published only when it changes). */
  setAim(aim: XRDebugState['aim']): void {
    if (aim !== this.state.aim) this.publish({ aim });
  }

  /** Records which panel is open. */
  setPanel(panelId: string | null): void {
    this.publish({ panelId });
  }

  /** The desktop pose matching the head (to hand back to the visitor's rig). */
  viewerPose(): ViewerPose {
    return { position: this.headPlan(), yaw: this.headYaw, pitch: 0 };
  }

  private publish(change: Partial<XRDebugState>): void {
    const origin = this.origin;
    this.state = {
      ...this.state,
      ...change,
      originPosition: origin ? [origin.position.x, origin.position.y, origin.position.z] : this.state.originPosition,
      yawDeg: origin ? wrapDegrees(origin.rotation.y / DEG) : this.state.yawDeg,
    };
    publishXRState(this.state);
  }
}
