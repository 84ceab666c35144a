import type { Placement, Work } from '@yunzhan/shared';
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import { FRAME_DEPTH, type PlacementPose } from './placement-pose';
import { LABEL_SIZE } from './use-label-atlas';

// Instance matrices of everything that hangs with a work: frame, picture, label, light pool.
// Unit meshes (a 1 m plane facing +z, a 1 m box) are moved, turned and scaled into place.

/** Width of a frame's moulding around the picture, metres. */
export const FRAME_BORDER = 0.045;
/** Gap between a work and its label, metres. */
const LABEL_GAP = 0.1;
/** Height of a label's centre on the wall where the work allows, metres (museum standard). */
const LABEL_HEIGHT = 1.45;

/** Whether a placement shows as a flat picture (wall works; images and videos on a stand). */
export function isPicture(placement: Pick<Placement, 'mount'>, work: Pick<Work, 'kind'> | undefined): boolean {
  if (!work) return false;
  return placement.mount === 'wall' || work.kind === 'image' || work.kind === 'video';
}

const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const euler = new Euler(0, 0, 0, 'YXZ');

function compose(target: Matrix4, at: readonly [number, number, number], yaw: number, roll: number, size: readonly [number, number, number]): Matrix4 {
  position.set(at[0], at[1], at[2]);
  quaternion.setFromEuler(euler.set(0, yaw, roll, 'YXZ'));
  scale.set(size[0], size[1], size[2]);
  return target.compose(position, quaternion, scale);
}

/** A point `out` metres in front of the pose's centre (along its normal). */
export function inFront(pose: PlacementPose, out: number, y = pose.center[1]): [number, number, number] {
  return [pose.center[0] + pose.normal[0] * out, y, pose.center[2] + pose.normal[1] * out];
}

/** The frame box: the picture's size plus the moulding, standing out from the wall. */
export function frameMatrix(pose: PlacementPose, target = new Matrix4()): Matrix4 {
  return compose(target, inFront(pose, FRAME_DEPTH / 2), pose.yaw, pose.roll, [pose.width + FRAME_BORDER * 2, pose.height + FRAME_BORDER * 2, FRAME_DEPTH]);
}

/** The picture plane, just in front of the frame box; `lift` pushes overlays (detail, video) further out. */
export function pictureMatrix(pose: PlacementPose, lift = 0, target = new Matrix4()): Matrix4 {
  return compose(target, inFront(pose, FRAME_DEPTH + 0.002 + lift), pose.yaw, pose.roll, [pose.width, pose.height, 1]);
}

/** The label card beside (right) or below the work, on the wall; null when the label is off. */
export function labelMatrix(pose: PlacementPose, where: 'right' | 'below' | 'none', target = new Matrix4()): Matrix4 | null {
  if (where === 'none') return null;
  const half = { w: pose.width / 2 + FRAME_BORDER, h: pose.height / 2 + FRAME_BORDER };
  let along: number;
  let y: number;
  if (where === 'right') {
    along = half.w + LABEL_GAP + LABEL_SIZE.width / 2;
    // Near eye level, but never above or below the work's own extent.
    const low = pose.center[1] - half.h + LABEL_SIZE.height / 2;
    const high = pose.center[1] + half.h - LABEL_SIZE.height / 2;
    y = Math.min(Math.max(LABEL_HEIGHT, low), Math.max(low, high));
  } else {
    along = 0;
    y = Math.max(LABEL_SIZE.height / 2 + 0.05, pose.center[1] - half.h - LABEL_GAP / 2 - LABEL_SIZE.height / 2);
  }
  // Floor works put their label on the plinth's front edge area instead of in mid-air.
  if (pose.mount === 'floor') {
    along = 0;
    y = Math.max(0.2, pose.plinthHeight - LABEL_SIZE.height);
    const at = inFront(pose, pose.footprint / 2 + 0.003, y);
    return compose(target, at, pose.yaw, 0, [LABEL_SIZE.width, LABEL_SIZE.height, 1]);
  }
  const base = inFront(pose, 0.003, y);
  return compose(target, [base[0] + pose.tangent[0] * along, y, base[2] + pose.tangent[1] * along], pose.yaw, 0, [LABEL_SIZE.width, LABEL_SIZE.height, 1]);
}

/** The soft light pool painted on the wall around a spotlit work. */
export function poolMatrix(pose: PlacementPose, target = new Matrix4()): Matrix4 {
  const size = Math.max(pose.width, pose.height);
  return compose(target, inFront(pose, 0.004, pose.center[1] + pose.height * 0.08), pose.yaw, 0, [pose.width + size * 0.8 + 0.5, pose.height + size * 0.8 + 0.6, 1]);
}

/** A plinth under a floor work: its footprint square, from the floor to the plinth's top. */
export function plinthMatrix(pose: PlacementPose, target = new Matrix4()): Matrix4 {
  return compose(target, [pose.center[0], pose.plinthHeight / 2, pose.center[2]], pose.yaw, 0, [pose.footprint, pose.plinthHeight, pose.footprint]);
}
