// What the VR mode publishes for tests (`window.__yunzhanXR`), replaced on each change (session
// start and end, teleport, snap turn), never per frame.

/** The VR mode's observable state. */
export interface XRDebugState {
  /** Whether an immersive session is running. */
  sessionActive: boolean;
  /** World position of the play space's origin (the floor under the play space's centre), metres. */
  originPosition: [number, number, number];
  /** The play space's rotation about +y, degrees in (-180, 180]; 0 looks along -z, left positive. */
  yawDeg: number;
  /** Teleports done in this page's life. */
  teleports: number;
  /** Snap turns done in this page's life. */
  snapTurns: number;
  /** Teleports refused (not walkable, or a wall in the way). */
  refused: number;
  /** Thumbstick teleport aim: none, on a spot it would jump to, or on one it refuses. */
  aim: 'none' | 'valid' | 'invalid';
  /** Placement whose panel is open in VR, or null. */
  panelId: string | null;
}

declare global {
  interface Window {
    /** Test hook: the VR mode's state (see XRDebugState). */
    __yunzhanXR?: XRDebugState;
  }
}

const rounded = (x: number) => Math.round(x * 1000) / 1000;

/** Replaces `window.__yunzhanXR` with `state` (numbers rounded to millimetres). */
export function publishXRState(state: XRDebugState): void {
  window.__yunzhanXR = {
    ...state,
    originPosition: [rounded(state.originPosition[0]), rounded(state.originPosition[1]), rounded(state.originPosition[2])],
    yawDeg: rounded(state.yawDeg),
  };
}
