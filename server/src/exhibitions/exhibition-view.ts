import type { Exhibition, ExhibitionLayout, ExhibitionSummary, PublicUser } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { ExhibitionRecord, Store, WorkRecord } from '../db/store';

/** Whether visitors may see an exhibition: it has a published (approved) layout. */
export const isPublic = (exhibition: ExhibitionRecord) => exhibition.published !== null;

/** Whether the caller may see the working draft (owner, admins). */
export const seesDraft = (user: PublicUser | null, exhibition: ExhibitionRecord) => can(user, 'exhibition:preview', { ownerId: exhibition.ownerId });

/**
 * The exhibition as this caller may see it. Its owner and admins see the work in progress: the
 * draft layout and the title and summary as last saved, with `approvedTexts` (what visitors see)
 * while those edits of a published exhibition await review. Anyone else sees only what an admin
 * approved: the published layout (also in the place of the draft), the approved texts, no review note.
 */
export function exhibitionFor(user: PublicUser | null, record: ExhibitionRecord): Exhibition {
  const { pendingTitle, pendingSummary, ...exhibition } = record;
  if (seesDraft(user, record) || !record.published) {
    const edited = pendingTitle !== null || pendingSummary !== null;
    return {
      ...exhibition,
      title: pendingTitle ?? record.title,
      summary: pendingSummary ?? record.summary,
      approvedTexts: edited && record.published ? { title: record.title, summary: record.summary } : null,
    };
  }
  // No owner account either: it would name the entrant of a blind award entry hanging here (docs/roles.md).
  return { ...exhibition, ownerId: '', draft: record.published, review: null };
}

/** The list form of an exhibition for a layout: template, number of works, cover image. */
export function toSummary(exhibition: Exhibition, layout: ExhibitionLayout, works: ReadonlyMap<string, WorkRecord>): ExhibitionSummary {
  const { draft: _draft, published: _published, ...rest } = exhibition;
  const cover = layout.placements.map((p) => works.get(p.workId)).find((w) => w?.kind === 'image' && w.media.images.length > 0);
  return { ...rest, templateId: layout.templateId, workCount: layout.placements.length, cover: cover?.media.images[0]?.url ?? null };
}

/** Summaries of exhibitions as this caller sees them, loading the works their covers need in one go. */
export async function summariesFor(store: Store, user: PublicUser | null, exhibitions: readonly ExhibitionRecord[]): Promise<ExhibitionSummary[]> {
  const visible = exhibitions.map((e) => exhibitionFor(user, e));
  const works = new Map((await store.works.getMany(visible.flatMap((e) => e.draft.placements.map((p) => p.workId)))).map((w) => [w.id, w]));
  return visible.map((e) => toSummary(e, e.draft, works));
}
