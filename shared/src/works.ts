import { z } from 'zod';
import { AssetId } from './batch-jobs';
import { ReviewNote } from './review-note';
import { LocalizedText } from './scene/primitives';
import { WorkSubtitles } from './work-subtitles';

// The catalogue: every work has a unique catalogue number and standard metadata (title, creator,
// date, medium, dimensions, description and label text in zh-CN and en, rights).

/** Identifier of a work in URLs and layouts. */
export const WorkId = z.string().regex(/^wk_[A-Za-z0-9_-]{6,40}$/, 'a work id (wk_...)');
export type WorkId = z.infer<typeof WorkId>;

/** The catalogue number shown on labels: `YZ-<year>-<6 digits>`, unique for the whole catalogue. */
export const CatalogueNumber = z.string().regex(/^YZ-\d{4}-\d{6}$/);

/** What kind of media a work is. */
export const WorkKind = z.enum(['image', 'video', 'model', 'audio']);
export type WorkKind = z.infer<typeof WorkKind>;

/** Physical size of the original, in centimetres (depth for objects). */
export const WorkDimensions = z.object({
  widthCm: z.number().finite().positive().max(10_000),
  heightCm: z.number().finite().positive().max(10_000),
  depthCm: z.number().finite().positive().max(10_000).optional(),
});
export type WorkDimensions = z.infer<typeof WorkDimensions>;

/** Licence a work is shown under. */
export const Licence = z.enum(['all-rights-reserved', 'cc-by', 'cc-by-sa', 'cc-by-nc', 'cc-by-nc-nd', 'cc0', 'public-domain']);
export type Licence = z.infer<typeof Licence>;

/** Standard descriptive metadata of a work, validated wherever it enters. */
export const WorkMetadata = z.object({
  title: LocalizedText(120),
  creator: z.string().trim().min(1).max(120),
  /** Free-form date as museums write it: `1936`, `c. 1920`, `2024-05`. */
  date: z.string().trim().max(40).default(''),
  medium: LocalizedText(120).optional(),
  dimensions: WorkDimensions.optional(),
  description: LocalizedText(4000).optional(),
  /** The short text on the wall label. */
  label: LocalizedText(600).optional(),
  rights: z.object({
    holder: z.string().trim().min(1).max(120),
    licence: Licence,
    credit: z.string().trim().max(200).default(''),
  }),
  /**
   * Subtitle files of a video work. Set only by PUT/DELETE /api/works/:id/subtitles/:lang: the
   * server keeps the saved value whatever a metadata edit sends. Absent when there are none.
   */
  subtitles: WorkSubtitles.optional(),
});
export type WorkMetadata = z.infer<typeof WorkMetadata>;
/** Metadata as a client sends it (defaults not applied). */
export type WorkMetadataInput = z.input<typeof WorkMetadata>;

/** One sized rendition of an image work, for textures (power-of-two longest side). */
export const ImageRendition = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  url: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type ImageRendition = z.infer<typeof ImageRendition>;

/** The playable/displayable media of a work, once processed. URLs are same-origin paths. */
export const WorkMedia = z.object({
  /** Image works: renditions from small to large (mip-like levels); others: a poster. */
  images: z.array(ImageRendition).default([]),
  /** Video works: the HLS master playlist. */
  hls: z.string().nullable().default(null),
  /** Model works: the GLB file. */
  model: z.string().nullable().default(null),
  /** Audio works and audio guides: a browser-playable audio file. */
  audio: z.string().nullable().default(null),
  /** Pixel size of the original image or video, when known. */
  width: z.number().int().positive().nullable().default(null),
  height: z.number().int().positive().nullable().default(null),
});
export type WorkMedia = z.infer<typeof WorkMedia>;

/** Processing state of a work's media. */
export const WorkStatus = z.enum(['processing', 'ready', 'failed']);
export type WorkStatus = z.infer<typeof WorkStatus>;

/**
 * A change to the metadata of a work visitors can see (it hangs in a published hall, is placed in
 * an exhibition under review, or is entered in an award programme): it waits for an admin's review
 * and is shown to the work's owner and admins only.
 */
export const MetadataChange = z.object({
  /** `pending`: waiting for review; `returned`: an admin sent it back (see `review`). */
  status: z.enum(['pending', 'returned']),
  /** The metadata visitors see until the change is approved. */
  approved: WorkMetadata,
  /** When the change was last saved (ISO 8601). */
  savedAt: z.string(),
  /** The last decision on a change of this work's metadata (a return keeps its comment here). */
  review: ReviewNote.nullable(),
});
export type MetadataChange = z.infer<typeof MetadataChange>;

/**
 * Metadata as a work view carries it: WorkMetadata, except that the creator, the rights holder and
 * the credit are empty where they are withheld (a blind award entry while it is judged, `Work.blind`).
 */
export const ShownWorkMetadata = WorkMetadata.extend({
  creator: z.string().trim().max(120),
  rights: WorkMetadata.shape.rights.extend({ holder: z.string().trim().max(120) }),
});

/** A work in the catalogue as the API returns it. */
export const Work = z.object({
  id: WorkId,
  catalogueNumber: CatalogueNumber,
  kind: WorkKind,
  metadata: ShownWorkMetadata,
  status: WorkStatus,
  /** The uploaded source (tus asset). */
  assetId: AssetId,
  /** An audio guide (tus asset of an audio file), if any. */
  audioGuideAssetId: AssetId.nullable(),
  media: WorkMedia,
  /** Audio guide URL once processed. */
  audioGuide: z.string().nullable(),
  /** The owner's account; empty where it is withheld (`blind`). */
  ownerId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Present (true) when the work is a blind award entry being judged and the caller may not know
   * who made or entered it: the creator, rights holder, credit and owner are empty, and those names
   * are masked (…) in the texts. See docs/roles.md, "What public pages show while judging runs".
   */
  blind: z.literal(true).optional(),
  /**
   * Owner and admins only: when `metadata` shows a change awaiting review (or returned), what
   * visitors see meanwhile; null when there is none. Visitors get neither the change nor this field.
   */
  metadataChange: MetadataChange.nullable().optional(),
});
export type Work = z.infer<typeof Work>;

/** Body of POST /api/works: catalogue an uploaded asset. */
export const CreateWorkInput = z.object({
  assetId: AssetId,
  kind: WorkKind,
  metadata: WorkMetadata,
  audioGuideAssetId: AssetId.nullable().default(null),
});
export type CreateWorkInput = z.infer<typeof CreateWorkInput>;

/** Body of PATCH /api/works/:id. */
export const UpdateWorkInput = z.object({
  metadata: WorkMetadata.optional(),
  audioGuideAssetId: AssetId.nullable().optional(),
});
export type UpdateWorkInput = z.infer<typeof UpdateWorkInput>;
