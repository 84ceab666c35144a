import { MeshLambertMaterial, MeshStandardMaterial, type Color, type Texture } from 'three';

/** What every lit surface of the hall may set. */
export interface LitMaterialParams {
  color?: Color | string;
  map?: Texture | null;
  roughness?: number;
  metalness?: number;
  vertexColors?: boolean;
}

/** A lit surface material of either kind the quality tiers use. */
export type LitMaterial = MeshStandardMaterial | MeshLambertMaterial;

/**
 * A lit material for the hall's surfaces: physically based (MeshStandardMaterial) normally, or,
 * when `cheap` (the low tier), a diffuse-only MeshLambertMaterial, which costs software GL and
 * weak GPUs far less per pixel and per light (roughness and metalness are then ignored).
 */
export function createLitMaterial(cheap: boolean, params: LitMaterialParams = {}): LitMaterial {
  const { roughness, metalness, ...common } = params;
  const base = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
  if (cheap) return new MeshLambertMaterial(base);
  return new MeshStandardMaterial({ ...base, ...(roughness === undefined ? {} : { roughness }), ...(metalness === undefined ? {} : { metalness }) });
}
