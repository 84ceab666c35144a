import { XROrigin, type XRStore } from '@react-three/xr';
import type { ExhibitionView } from '@yunzhan/shared';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { Group, Vector3 } from 'three';
import type { VisitorRig } from '../exhibition/visitor-rig';
import { placementPoses } from '../hall/placement-pose';
import { XRPlaySpace } from './play-space';
import { XRLocomotion } from './xr-locomotion';
import { XRWorkPanel, type PanelPose } from './xr-work-panel';
import { useXRPresenting } from './xr-store';

/** How far in front of the visitor a work's panel floats, metres. */
const PANEL_DISTANCE = 1.1;
/** How far below eye level the panel's centre sits, metres (looking slightly down is easiest). */
const PANEL_DROP = 0.15;

/** What the page's hall hands to VR while a session runs (floor and work clicks). */
export interface VisitorXRHandle {
  /** Teleports to a plan point if the shared geometry allows it; returns whether it did. */
  teleportTo(point: [number, number]): boolean;
  /** Opens a placement's panel in front of the visitor. */
  openWork(placementId: string): void;
}

interface VisitorXRProps {
  store: XRStore;
  rig: VisitorRig;
  view: ExhibitionView;
  ref?: Ref<VisitorXRHandle>;
}

/**
 * The visitor in VR, inside `<XR>`: the XROrigin (the headset's floor-level play space, placed so
 * the head starts where the desktop visitor stood and looked), thumbstick teleport and snap turn,
 * the panel of a work picked with a controller or hand ray, and the visitor's rig kept on the
 * head (the mini-map follows, and leaving VR continues from there). Renders nothing visible
 * outside a session.
 */
export function VisitorXR({ store, rig, view, ref }: VisitorXRProps) {
  const presenting = useXRPresenting(store);
  const space = useMemo(() => new XRPlaySpace(view.scene), [view.scene]);
  const originRef = useRef<Group>(null);
  const [panel, setPanel] = useState<{ placementId: string; pose: PanelPose } | null>(null);
  const poses = useMemo(() => placementPoses(view.scene, view.layout.placements), [view.scene, view.layout.placements]);
  const placements = useMemo(() => new Map(view.layout.placements.map((p) => [p.id, p])), [view.layout.placements]);
  const works = useMemo(() => new Map(view.works.map((w) => [w.id, w])), [view.works]);

  useEffect(() => {
    space.origin = originRef.current;
    return () => {
      space.origin = null;
    };
  }, [space]);

  // Session start and end: publish it; on the way out the desktop view continues from the head.
  useEffect(() => {
    space.setSessionActive(store.getState().session != null);
    return store.subscribe((state, previous) => {
      if (state.session === previous.session) return;
      if (state.session == null && space.tracking) rig.teleport(space.viewerPose());
      space.setSessionActive(state.session != null);
      if (state.session == null) setPanel(null);
    });
  }, [store, space, rig]);

  const onFirstPose = useCallback(
    (headLocal: Vector3, headLocalYaw: number) => space.placeHead({ position: [...rig.position], yaw: rig.yaw, pitch: 0 }, headLocal, headLocalYaw),
    [space, rig],
  );

  const openWork = useCallback(
    (placementId: string) => {
      const pose = poses.get(placementId);
      if (!pose) return;
      // Between the visitor and the work, at a comfortable reading distance, facing the visitor.
      const head = space.head;
      const dx = pose.center[0] - head.x;
      const dz = pose.center[2] - head.z;
      const length = Math.hypot(dx, dz) || 1;
      const distance = Math.min(PANEL_DISTANCE, Math.max(0.6, length - 0.3));
      const x = head.x + (dx / length) * distance;
      const z = head.z + (dz / length) * distance;
      setPanel({ placementId, pose: { position: [x, Math.max(0.9, head.y - PANEL_DROP), z], yaw: Math.atan2(head.x - x, head.z - z) } });
      space.setPanel(placementId);
    },
    [poses, space],
  );
  const closePanel = useCallback(() => {
    setPanel(null);
    space.setPanel(null);
  }, [space]);

  useImperativeHandle(ref, () => ({ teleportTo: (point) => space.teleportTo(point), openWork }), [space, openWork]);

  // The rig follows the head, so the mini-map shows where the visitor is in VR.
  useEffect(() => {
    if (!presenting) return;
    const timer = setInterval(() => {
      if (space.tracking) rig.teleport(space.viewerPose());
    }, 250);
    return () => clearInterval(timer);
  }, [presenting, space, rig]);

  const placement = panel ? placements.get(panel.placementId) : undefined;
  const work = placement ? works.get(placement.workId) : undefined;

  return (
    <>
      <XROrigin ref={originRef} />
      {presenting && <XRLocomotion space={space} onFirstPose={onFirstPose} />}
      {presenting && panel && work && <XRWorkPanel key={panel.placementId} work={work} pose={panel.pose} onClose={closePanel} />}
    </>
  );
}
