import { OrbitControls } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { THEATRE, type CameraRig, type TheatreScene } from '@yunzhan/scenes';
import { useLayoutEffect, useRef, type ComponentRef, type RefObject } from 'react';
import { PerspectiveCamera } from 'three';
import type { ShownReveal } from '../../awards/reveal-state';
import { AwardReveal3D } from './award-reveal-3d';
import { RenderInfoProbe } from './render-info-probe';
import { TheatreLights } from './theatre-lights';
import { TheatreRoom } from './theatre-room';
import { TheatreScreen } from './theatre-screen';
import { TheatreSeats } from './theatre-seats';
import styles from './theatre-view.module.css';

const DEG = Math.PI / 180;

type Controls = ComponentRef<typeof OrbitControls>;

/**
 * Puts the camera at the rig's spawn, looking at its target, whenever the rig changes: the
 * Canvas reads its `camera` prop only once, and the scene can change after mount (an event is
 * found to be an award ceremony once its programmes are looked up). Orbiting is left alone.
 */
function CameraRigSync({ rig, controls }: { rig: CameraRig; controls: RefObject<Controls | null> }) {
  const camera = useThree((state) => state.camera);
  const invalidate = useThree((state) => state.invalidate);
  useLayoutEffect(() => {
    camera.position.set(...rig.position);
    if (camera instanceof PerspectiveCamera && camera.fov !== rig.fovDeg) {
      camera.fov = rig.fovDeg;
      camera.updateProjectionMatrix();
    }
    camera.lookAt(...rig.target);
    controls.current?.target.set(...rig.target);
    controls.current?.update();
    invalidate();
  }, [rig, camera, controls, invalidate]);
  return null;
}

interface TheatreViewProps {
  /** The player's video element; its picture goes on the screen. */
  video: HTMLVideoElement | null;
  hasPicture: boolean;
  /** Scene data; the standard theatre by default. */
  scene?: TheatreScene;
  /** Accessible description of the canvas. */
  label: string;
  /** The award reveal on screen, shown on the stage (nominee panels, the winner's trophy). */
  reveal?: ShownReveal | null;
}

/**
 * The 3D theatre (lazily loaded with three.js). Everything comes from the scene data; the camera
 * starts in the audience and orbits gently around the screen within the limits the data sets,
 * which keep it over the seats.
 */
export default function TheatreView({ video, hasPicture, scene = THEATRE, label, reveal = null }: TheatreViewProps) {
  const { camera } = scene;
  const controls = useRef<Controls>(null);
  return (
    <Canvas
      className={styles.canvas}
      aria-label={label}
      role="img"
      // Frames are drawn when something changes (a video frame, the controls, a prop), not at
      // the display's refresh rate: a still waiting room costs no GPU time.
      frameloop="demand"
      dpr={[1, 1.75]}
      gl={{ antialias: true, powerPreference: 'high-performance' }}
      camera={{ position: camera.position, fov: camera.fovDeg, near: 0.1, far: 120 }}
      onCreated={({ camera: cam }) => cam.lookAt(...camera.target)}
    >
      <color attach="background" args={[scene.room.ceilingColour]} />
      <TheatreLights lights={scene.lights} />
      <TheatreRoom scene={scene} />
      <TheatreSeats seating={scene.seating} room={scene.room} />
      <TheatreScreen screen={scene.screen} video={video} hasPicture={hasPicture} />
      <AwardReveal3D reveal={reveal} scene={scene} />
      <RenderInfoProbe />
      <OrbitControls
        ref={controls}
        makeDefault
        target={camera.target}
        enablePan={false}
        enableDamping
        dampingFactor={0.08}
        rotateSpeed={0.35}
        zoomSpeed={0.5}
        minDistance={camera.minDistance}
        maxDistance={camera.maxDistance}
        minAzimuthAngle={-camera.maxAzimuthDeg * DEG}
        maxAzimuthAngle={camera.maxAzimuthDeg * DEG}
        minPolarAngle={camera.minPolarDeg * DEG}
        maxPolarAngle={camera.maxPolarDeg * DEG}
      />
      {/* After the controls, so their ref is set when this moves the camera. */}
      <CameraRigSync rig={camera} controls={controls} />
    </Canvas>
  );
}
