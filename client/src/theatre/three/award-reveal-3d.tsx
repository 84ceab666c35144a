import { useFrame, useThree } from '@react-three/fiber';
import { podiumTop, type TheatreScene } from '@yunzhan/scenes';
import type { NomineeWork } from '@yunzhan/shared';
import { useEffect, useRef, useState } from 'react';
import {
  BoxGeometry,
  DoubleSide,
  LatheGeometry,
  MeshStandardMaterial,
  PlaneGeometry,
  SRGBColorSpace,
  TextureLoader,
  Vector2,
  type Group,
  type Texture,
} from 'three';
import type { ShownReveal } from '../../awards/reveal-state';
import { useDisposable } from './use-disposable';

/** Largest panel, in metres (width and height). */
const PANEL_SIZE = 2;
/** Gap between panels, in metres. */
const PANEL_GAP = 0.3;
/** How far in front of the screen the row of panels stands, in metres. */
const ROW_OFFSET = 4;
/** Seconds the trophy takes to rise and turn into place. */
const TROPHY_RISE_S = 1.8;
const GOLD = '#d4a94a';
/** The trophy's scale over a panel, and standing on a podium (where it is seen on its own). */
const TROPHY_SCALE = 1.1;
const PODIUM_TROPHY_SCALE = 1.6;

/** The trophy's profile (radius, height) in metres, turned around the y axis: base, stem, cup. */
const TROPHY_PROFILE = [
  [0, 0],
  [0.24, 0],
  [0.24, 0.05],
  [0.1, 0.09],
  [0.05, 0.14],
  [0.045, 0.36],
  [0.09, 0.42],
  [0.25, 0.52],
  [0.31, 0.72],
  [0.32, 0.86],
  [0.29, 0.86],
  [0.27, 0.72],
  [0.2, 0.58],
  [0, 0.55],
].map(([x, y]) => new Vector2(x, y));

/** Whether an image URL is on this page's origin (only those are loaded as textures). */
function sameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/** A work's image as a texture, loaded once per URL and disposed with the component. */
function useImageTexture(url: string | null): Texture | null {
  const [texture, setTexture] = useState<Texture | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    if (!url || !sameOrigin(url)) return;
    let disposed = false;
    let loaded: Texture | null = null;
    new TextureLoader().load(
      url,
      (t) => {
        if (disposed) return void t.dispose();
        t.colorSpace = SRGBColorSpace;
        loaded = t;
        setTexture(t);
        invalidate();
      },
      undefined,
      () => undefined,
    );
    return () => {
      disposed = true;
      loaded?.dispose();
      setTexture(null);
    };
  }, [url, invalidate]);
  return texture;
}

interface PanelProps {
  work: NomineeWork;
  size: number;
  position: [number, number, number];
  winner: boolean;
  /** Another nominee won: shown dimmed. */
  dimmed: boolean;
  plane: PlaneGeometry;
  box: BoxGeometry;
  frame: MeshStandardMaterial;
  goldFrame: MeshStandardMaterial;
}

/** One nominee: the work's image fitted inside a square frame (a plain card while it loads). */
function NomineePanel({ work, size, position, winner, dimmed, plane, box, frame, goldFrame }: PanelProps) {
  const texture = useImageTexture(work.imageUrl);
  const image = texture?.image as { width?: number; height?: number } | undefined;
  const aspect = image?.width && image.height ? image.width / image.height : 1;
  const inner = size * 0.9;
  const [w, h] = aspect >= 1 ? [inner, inner / aspect] : [inner * aspect, inner];
  const scale = winner ? 1.15 : 1;
  return (
    <group position={position} scale={scale}>
      <mesh geometry={box} material={winner ? goldFrame : frame} position-z={-0.04} scale={[size, size, 0.06]} />
      <mesh geometry={plane} scale={[w, h, 1]} position-z={0.001}>
        {/* Keyed on the texture: a material that gains a map needs a new shader program. */}
        <meshBasicMaterial key={texture?.uuid ?? 'blank'} map={texture} color={texture ? (dimmed ? '#6b6b6b' : '#ffffff') : '#2a2d3d'} toneMapped={false} />
      </mesh>
    </group>
  );
}

