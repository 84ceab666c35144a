import type { CameraRig, Seating, Stage, TheatreScene, Vec3 } from './theatre-schema';

/** One seat: its row and place in the row, and the point on the floor where it stands. */
export interface SeatPlacement {
  row: number;
  index: number;
  /** Floor point under the seat's centre, in metres. */
  position: Vec3;
}

/** X of each seat in a row, centred on x = 0 with the aisle (if any) in the middle. */
export function seatXs(seating: Seating): number[] {
  const { seatsPerRow: n, seatSpacing: s, aisleWidth: aisle } = seating;
  if (aisle === 0) return Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * s);
  const left = Math.ceil(n / 2);
  const xs: number[] = [];
  for (let i = 0; i < left; i++) xs.push(-aisle / 2 - s / 2 - (left - 1 - i) * s);
  for (let j = 0; j < n - left; j++) xs.push(aisle / 2 + s / 2 + j * s);
  return xs;
}

/** Z of a row's seats. */
export function rowZ(seating: Seating, row: number): number {
  return seating.firstRowZ + row * seating.rowSpacing;
}

/** Height of a row's floor above the room floor, in metres. */
export function rowFloorY(seating: Seating, row: number): number {
  return row * seating.risePerRow;
}

/** Every seat of the theatre, front row first, left to right. */
export function seatLayout(seating: Seating): SeatPlacement[] {
  const xs = seatXs(seating);
  const seats: SeatPlacement[] = [];
  for (let row = 0; row < seating.rows; row++) {
    const y = rowFloorY(seating, row);
    const z = rowZ(seating, row);
    xs.forEach((x, index) => seats.push({ row, index, position: [x, y, z] }));
  }
  return seats;
}

/** Half the width of a row including the outer seats, in metres. */
export function rowHalfWidth(seating: Seating): number {
  const xs = seatXs(seating);
  return Math.max(...xs.map(Math.abs)) + seating.seatSpacing / 2;
}

/** Height of the raked floor at `z`: 0 in front of the first row, the last row's height behind it. */
export function rakeFloorYAt(seating: Seating, z: number): number {
  const row = Math.floor((z - seating.firstRowZ + seating.rowSpacing / 2) / seating.rowSpacing);
  if (row <= 0) return 0;
  return rowFloorY(seating, Math.min(row, seating.rows - 1));
}

const DEG = Math.PI / 180;

/**
 * Camera position for an orbit around `target`, as three's OrbitControls computes it:
 * polar angle from +y, azimuth around y with 0 pointing along +z.
 */
export function orbitPosition(target: Vec3, distance: number, azimuthDeg: number, polarDeg: number): Vec3 {
  const sinPolar = Math.sin(polarDeg * DEG);
  return [
    target[0] + distance * sinPolar * Math.sin(azimuthDeg * DEG),
    target[1] + distance * Math.cos(polarDeg * DEG),
    target[2] + distance * sinPolar * Math.cos(azimuthDeg * DEG),
  ];
}

/** Spherical coordinates of the camera's spawn around its target (what OrbitControls starts from). */
export function spawnOrbit(camera: CameraRig): { distance: number; azimuthDeg: number; polarDeg: number } {
  const dx = camera.position[0] - camera.target[0];
  const dy = camera.position[1] - camera.target[1];
  const dz = camera.position[2] - camera.target[2];
  const distance = Math.hypot(dx, dy, dz);
  return {
    distance,
    azimuthDeg: Math.atan2(dx, dz) / DEG,
    polarDeg: Math.acos(dy / distance) / DEG,
  };
}

/** The camera positions at the corners of the orbit limits (the farthest it can go). */
export function orbitExtremes(camera: CameraRig): Vec3[] {
  const corners: Vec3[] = [];
  for (const distance of [camera.minDistance, camera.maxDistance])
    for (const azimuth of [-camera.maxAzimuthDeg, 0, camera.maxAzimuthDeg])
      for (const polar of [camera.minPolarDeg, camera.maxPolarDeg])
        corners.push(orbitPosition(camera.target, distance, azimuth, polar));
  return corners;
}

/** Whether a point lies inside the room's box, `margin` metres clear of the walls and ceiling. */
export function insideRoom(scene: TheatreScene, p: Vec3, margin = 0): boolean {
  const { width, depth, height } = scene.room;
  return (
    Math.abs(p[0]) <= width / 2 - margin &&
    Math.abs(p[2]) <= depth / 2 - margin &&
    p[1] >= 0 &&
    p[1] <= height - margin
  );
}

/** Centre of the top of the stage's podium (where a winner or a trophy stands), or null without one. */
export function podiumTop(stage: Stage): Vec3 | null {
  const { podium } = stage;
  return podium ? [0, podium.height, stage.frontZ + podium.depth / 2] : null;
}
