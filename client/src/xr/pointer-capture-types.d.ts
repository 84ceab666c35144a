// @pmndrs/pointer-events (under @react-three/xr) patches Object3D.prototype with pointer capture
// and declares it on the `three` module's Object3D. With @types/three's `export *` layout that
// declaration does not reach the class every other three.js type extends (Group, Mesh…), so a
// Group stops being assignable to Object3D as soon as @react-three/xr is imported anywhere.
// Declaring the same members on the defining module makes both agree (they exist at run time).
import 'three/src/core/Object3D.js';

declare module 'three/src/core/Object3D.js' {
  interface Object3D {
    /** Captures a pointer for this object (@pmndrs/pointer-events). */
    setPointerCapture(pointerId: number): void;
    /** Releases a captured pointer (@pmndrs/pointer-events). */
    releasePointerCapture(pointerId: number): void;
    /** Whether this object holds the pointer's capture (@pmndrs/pointer-events). */
    hasPointerCapture(pointerId: number): boolean;
  }
}
