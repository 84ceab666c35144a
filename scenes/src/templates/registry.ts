import { NotFoundError, type LocalizedText, type Scene, type SceneKind } from '@yunzhan/shared';
import { AWARD_STAGE } from './award-stage';
import { CLASSICAL_GALLERY } from './classical-gallery';
import { generateHallScene } from './generated-hall';
import { THEATRE_SCENE } from './theatre';
import { THREE_ROOM_SUITE } from './three-room-suite';
import { WHITE_CUBE } from './white-cube';

/** Ids of the hand-made scene templates. */
export type TemplateId = 'white-cube' | 'classical-gallery' | 'three-room-suite' | 'theatre' | 'award-stage';

/** Every hand-made template by id, each a parsed and validated v2 scene. */
export const SCENE_TEMPLATES: Readonly<Record<TemplateId, Scene>> = {
  'white-cube': WHITE_CUBE,
  'classical-gallery': CLASSICAL_GALLERY,
  'three-room-suite': THREE_ROOM_SUITE,
  theatre: THEATRE_SCENE,
  'award-stage': AWARD_STAGE,
};

/** Ids of generated halls: `generated-hall-<works>`. */
const GENERATED = /^generated-hall-(\d{1,3})$/;

/**
 * The scene of a template id: a hand-made template, or `generated-hall-<n>` (generateHallScene(n)).
 * Throws NOT_FOUND for anything else.
 */
export function getTemplate(id: string): Scene {
  if (Object.hasOwn(SCENE_TEMPLATES, id)) return SCENE_TEMPLATES[id as TemplateId];
  const generated = GENERATED.exec(id);
  if (generated && Number(generated[1]) <= 500 && String(Number(generated[1])) === generated[1]) return generateHallScene(Number(generated[1]));
  throw new NotFoundError(`scene template "${id}"`);
}

/** A template as lists show it. */
export interface TemplateSummary {
  id: TemplateId;
  kind: SceneKind;
  name: LocalizedText;
}

/** The hand-made templates for pickers, in registry order (galleries first). */
export function listTemplates(): TemplateSummary[] {
  return (Object.entries(SCENE_TEMPLATES) as [TemplateId, Scene][]).map(([id, scene]) => ({ id, kind: scene.kind, name: scene.name }));
}
