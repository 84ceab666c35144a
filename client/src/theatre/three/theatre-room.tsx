import type { TheatreScene } from '@yunzhan/scenes';
import { BoxGeometry, MeshBasicMaterial, MeshStandardMaterial, PlaneGeometry } from 'three';
import { TheatrePodium } from './theatre-podium';
import { useDisposable } from './use-disposable';

/** Depth of a side curtain's folds, in metres. */
const FOLD_DEPTH = 0.09;
/** Gap between the screen's edge and the curtains, in metres. */
const CURTAIN_GAP = 0.4;

/** A curtain: a plane rippled into vertical folds (made once, shared by both sides). */
function curtainGeometry(width: number, height: number): PlaneGeometry {
  const geometry = new PlaneGeometry(width, height, Math.max(8, Math.round(width * 14)), 1);
  const position = geometry.attributes.position;
  if (position) {
    for (let i = 0; i < position.count; i++) position.setZ(i, FOLD_DEPTH * Math.sin(position.getX(i) * 9));
    position.needsUpdate = true;
  }
  geometry.computeVertexNormals();
  return geometry;
}

/** The room's shell, the stage (and its podium, if any), curtains, screen frame and wall sconces. */
export function TheatreRoom({ scene }: { scene: TheatreScene }) {
  const { room, stage, screen, lights } = scene;
  const box = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const wall = useDisposable(() => new MeshStandardMaterial({ color: room.wallColour, roughness: 0.95 }), [room.wallColour]);
  const floor = useDisposable(() => new MeshStandardMaterial({ color: room.floorColour, roughness: 0.9 }), [room.floorColour]);
  const ceiling = useDisposable(() => new MeshStandardMaterial({ color: room.ceilingColour, roughness: 1 }), [room.ceilingColour]);
  const stageMaterial = useDisposable(() => new MeshStandardMaterial({ color: stage.colour, roughness: 0.7 }), [stage.colour]);
  const curtain = useDisposable(
    () => new MeshStandardMaterial({ color: stage.curtainColour, roughness: 0.85 }),
    [stage.curtainColour],
  );
  const frame = useDisposable(() => new MeshStandardMaterial({ color: screen.frameColour, roughness: 0.6 }), [screen.frameColour]);
  // Emissive fittings are unlit and skip tone mapping so they read as light sources.
  const glow = useDisposable(() => new MeshBasicMaterial({ color: '#ffcf99', toneMapped: false }), []);

  const halfW = room.width / 2;
  const halfD = room.depth / 2;
  const stageDepth = stage.frontZ + halfD;
  const [sx, sy, sz] = screen.position;
  const stageTop = stage.height;
  const curtainWidth = stage.width / 2 - (screen.width / 2 + CURTAIN_GAP);
  const curtainTop = Math.min(room.height - 0.3, sy + screen.height / 2 + 1.2);
  const curtainHeight = curtainTop - stageTop;
  const curtainZ = sz + 0.35;
  const curtains = useDisposable(() => curtainGeometry(curtainWidth, curtainHeight), [curtainWidth, curtainHeight]);
  const valanceHeight = curtainTop - (sy + screen.height / 2 + 0.25);

  return (
    <group>
      {/* shell */}
      <mesh geometry={plane} material={floor} rotation-x={-Math.PI / 2} scale={[room.width, room.depth, 1]} />
      <mesh geometry={plane} material={ceiling} position={[0, room.height, 0]} rotation-x={Math.PI / 2} scale={[room.width, room.depth, 1]} />
      <mesh geometry={plane} material={wall} position={[0, room.height / 2, -halfD]} scale={[room.width, room.height, 1]} />
      <mesh geometry={plane} material={wall} position={[0, room.height / 2, halfD]} rotation-y={Math.PI} scale={[room.width, room.height, 1]} />
      <mesh geometry={plane} material={wall} position={[-halfW, room.height / 2, 0]} rotation-y={Math.PI / 2} scale={[room.depth, room.height, 1]} />
      <mesh geometry={plane} material={wall} position={[halfW, room.height / 2, 0]} rotation-y={-Math.PI / 2} scale={[room.depth, room.height, 1]} />

      {/* stage with a warm light strip along its front edge */}
      <mesh geometry={box} material={stageMaterial} position={[0, stageTop / 2, -halfD + stageDepth / 2]} scale={[stage.width, stageTop, stageDepth]} />
      <mesh geometry={box} material={glow} position={[0, stageTop - 0.03, stage.frontZ + 0.02]} scale={[stage.width, 0.03, 0.03]} />
      {stage.podium && <TheatrePodium podium={stage.podium} frontZ={stage.frontZ} />}

      {/* screen frame, curtains either side and a valance above */}
      <mesh geometry={box} material={frame} position={[sx, sy, sz - 0.06]} scale={[screen.width + 0.3, screen.height + 0.3, 0.1]} />
      {curtainWidth > 0.2 && (
        <>
          <mesh geometry={curtains} material={curtain} position={[sx - screen.width / 2 - CURTAIN_GAP - curtainWidth / 2, stageTop + curtainHeight / 2, curtainZ]} />
          <mesh geometry={curtains} material={curtain} position={[sx + screen.width / 2 + CURTAIN_GAP + curtainWidth / 2, stageTop + curtainHeight / 2, curtainZ]} />
        </>
      )}
      {valanceHeight > 0.2 && (
        <mesh geometry={box} material={curtain} position={[0, curtainTop - valanceHeight / 2, curtainZ]} scale={[stage.width, valanceHeight, 0.2]} />
      )}

      {/* a sconce on the wall behind each point light */}
      {lights.map((light, i) =>
        light.type === 'point' && Math.abs(light.position[0]) > halfW - 1 ? (
          <mesh
            key={i}
            geometry={box}
            material={glow}
            position={[Math.sign(light.position[0]) * (halfW - 0.05), light.position[1], light.position[2]]}
            scale={[0.08, 0.5, 0.3]}
          />
        ) : null,
      )}
    </group>
  );
}