/**
 * A gold trophy of turned metal whose base rises to `position` (instantly for reduced motion): out
 * of the podium, or over the winner's panel.
 */
function Trophy({ position, scale }: { position: [number, number, number]; scale: number }) {
  const geometry = useDisposable(() => new LatheGeometry(TROPHY_PROFILE, 32), []);
  const gold = useDisposable(
    () => new MeshStandardMaterial({ color: GOLD, metalness: 0.65, roughness: 0.3, emissive: '#4a3510', side: DoubleSide }),
    [],
  );
  const ref = useRef<Group>(null);
  const progress = useRef(
    typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 1 : 0,
  );
  const invalidate = useThree((s) => s.invalidate);

  useEffect(() => invalidate(), [invalidate]);

  // Frames are drawn on demand: keep asking for the next one only while the trophy moves.
  useFrame((_, delta) => {
    const group = ref.current;
    if (!group) return;
    const p = progress.current;
    const eased = 1 - (1 - p) ** 3;
    group.position.y = position[1] - 0.8 * (1 - eased);
    group.rotation.y = (1 - eased) * Math.PI * 2;
    group.scale.setScalar(0.4 + 0.6 * eased);
    if (p < 1) {
      progress.current = Math.min(1, p + delta / TROPHY_RISE_S);
      invalidate();
    }
  });

  return (
    <group ref={ref} position={position}>
      <mesh geometry={geometry} material={gold} scale={scale} />
    </group>
  );
}

/**
 * The award reveal in the 3D theatre: the nominees' works as framed panels on the stage in front
 * of the screen and, at the winner stage, the winner's panel raised in a gold frame and a trophy
 * standing on the scene's podium (over the winner's panel in a theatre without one). Images come
 * from the works' own (same-origin) URLs; nothing else is downloaded.
 */
export function AwardReveal3D({ reveal, scene }: { reveal: ShownReveal | null; scene: TheatreScene }) {
  const plane = useDisposable(() => new PlaneGeometry(1, 1), []);
  const box = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const frame = useDisposable(() => new MeshStandardMaterial({ color: '#15161c', roughness: 0.6 }), []);
  const goldFrame = useDisposable(() => new MeshStandardMaterial({ color: GOLD, metalness: 0.6, roughness: 0.35, emissive: '#3a2a0c' }), []);
  if (!reveal || reveal.nominees.length === 0) return null;

  const { stage, screen } = scene;
  const n = reveal.nominees.length;
  const rowWidth = Math.min(stage.width - 2, screen.width + 2);
  const size = Math.min(PANEL_SIZE, (rowWidth - PANEL_GAP * (n - 1)) / n);
  // In front of the screen, but never off the stage's front edge.
  const z = Math.min(screen.position[2] + ROW_OFFSET, stage.frontZ - 0.6);
  const y = stage.height + 0.25 + size / 2;
  const winnerId = reveal.stage === 'winner' ? (reveal.winner?.entryId ?? null) : null;
  const x = (i: number) => (i - (n - 1) / 2) * (size + PANEL_GAP) + screen.position[0];
  const winnerIndex = winnerId ? reveal.nominees.findIndex((nominee) => nominee.entryId === winnerId) : -1;
  const podium = podiumTop(stage);

  return (
    <group name="award-reveal">
      {reveal.nominees.map((nominee, i) => (
        <NomineePanel
          key={nominee.entryId}
          work={nominee.work}
          size={size}
          position={[x(i), nominee.entryId === winnerId ? y + 0.15 : y, z + (nominee.entryId === winnerId ? 0.3 : 0)]}
          winner={nominee.entryId === winnerId}
          dimmed={winnerId !== null && nominee.entryId !== winnerId}
          plane={plane}
          box={box}
          frame={frame}
          goldFrame={goldFrame}
        />
      ))}
      {winnerIndex >= 0 &&
        (podium ? (
          <Trophy key={reveal.at} position={podium} scale={PODIUM_TROPHY_SCALE} />
        ) : (
          <Trophy key={reveal.at} position={[x(winnerIndex), y + 0.15 + size * 0.6 + 0.1, z + 0.3]} scale={TROPHY_SCALE} />
        ))}
    </group>
  );
}
