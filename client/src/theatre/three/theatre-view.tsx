import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { THEATRE, type TheatreScene } from '@yunzhan/scenes';
import type { ShownReveal } from '../../awards/reveal-state';
import { AwardReveal3D } from './award-reveal-3d';
import { RenderInfoProbe } from './render-info-probe';
import { TheatreLights } from './theatre-lights';
import { TheatreRoom } from './theatre-room';
import { TheatreScreen } from './theatre-screen';
import { TheatreSeats } from './theatre-seats';

const DEG = Math.PI / 180;

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
  return (
    <Canvas
      className="theatre-canvas"
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
    </Canvas>
  );
}
