import { Canvas } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import type { ExhibitionView } from '@yunzhan/shared';
import { useRef, type Ref } from 'react';
import { QualityMonitor, useAdaptiveQuality } from '../hall/hall-quality';
import { HallScene, type HallHandle } from '../hall/hall-scene';
import type { QualityTier } from '../hall/quality';
import type { Locale } from '../i18n/dictionary';
import { EnterVRButton } from '../xr/enter-vr-button';
import { VisitorXR, type VisitorXRHandle } from '../xr/visitor-xr';
import { useXRPresenting, visitorXRStore } from '../xr/xr-store';
import styles from './exhibition-canvas.module.css';
import { VisitorController } from './visitor-controller';
import { EYE_HEIGHT, type VisitorRig } from './visitor-rig';

interface ExhibitionCanvasProps {
  view: ExhibitionView;
  rig: VisitorRig;
  locale: Locale;
  /** Accessible name of the canvas. */
  label: string;
  /** Rendering quality tier; fixed for the Canvas's life (its antialias is), so key on it. */
  quality: QualityTier;
  selectedId: string | null;
  onWorkPick: (placementId: string) => void;
  onVideo: (video: HTMLVideoElement | null) => void;
  hallRef?: Ref<HallHandle>;
}

/**
 * The visitor's 3D view (lazily loaded with three.js): a full-size Canvas with the hall and
 * first-person controls. Clicking the floor walks there. Where the browser offers immersive VR,
 * an "Enter VR" button starts a WebXR session: then the desktop controls rest, a click on the
 * floor (controller or hand ray) teleports and a work opens its panel inside the headset.
 * The quality tier sets antialias and the pixel ratio range; slow frames step it down further.
 */
export default function ExhibitionCanvas({ view, rig, locale, label, quality, selectedId, onWorkPick, onVideo, hallRef }: ExhibitionCanvasProps) {
  const adaptive = useAdaptiveQuality(quality);
  const xrStore = visitorXRStore();
  const presenting = useXRPresenting(xrStore);
  const xr = useRef<VisitorXRHandle>(null);
  return (
    <>
      <Canvas
        className={styles.canvas}
        aria-label={label}
        role="img"
        data-testid="hall-canvas"
        dpr={adaptive.settings.dpr}
        gl={{ antialias: adaptive.settings.antialias, powerPreference: 'high-performance' }}
        camera={{ fov: 70, near: 0.05, far: 250, position: [rig.position[0], EYE_HEIGHT, rig.position[1]] }}
      >
        <QualityMonitor quality={adaptive} />
        <XR store={xrStore}>
          <HallScene
            ref={hallRef}
            scene={view.scene}
            layout={view.layout}
            works={view.works}
            locale={locale}
            quality={adaptive.settings}
            qualityStep={adaptive.step}
            selectedId={selectedId}
            onWorkPick={presenting ? (id) => xr.current?.openWork(id) : onWorkPick}
            onFloorPick={(point) => (presenting ? xr.current?.teleportTo(point) : rig.walkTo(point))}
            onVideo={onVideo}
          />
          {!presenting && <VisitorController rig={rig} scene={view.scene} />}
          <VisitorXR ref={xr} store={xrStore} rig={rig} view={view} />
        </XR>
      </Canvas>
      <EnterVRButton store={xrStore} />
    </>
  );
}
