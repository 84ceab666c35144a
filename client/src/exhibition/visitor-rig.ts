import { VISITOR_RADIUS } from '@yunzhan/shared';
import { lookDirection, nearestAngle, rightDirection, type ViewerPose } from '../hall/camera-framing';

// The visitor's body: where they stand, where they look, and what moves them (keys, joystick,
// click-to-walk, guided camera moves). Plain state advanced by `update(delta)` from the render
// loop; the 3D view copies it onto the camera, the mini-map reads it a few times a second.

/** Eye height above the floor, metres. */
export const EYE_HEIGHT = 1.6;
/** The visitor's collision radius, metres: the scene format's, which spawn points are checked against. */
export const VISITOR_COLLISION_RADIUS = VISITOR_RADIUS;
/** Walking speed, metres per second (running: twice). */
export const WALK_SPEED = 1.8;
/** Turning speed with the keyboard (Q/E), radians per second. */
const TURN_SPEED = 1.8;
/** Furthest a visitor may look up or down, radians. */
const MAX_PITCH = 1.2;

/** Moves a visitor from one plan point towards another, stopping at walls (e.g. shared slideMove). */
export type Collide = (from: [number, number], to: [number, number]) => [number, number];

/** Movement intent from keys or the joystick: forward and right in -1..1. */
export interface MoveIntent {
  forward: number;
  right: number;
  turn: number;
  run: boolean;
}

const KEY_BINDINGS: Record<string, Partial<Record<'forward' | 'right' | 'turn', number>>> = {
  KeyW: { forward: 1 },
  ArrowUp: { forward: 1 },
  KeyS: { forward: -1 },
  ArrowDown: { forward: -1 },
  KeyA: { right: -1 },
  KeyD: { right: 1 },
  ArrowLeft: { turn: 1 },
  ArrowRight: { turn: -1 },
  KeyQ: { turn: 1 },
  KeyE: { turn: -1 },
};

/** Whether a KeyboardEvent.code moves the visitor. */
export function isMovementKey(code: string): boolean {
  return Object.hasOwn(KEY_BINDINGS, code) || code === 'ShiftLeft' || code === 'ShiftRight';
}

/** The movement intent of the keys held down (event.code values). */
export function keyIntent(keys: ReadonlySet<string>): MoveIntent {
  const intent: MoveIntent = { forward: 0, right: 0, turn: 0, run: keys.has('ShiftLeft') || keys.has('ShiftRight') };
  for (const key of keys) {
    const binding = KEY_BINDINGS[key];
    if (!binding) continue;
    intent.forward += binding.forward ?? 0;
    intent.right += binding.right ?? 0;
    intent.turn += binding.turn ?? 0;
  }
  intent.forward = Math.max(-1, Math.min(1, intent.forward));
  intent.right = Math.max(-1, Math.min(1, intent.right));
  intent.turn = Math.max(-1, Math.min(1, intent.turn));
  return intent;
}

/**
 * Where a visitor at `position` looking along `yaw` ends up after `delta` seconds of `intent`:
 * the wanted step (diagonals no faster than straight), passed through `collide`.
 */
export function stepVisitor(position: [number, number], yaw: number, intent: Pick<MoveIntent, 'forward' | 'right' | 'run'>, delta: number, collide: Collide): [number, number] {
  const f = lookDirection(yaw);
  const r = rightDirection(yaw);
  let x = f[0] * intent.forward + r[0] * intent.right;
  let z = f[1] * intent.forward + r[1] * intent.right;
  const length = Math.hypot(x, z);
  if (length === 0) return position;
  if (length > 1) {
    x /= length;
    z /= length;
  }
  const distance = WALK_SPEED * (intent.run ? 2 : 1) * delta;
  return collide(position, [position[0] + x * distance, position[1] + z * distance]);
}

/** A timed camera move between two poses (tour, deep link). */
interface Glide {
  from: ViewerPose;
  to: ViewerPose;
  elapsed: number;
  duration: number;
}

/** Smooth start and stop, 0..1 → 0..1. */
export function easeInOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2;
}

