import { isWalkable, slideMove, type Scene } from '@yunzhan/shared';

// Comfortable VR locomotion as plain numbers (no three.js, no WebXR): where a teleport may land,
// when a thumbstick snaps the view round, and how the play space moves so that the head, not
// the play space's centre, ends up where the visitor pointed. Plans are [x, z] like the scene's.

/** A plan point [x, z], metres. */
export type PlanPoint = [number, number];

/** Furthest a teleport reaches, metres. */
export const TELEPORT_RANGE = 10;
/** How far slideMove may stop short of the target and the path still count as clear, metres. */
const PATH_TOLERANCE = 0.05;
/** Angle of one snap turn, degrees. */
export const SNAP_TURN_DEG = 30;

/**
 * Where a straight ray from `origin` along `direction` (world space) meets the floor plane
 * `floorY`, within `range` metres; null when it points level or up, or lands too far away.
 */
export function floorHit(origin: readonly [number, number, number], direction: readonly [number, number, number], floorY = 0, range = TELEPORT_RANGE): PlanPoint | null {
  const [dx, dy, dz] = direction;
  const length = Math.hypot(dx, dy, dz);
  if (length === 0 || dy / length > -0.02) return null;
  const t = (floorY - origin[1]) / dy;
  if (t < 0 || t * length > range) return null;
  return [origin[0] + dx * t, origin[2] + dz * t];
}

/**
 * Whether a visitor standing at `from` may teleport to `to`: the spot is walkable for a body of
 * `radius` (shared isWalkable) and the straight way there crosses no wall (shared slideMove gets
 * all the way). Returns the destination, or null when the teleport is refused.
 */
export function resolveTeleport(scene: Pick<Scene, 'walls' | 'walkable'>, from: PlanPoint, to: PlanPoint, radius: number): PlanPoint | null {
  if (!Number.isFinite(to[0]) || !Number.isFinite(to[1])) return null;
  if (Math.hypot(to[0] - from[0], to[1] - from[1]) > TELEPORT_RANGE + PATH_TOLERANCE) return null;
  if (!isWalkable(scene, to, radius)) return null;
  const reached = slideMove(scene, from, to, radius);
  return Math.hypot(reached[0] - to[0], reached[1] - to[1]) <= PATH_TOLERANCE ? [to[0], to[1]] : null;
}

/** Options of SnapTurn. */
export interface SnapTurnOptions {
  /** Thumbstick deflection (0..1) that triggers a turn. Default 0.6. */
  threshold?: number;
  /** Deflection under which the stick counts as centred again (re-armed). Default 0.3. */
  rearm?: number;
  /** Degrees per turn. Default SNAP_TURN_DEG (30). */
  stepDeg?: number;
}

/**
 * Snap turning from a thumbstick's x axis: one step each time the stick is pushed past the
 * threshold, nothing more until it comes back within the re-arm zone (no smooth rotation, which
 * makes people sick). `update` returns the yaw change in degrees: +step turns left, -step right.
 */
export class SnapTurn {
  private armed = true;
  private readonly threshold: number;
  private readonly rearm: number;
  private readonly stepDeg: number;

  constructor(options: SnapTurnOptions = {}) {
    this.threshold = options.threshold ?? 0.6;
    this.rearm = options.rearm ?? 0.3;
    this.stepDeg = options.stepDeg ?? SNAP_TURN_DEG;
  }

  /** Feeds the stick's x axis (-1 left .. 1 right); returns the yaw change in degrees (often 0). */
  update(x: number): number {
    if (Math.abs(x) < this.rearm) {
      this.armed = true;
      return 0;
    }
    if (!this.armed || Math.abs(x) < this.threshold) return 0;
    this.armed = false;
    // Yaw grows to the left (counter-clockwise seen from above), so pushing right turns by -step.
    return x > 0 ? -this.stepDeg : this.stepDeg;
  }
}

/** Options of TeleportAim. */
export interface TeleportAimOptions {
  /** Forward deflection (0..1, the stick pushed up) that starts aiming. Default 0.6. */
  threshold?: number;
  /** Deflection under which the stick counts as released. Default 0.25. */
  release?: number;
}

/**
 * Thumbstick teleporting: pushing the stick forward starts aiming, letting it go back to the
 * centre jumps (when the aim is valid at that moment). `update` returns 'aim' while aiming,
 * 'jump' on the release and 'idle' otherwise. Pushing sideways while aiming cancels it.
 */
export class TeleportAim {
  private aiming = false;
  private readonly threshold: number;
  private readonly release: number;

  constructor(options: TeleportAimOptions = {}) {
    this.threshold = options.threshold ?? 0.6;
    this.release = options.release ?? 0.25;
  }

  /** Whether the stick is held forward. */
  get active(): boolean {
    return this.aiming;
  }

  /** Feeds the stick (x right, y forward as WebXR reports it: -1 is forward). */
  update(x: number, y: number): 'idle' | 'aim' | 'jump' {
    const forward = -y;
    if (!this.aiming) {
      if (forward >= this.threshold && forward > Math.abs(x)) this.aiming = true;
      return this.aiming ? 'aim' : 'idle';
    }
    if (Math.hypot(x, y) < this.release) {
      this.aiming = false;
      return 'jump';
    }
    if (Math.abs(x) > forward) {
      this.aiming = false;
      return 'idle';
    }
    return 'aim';
  }

  /** Stops aiming without jumping (e.g. the session ended). */
  cancel(): void {
    this.aiming = false;
  }
}

/**
 * Moves a play-space origin so that the head (at plan point `head`) lands on `to`: the origin
 * keeps its offset from the head. Returns the origin's new plan position.
 */
export function originForHeadAt(origin: PlanPoint, head: PlanPoint, to: PlanPoint): PlanPoint {
  return [origin[0] + to[0] - head[0], origin[1] + to[1] - head[1]];
}

/**
 * Turns a play-space origin by `deltaYaw` radians about the head's plan point (so the view turns
 * in place instead of swinging round the play space's centre). Returns the new plan position.
 */
export function turnOriginAbout(origin: PlanPoint, head: PlanPoint, deltaYaw: number): PlanPoint {
  const c = Math.cos(deltaYaw);
  const s = Math.sin(deltaYaw);
  const dx = origin[0] - head[0];
  const dz = origin[1] - head[1];
  // Rotation about +y by θ maps (x, z) to (x cos θ + z sin θ, -x sin θ + z cos θ).
  return [head[0] + dx * c + dz * s, head[1] - dx * s + dz * c];
}

/** An angle in degrees wrapped into (-180, 180]. */
export function wrapDegrees(deg: number): number {
  const wrapped = ((((deg + 180) % 360) + 360) % 360) - 180;
  return wrapped === -180 ? 180 : wrapped;
}
