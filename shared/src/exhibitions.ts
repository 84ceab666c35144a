import { z } from 'zod';
import { Colour, Degrees, LocalId, LocalizedText, Metres, Vec2 } from './scene/primitives';
import { Scene } from './scene/schema';
import { ReviewNote } from './review-note';
import { Work, WorkId } from './works';

// Exhibitions: a curator picks a hall template, places works in it (the layout), submits the
// draft for review; an admin approves it (it becomes the published layout, public) or returns it
// with a comment. Visitors only ever see a published layout: one an admin approved. Editing and
// resubmitting an approved exhibition leaves its published layout, title and summary public until
// the next approval.

/** Identifier of an exhibition in URLs (`/exhibitions/<id>`). */
export const ExhibitionId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'lower-case letters, digits and -, 3-64 long');
export type ExhibitionId = z.infer<typeof ExhibitionId>;

/** Content review state of the draft. An exhibition is public once it has a published (approved) layout. */
export const ExhibitionStatus = z.enum(['draft', 'in-review', 'approved', 'returned']);
export type ExhibitionStatus = z.infer<typeof ExhibitionStatus>;

/** Lighting presets a curator picks for the whole hall, applied over the template's lights. */
export const LightingPreset = z.enum(['gallery-neutral', 'warm', 'daylight', 'evening']);
export type LightingPreset = z.infer<typeof LightingPreset>;

/** A spotlight aimed at one work. */
export const WorkSpotlight = z.object({
  on: z.boolean().default(false),
  /** Candela. Default 40. */
  intensity: z.number().finite().min(0).max(2000).default(40),
  colour: Colour.default('#fff4e0'),
});
export type WorkSpotlight = z.infer<typeof WorkSpotlight>;

/** Where a work's label goes: beside it (right), below it, or nowhere. */
export const LabelPosition = z.enum(['right', 'below', 'none']);

const placementCommon = {
  /** Unique within the layout. */
  id: LocalId,
  workId: WorkId,
  label: LabelPosition.default('right'),
  spotlight: WorkSpotlight.default({ on: false, intensity: 40, colour: '#fff4e0' }),
};

/**
 * A work hung on a wall. `u`/`v` place the centre of the work in wall coordinates (metres along the
 * wall from its start, metres above the floor); `width`/`height` are its size on the wall in metres
 * (the real size from the work's dimensions times the curator's scale); `rotationDeg` turns it in
 * the wall's plane.
 */
export const WallPlacement = z.object({
  ...placementCommon,
  mount: z.literal('wall'),
  wallId: LocalId,
  side: z.enum(['front', 'back']),
  u: z.number().finite(),
  v: z.number().finite(),
  width: Metres.max(20),
  height: Metres.max(20),
  rotationDeg: Degrees.default(0),
});
export type WallPlacement = z.infer<typeof WallPlacement>;

/** A work standing on the floor (3D models, on a plinth): centre on the plan, turn, footprint. */
export const FloorPlacement = z.object({
  ...placementCommon,
  mount: z.literal('floor'),
  position: Vec2,
  yawDeg: Degrees.default(0),
  /** Side of the square footprint (plinth) in metres. */
  footprint: Metres.max(10),
  /** Height of the work above the plinth, metres. */
  height: Metres.max(20),
  plinth: z.boolean().default(true),
});
export type FloorPlacement = z.infer<typeof FloorPlacement>;

/** A work's place in the hall. */
export const Placement = z.discriminatedUnion('mount', [WallPlacement, FloorPlacement]);
export type Placement = z.infer<typeof Placement>;

/** One stop of the guided tour: the work it goes to and what the narrator says there. */
export const TourStop = z.object({ placementId: LocalId, narration: LocalizedText(1000) });
export type TourStop = z.infer<typeof TourStop>;

/** Everything a curator arranges: template, lighting, placements and the tour. */
export const ExhibitionLayout = z.object({
  /** Id of the hall template (scenes/ templates). */
  templateId: LocalId,
  lighting: LightingPreset.default('gallery-neutral'),
  placements: z.array(Placement).max(500).default([]),
  tour: z.array(TourStop).max(100).default([]),
});
export type ExhibitionLayout = z.infer<typeof ExhibitionLayout>;
/** A layout as a client sends it (defaults not applied). */
export type ExhibitionLayoutInput = z.input<typeof ExhibitionLayout>;

export { ReviewNote };

/** An exhibition's title and summary. */
export const ExhibitionTexts = z.object({ title: LocalizedText(120), summary: LocalizedText(1000) });
export type ExhibitionTexts = z.infer<typeof ExhibitionTexts>;

/** An exhibition as its curator and admins see it. */
export const Exhibition = z.object({
  id: ExhibitionId,
  title: LocalizedText(120),
  summary: LocalizedText(1000),
  /** The curator's account; empty for visitors (who get no account ids). */
  ownerId: z.string(),
  status: ExhibitionStatus,
  /** The working layout; autosaved. */
  draft: ExhibitionLayout,
  /** Increases with every saved draft; a save names the revision it started from. */
  revision: z.number().int().nonnegative(),
  /** The layout visitors see, set when an admin approves; null until then. */
  published: ExhibitionLayout.nullable(),
  review: ReviewNote.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /**
   * Owner and admins only: when `title`/`summary` show an edit of a published exhibition that
   * awaits review, the texts visitors see until it is approved; null when there is none. Visitors
   * get neither the edit nor this field.
   */
  approvedTexts: ExhibitionTexts.nullable().optional(),
});
export type Exhibition = z.infer<typeof Exhibition>;

/** An exhibition in lists: no layouts. */
export const ExhibitionSummary = Exhibition.omit({ draft: true, published: true }).extend({
  templateId: LocalId,
  workCount: z.number().int().nonnegative(),
  /** URL of a cover image (the first placed image work's smallest rendition), if any. */
  cover: z.string().nullable(),
});
export type ExhibitionSummary = z.infer<typeof ExhibitionSummary>;

/** What `/exhibitions/<id>` loads: the scene, the layout to show and the works it places. */
export const ExhibitionView = z.object({
  exhibition: ExhibitionSummary,
  scene: Scene,
  layout: ExhibitionLayout,
  works: z.array(Work),
  /** True when this is the curator's draft preview rather than the published layout. */
  preview: z.boolean(),
});
export type ExhibitionView = z.infer<typeof ExhibitionView>;

/** Body of POST /api/exhibitions. */
export const CreateExhibitionInput = z.object({
  id: ExhibitionId,
  title: LocalizedText(120),
  summary: LocalizedText(1000).optional(),
  templateId: LocalId,
});
export type CreateExhibitionInput = z.infer<typeof CreateExhibitionInput>;

/** Body of PUT /api/exhibitions/:id/draft: the whole layout and the revision it was based on. */
export const SaveDraftInput = z.object({
  baseRevision: z.number().int().nonnegative(),
  layout: ExhibitionLayout,
  title: LocalizedText(120).optional(),
  summary: LocalizedText(1000).optional(),
});
export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

/** Body of POST /api/exhibitions/:id/review (admins). A returned exhibition needs a comment. */
export const ReviewInput = z
  .object({ decision: z.enum(['approve', 'return']), comment: z.string().trim().max(2000).default('') })
  .refine((r) => r.decision === 'approve' || r.comment.length > 0, { message: 'say why it is returned', path: ['comment'] });
export type ReviewInput = z.infer<typeof ReviewInput>;

/** Socket room of an exhibition hall (presence: visitors currently in the hall). */
export const hallRoom = (id: ExhibitionId) => `hall:${id}`;