/** The visitor's state and what moves it. */
export class VisitorRig {
  position: [number, number];
  yaw: number;
  pitch = 0;
  /** Keys held down (KeyboardEvent.code). */
  readonly keys = new Set<string>();
  /** Joystick deflection: x right, y forward, -1..1. */
  joystick = { x: 0, y: 0 };
  private walkTarget: [number, number] | null = null;
  private glide: Glide | null = null;

  constructor(start: ViewerPose) {
    this.position = [start.position[0], start.position[1]];
    this.yaw = start.yaw;
    this.pitch = start.pitch;
  }

  /** Walks (collision-checked) to a plan point; any key or joystick input cancels it. */
  walkTo(point: [number, number]): void {
    this.glide = null;
    this.walkTarget = [point[0], point[1]];
  }

  /** Glides the camera to `pose` over a time that grows with the distance (0.6–3 s). */
  glideTo(pose: ViewerPose): void {
    const from: ViewerPose = { position: [...this.position], yaw: this.yaw, pitch: this.pitch };
    const distance = Math.hypot(pose.position[0] - from.position[0], pose.position[1] - from.position[1]);
    const turn = Math.abs(nearestAngle(from.yaw, pose.yaw) - from.yaw);
    this.walkTarget = null;
    this.glide = { from, to: { ...pose, yaw: nearestAngle(from.yaw, pose.yaw) }, elapsed: 0, duration: Math.min(3, Math.max(0.6, distance / 3 + turn / 2)) };
  }

  /** Jumps to `pose` at once. */
  teleport(pose: ViewerPose): void {
    this.stop();
    this.position = [pose.position[0], pose.position[1]];
    this.yaw = pose.yaw;
    this.pitch = pose.pitch;
  }

  /** Turns the view by a drag: radians of yaw (left positive) and pitch (up positive). */
  look(deltaYaw: number, deltaPitch: number): void {
    this.glide = null;
    this.yaw += deltaYaw;
    this.pitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, this.pitch + deltaPitch));
  }

  /** Stops any walk or glide. */
  stop(): void {
    this.walkTarget = null;
    this.glide = null;
  }

  /** Whether a glide or a click-to-walk is under way. */
  get busy(): boolean {
    return this.walkTarget !== null || this.glide !== null;
  }

  /** Advances by `delta` seconds; returns whether anything changed. */
  update(delta: number, collide: Collide): boolean {
    const dt = Math.min(delta, 0.25); // a stalled tab must not teleport the visitor
    const keys = keyIntent(this.keys);
    const intent: MoveIntent = {
      forward: Math.max(-1, Math.min(1, keys.forward + this.joystick.y)),
      right: Math.max(-1, Math.min(1, keys.right + this.joystick.x)),
      turn: keys.turn,
      run: keys.run,
    };
    const manual = intent.forward !== 0 || intent.right !== 0 || intent.turn !== 0;
    if (manual) {
      this.stop();
      this.yaw += intent.turn * TURN_SPEED * dt;
      this.position = stepVisitor(this.position, this.yaw, intent, dt, collide);
      return true;
    }
    if (this.glide) {
      const g = this.glide;
      g.elapsed += dt;
      const k = easeInOut(g.elapsed / g.duration);
      this.position = [g.from.position[0] + (g.to.position[0] - g.from.position[0]) * k, g.from.position[1] + (g.to.position[1] - g.from.position[1]) * k];
      this.yaw = g.from.yaw + (g.to.yaw - g.from.yaw) * k;
      this.pitch = g.from.pitch + (g.to.pitch - g.from.pitch) * k;
      if (g.elapsed >= g.duration) this.glide = null;
      return true;
    }
    if (this.walkTarget) {
      const target = this.walkTarget;
      const dx = target[0] - this.position[0];
      const dz = target[1] - this.position[1];
      const remaining = Math.hypot(dx, dz);
      const step = Math.min(remaining, WALK_SPEED * 1.4 * dt);
      const wanted: [number, number] = [this.position[0] + (dx / remaining) * step, this.position[1] + (dz / remaining) * step];
      const reached = remaining < 1e-3 ? this.position : collide(this.position, wanted);
      const progress = Math.hypot(reached[0] - this.position[0], reached[1] - this.position[1]);
      this.position = reached;
      // Arrived, or blocked by a wall: stop rather than push against it forever.
      if (remaining - step < 0.02 || progress < step * 0.2) this.walkTarget = null;
      return true;
    }
    return false;
  }
}
