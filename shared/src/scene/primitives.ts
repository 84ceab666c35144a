import { z } from 'zod';

// Units everywhere in scenes: metres, degrees, three.js physical light units. Y is up; the floor
// of the ground storey is y = 0. Plans (2D) use [x, z] as seen from above.

/** A point or direction in metres, `[x, y, z]`. */
export const Vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
export type Vec3 = z.infer<typeof Vec3>;

/** A point on the floor plan in metres, `[x, z]`. */
export const Vec2 = z.tuple([z.number().finite(), z.number().finite()]);
export type Vec2 = z.infer<typeof Vec2>;

/** A colour as `#rrggbb`. */
export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');
export type Colour = z.infer<typeof Colour>;

/** A positive length in metres. */
export const Metres = z.number().finite().positive();
/** A light intensity (three.js physical units), never negative. */
export const Intensity = z.number().finite().nonnegative();
/** An angle in degrees. */
export const Degrees = z.number().finite();

/** Text in both UI languages; zh-CN is required, English may be empty (then zh-CN is shown). */
export const LocalizedText = (max = 200) =>
  z.object({
    'zh-CN': z.string().trim().min(1, 'zh-CN text is required').max(max),
    en: z.string().trim().max(max).default(''),
  });
export type LocalizedText = { 'zh-CN': string; en: string };

/** An id inside a scene or layout: lower-case letters, digits and `-`. */
export const LocalId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and - only');

/** An axis-aligned rectangle on the floor plan: `min` is the corner with the smaller x and z. */
export const PlanRect = z
  .object({ min: Vec2, max: Vec2 })
  .refine((r) => r.max[0] > r.min[0] && r.max[1] > r.min[1], { message: 'max must be greater than min on both axes', path: ['max'] });
export type PlanRect = z.infer<typeof PlanRect>;
