import type { SeatBlock, VideoScreen } from '@yunzhan/shared';
import { Euler, Matrix4, Quaternion, Vector3 } from 'three';
import type { BoxInstance } from './instanced-boxes';
import type { PlacementPose } from './placement-pose';
import { plinthMatrix } from './work-transforms';

// Box instances for the hall's furniture: seats and their steps, plinths, speakers, screen frames.

const DEG = Math.PI / 180;

function boxAt(at: [number, number, number], size: [number, number, number], yaw = 0): Matrix4 {
  return new Matrix4().compose(new Vector3(...at), new Quaternion().setFromEuler(new Euler(0, yaw, 0)), new Vector3(...size));
}

/** Seats (cushion and back as one box each) and one riser per row, for every seat block. */
export function seatBoxes(blocks: readonly SeatBlock[]): BoxInstance[] {
  const boxes: BoxInstance[] = [];
  for (const block of blocks) {
    const yaw = block.yawDeg * DEG;
    // Seats face `yaw` (0: -z); rows go back (+z in the block's frame).
    const cos = Math.cos(yaw);
    const sin = Math.sin(yaw);
    const toWorld = (x: number, z: number): [number, number] => [block.origin[0] + x * cos + z * sin, block.origin[2] - x * sin + z * cos];
    const rowWidth = block.seatsPerRow * block.seatSpacing + block.aisleWidth;
    for (let row = 0; row < block.rows; row++) {
      const z = row * block.rowSpacing;
      const floor = block.origin[1] + row * block.risePerRow;
      if (row > 0 && block.risePerRow > 0) {
        const [sx, sz] = toWorld(0, z);
        boxes.push({ matrix: boxAt([sx, floor / 2, sz], [rowWidth + 0.4, Math.max(0.01, floor), block.rowSpacing], yaw), colour: block.stepColour });
      }
      for (let seat = 0; seat < block.seatsPerRow; seat++) {
        let x = (seat - (block.seatsPerRow - 1) / 2) * block.seatSpacing;
        if (block.aisleWidth > 0) x += (seat < block.seatsPerRow / 2 ? -1 : 1) * (block.aisleWidth / 2);
        const [cx, cz] = toWorld(x, z);
        boxes.push({ matrix: boxAt([cx, floor + 0.23, cz], [block.seatSpacing * 0.85, 0.46, 0.48], yaw), colour: block.seatColour });
        const [bx, bz] = toWorld(x, z + 0.22);
        boxes.push({ matrix: boxAt([bx, floor + 0.7, bz], [block.seatSpacing * 0.85, 0.55, 0.08], yaw), colour: block.seatColour });
      }
    }
  }
  return boxes;
}

/** Frames behind the scene's video screens (the picture itself is the screen's own plane). */
export function screenFrameBoxes(screens: readonly VideoScreen[]): BoxInstance[] {
  return screens.flatMap((s) => {
    const yaw = s.yawDeg * DEG;
    const back = (d: number): [number, number, number] => [s.position[0] - Math.sin(yaw) * d, s.position[1], s.position[2] - Math.cos(yaw) * d];
    return [
      { matrix: boxAt(back(0.05), [s.width + 0.2, s.height + 0.2, 0.08], yaw), colour: s.frameColour },
      // The blank screen surface (a stream, when there is one, goes on a plane in front).
      { matrix: boxAt(back(0.005), [s.width, s.height, 0.01], yaw), colour: '#14161d' },
    ];
  });
}

/** Plinths under floor works that have one. */
export function plinthBoxes(poses: Iterable<PlacementPose>): BoxInstance[] {
  const boxes: BoxInstance[] = [];
  for (const pose of poses) if (pose.mount === 'floor' && pose.plinthHeight > 0) boxes.push({ matrix: plinthMatrix(pose), colour: '#e9e6df', id: pose.id });
  return boxes;
}

/** A speaker cabinet for each audio work on the floor, with a dark grille on its front. */
export function speakerBoxes(poses: Iterable<PlacementPose>): BoxInstance[] {
  const boxes: BoxInstance[] = [];
  for (const pose of poses) {
    const w = Math.min(pose.footprint * 0.6, 0.5);
    const h = Math.min(pose.height, w * 1.6);
    const base = pose.plinthHeight;
    boxes.push({ matrix: boxAt([pose.center[0], base + h / 2, pose.center[2]], [w, h, w * 0.8], pose.yaw), colour: '#2b2d33', id: pose.id });
    const front: [number, number, number] = [pose.center[0] + pose.normal[0] * (w * 0.4 + 0.005), base + h * 0.55, pose.center[2] + pose.normal[1] * (w * 0.4 + 0.005)];
    boxes.push({ matrix: boxAt(front, [w * 0.7, h * 0.7, 0.01], pose.yaw), colour: '#101114', id: pose.id });
  }
  return boxes;
}
