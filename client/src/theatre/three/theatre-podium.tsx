import type { Podium } from '@yunzhan/scenes';
import { BoxGeometry, MeshBasicMaterial, MeshStandardMaterial } from 'three';
import { useDisposable } from './use-disposable';

/**
 * The winners' podium: a gold box centred in front of the stage's front edge (`frontZ` is that
 * edge), with a warm light strip along its top front edge like the stage's.
 */
export function TheatrePodium({ podium, frontZ }: { podium: Podium; frontZ: number }) {
  const box = useDisposable(() => new BoxGeometry(1, 1, 1), []);
  const gold = useDisposable(
    () => new MeshStandardMaterial({ color: podium.colour, metalness: 0.55, roughness: 0.4 }),
    [podium.colour],
  );
  // Unlit, so it reads as a light source.
  const glow = useDisposable(() => new MeshBasicMaterial({ color: '#ffd9a0', toneMapped: false }), []);
  const z = frontZ + podium.depth / 2;
  return (
    <group name="podium">
      <mesh geometry={box} material={gold} position={[0, podium.height / 2, z]} scale={[podium.width, podium.height, podium.depth]} />
      <mesh geometry={box} material={glow} position={[0, podium.height - 0.03, frontZ + podium.depth + 0.02]} scale={[podium.width, 0.03, 0.03]} />
    </group>
  );
}
