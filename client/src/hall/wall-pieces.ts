import type { Wall } from '@yunzhan/shared';

// A wall with doors is drawn as solid boxes: the stretches between doors at full height, and a
// lintel over each door. Both the 3D architecture and the mini-map use these pieces.

/** A solid rectangle of a wall in wall coordinates: metres along it and above the floor. */
export interface WallPiece {
  from: number;
  to: number;
  bottom: number;
  top: number;
}

/** Door openings of a wall as `[from, to, height]` in metres along it, sorted and clipped to the wall. */
export function doorSpans(wall: Wall, length: number): Array<[number, number, number]> {
  return (wall.doors ?? [])
    .map((d): [number, number, number] => [Math.max(0, d.offset - d.width / 2), Math.min(length, d.offset + d.width / 2), Math.min(d.height, wall.height)])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
}

/** The solid pieces of a wall of `length` metres: full-height stretches between doors, lintels over them. */
export function wallPieces(wall: Wall, length: number): WallPiece[] {
  const pieces: WallPiece[] = [];
  let cursor = 0;
  for (const [from, to, height] of doorSpans(wall, length)) {
    if (from > cursor) pieces.push({ from: cursor, to: from, bottom: 0, top: wall.height });
    const start = Math.max(from, cursor);
    if (to > start && height < wall.height) pieces.push({ from: start, to, bottom: height, top: wall.height });
    cursor = Math.max(cursor, to);
  }
  if (cursor < length) pieces.push({ from: cursor, to: length, bottom: 0, top: wall.height });
  return pieces;
}
