import type { Exhibition, ExhibitionLayout, ExhibitionSummary, PublicUser } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { Store, WorkRecord } from '../db/store';

/** Whether visitors may see an exhibition: it has a published (approved) layout. */
export const isPublic = (exhibition: Exhibition) => exhibition.published !== null;

/** Whether the caller may see the working draft (owner, admins). */
export const seesDraft = (user: PublicUser | null, exhibition: Exhibition) => can(user, 'exhibition:preview', { ownerId: exhibition.ownerId });

/**
 * The exhibition as this caller may see it: in full for its owner and admins; for anyone else
 * only the published layout (also in the place of the draft) and no review note.
 */
export function exhibitionFor(user: PublicUser | null, exhibition: Exhibition): Exhibition {
  if (seesDraft(user, exhibition) || !exhibition.published) return exhibition;
  // No owner account either: it would name the entrant of a blind award entry hanging here (docs/roles.md).
  return { ...exhibition, ownerId: '', draft: exhibition.published, review: null };
}

/** The list form of an exhibition for a layout: template, number of works, cover image. */
export function toSummary(exhibition: Exhibition, layout: ExhibitionLayout, works: ReadonlyMap<string, WorkRecord>): ExhibitionSummary {
  const { draft: _draft, published: _published, ...rest } = exhibition;
  const cover = layout.placements.map((p) => works.get(p.workId)).find((w) => w?.kind === 'image' && w.media.images.length > 0);
  return { ...rest, templateId: layout.templateId, workCount: layout.placements.length, cover: cover?.media.images[0]?.url ?? null };
}

/** Summaries of exhibitions as this caller sees them, loading the works their covers need in one go. */
export async function summariesFor(store: Store, user: PublicUser | null, exhibitions: readonly Exhibition[]): Promise<ExhibitionSummary[]> {
  const visible = exhibitions.map((e) => exhibitionFor(user, e));
  const works = new Map((await store.works.getMany(visible.flatMap((e) => e.draft.placements.map((p) => p.workId)))).map((w) => [w.id, w]));
  return visible.map((e) => toSummary(e, e.draft, works));
}
