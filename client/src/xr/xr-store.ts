import { createXRStore, type XRStore } from '@react-three/xr';
import { useSyncExternalStore } from 'react';

// The visitor's WebXR session: one @react-three/xr store for the page (its docs create it at
// module level too; a store cannot be reused once destroyed, which StrictMode's double effects
// would do to a per-component one).

/** Colour of the pointing rays and their cursors. */
export const RAY_COLOUR = '#e6b873';
/** Longest ray drawn from a tracked hand, metres (a hand's ray is for pointing, not reaching). */
const HAND_RAY_LENGTH = 3;

/**
 * Milliseconds between pressing and releasing the trigger (or pinching and letting go) that
 * still make a click on a work or the floor. The library's 300 ms is short for people new to VR.
 */
export const XR_CLICK_MS = 800;

let store: XRStore | null = null;

/**
 * The page's XR store, created on first use: immersive VR on a `local-floor` reference space
 * (eye height comes from the headset, world scale 1), controllers and tracked hands each with a
 * ray pointer (clicks reach the hall's works and floor), no grab or touch pointers, no AR
 * features. Controller layouts come from /xr-input-profiles (the page's CSP forbids the CDN),
 * and no controller or hand model is fetched. The built-in emulator is off: tests bring iwer.
 */
export function visitorXRStore(): XRStore {
  store ??= createXRStore({
    emulate: false,
    offerSession: false,
    enterGrantedSession: false,
    bounded: undefined,
    handTracking: true,
    anchors: false,
    layers: false,
    meshDetection: false,
    planeDetection: false,
    hitTest: false,
    domOverlay: false,
    bodyTracking: false,
    baseAssetPath: new URL('/xr-input-profiles/', window.location.origin).href,
    defaultControllerProfileId: 'generic-trigger-squeeze-thumbstick',
    controller: {
      model: false,
      grabPointer: false,
      rayPointer: { clickThresholdMs: XR_CLICK_MS, rayModel: { color: RAY_COLOUR }, cursorModel: { color: RAY_COLOUR } },
    },
    hand: {
      model: false,
      grabPointer: false,
      touchPointer: false,
      rayPointer: { clickThresholdMs: XR_CLICK_MS, rayModel: { color: RAY_COLOUR, maxLength: HAND_RAY_LENGTH }, cursorModel: { color: RAY_COLOUR } },
    },
    gaze: false,
    screenInput: false,
    transientPointer: false,
  });
  return store;
}

/** Whether `xrStore` has a session running (re-renders only when that changes). */
export function useXRPresenting(xrStore: XRStore): boolean {
  return useSyncExternalStore(xrStore.subscribe, () => xrStore.getState().session != null);
}
