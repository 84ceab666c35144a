import { createHash } from 'node:crypto';
import { generateHallLayout, generateHallScene, MAX_GENERATED_WORKS } from '@yunzhan/scenes';
import { assertLayout, phaseAt, phaseIndex, type ExhibitionLayout, type ReviewNote } from '@yunzhan/shared';
import type { Store } from '../db/store';
import type { CategoryRecord, ProgrammeRecord } from './award-store';

/** Id of a category's nominees' hall: `award-<programme>-<category>`, cut to 64 characters. */
export function hallIdFor(programmeId: string, categoryId: string): string {
  return `award-${programmeId}-${categoryId}`.slice(0, 64);
}

/** The hall id when the plain one belongs to an exhibition that is not this category's hall. */
const fallbackHallId = (programmeId: string, categoryId: string) =>
  `award-${createHash('sha256').update(`${programmeId}/${categoryId}`).digest('hex').slice(0, 16)}`;

/**
 * Works of each category's active entries, in the order they were entered (each once), read
 * with one query for the entries and one for the works, whatever the number of categories.
 */
async function nomineeWorks(store: Store, programme: ProgrammeRecord): Promise<Map<string, string[]>> {
  const entries = await store.awards.entries(programme.id, { status: 'active' });
  const existing = new Set((await store.works.getMany([...new Set(entries.map((e) => e.workId))])).map((w) => w.id));
  return new Map(
    programme.categories.map((c) => {
      const ids = entries.filter((e) => e.categoryId === c.id && existing.has(e.workId)).map((e) => e.workId);
      return [c.id, [...new Set(ids)].slice(0, MAX_GENERATED_WORKS)];
    }),
  );
}

/** Whether a category's hall is missing or hangs other works than its nominees now. */
export function hallStale(category: CategoryRecord, workIds: readonly string[]): boolean {
  return workIds.length > 0 && (category.hallExhibitionId === null || JSON.stringify(category.hallWorkIds) !== JSON.stringify(workIds));
}

/** Builds (or rebuilds) one category's hall around `workIds`, published at once; returns its id. */
async function buildHall(store: Store, programme: ProgrammeRecord, category: CategoryRecord, workIds: string[]): Promise<string> {
  const scene = generateHallScene(workIds.length);
  const layout: ExhibitionLayout = { ...generateHallLayout(scene, workIds), lighting: 'warm' };
  assertLayout(scene, layout);
  const title = {
    'zh-CN': `${programme.title['zh-CN']} · ${category.title['zh-CN']}`.slice(0, 120),
    en: programme.title.en && category.title.en ? `${programme.title.en} · ${category.title.en}`.slice(0, 120) : '',
  };
  const summary = {
    'zh-CN': `${category.title['zh-CN']}的提名作品（${workIds.length} 件）`.slice(0, 1000),
    en: category.title.en ? `The nominees of ${category.title.en} (${workIds.length})`.slice(0, 1000) : '',
  };
  const review: ReviewNote = { decision: 'approve', comment: 'Award nominees · 提名作品', reviewerId: programme.createdBy, at: new Date().toISOString() };

  let id = category.hallExhibitionId ?? hallIdFor(programme.id, category.id);
  let existing = await store.exhibitions.get(id);
  // Someone else's exhibition under our name is never touched.
  if (existing && category.hallExhibitionId !== id) {
    id = fallbackHallId(programme.id, category.id);
    existing = await store.exhibitions.get(id);
  }
  if (!existing) {
    await store.exhibitions.create({
      id,
      title,
      summary,
      ownerId: programme.createdBy,
      status: 'approved',
      draft: layout,
      revision: 1,
      published: layout,
      review,
      publishedAt: review.at,
    });
    return id;
  }
  // The review cycle the store knows: save the draft, send it to review, approve (publishes it).
  const saved = await store.exhibitions.saveDraft(id, existing.revision, ['draft', 'returned', 'approved'], { draft: layout, title, summary, status: 'draft' });
  if (!saved) throw new Error(`hall ${id} changed while it was rebuilt`);
  await store.exhibitions.transition(id, ['draft'], 'in-review');
  if (!(await store.exhibitions.approve(id, review))) throw new Error(`hall ${id} could not be published`);
  return id;
}

/**
 * Brings the nominees' halls of a programme up to date: once voting has started, every category
 * with active entries has a published hall hanging exactly its nominees (built or rebuilt when
 * they changed). Returns whether anything was rebuilt.
 */
export async function syncHalls(store: Store, programme: ProgrammeRecord, now: number): Promise<boolean> {
  if (phaseIndex(phaseAt(programme.schedule, now)) < phaseIndex('voting')) return false;
  let changed = false;
  const nominees = await nomineeWorks(store, programme);
  for (const category of programme.categories) {
    const workIds = nominees.get(category.id) ?? [];
    if (!hallStale(category, workIds)) continue;
    const id = await buildHall(store, programme, category, workIds);
    await store.awards.setHall(programme.id, category.id, id, workIds);
    changed = true;
  }
  return changed;
}

/** Whether syncHalls would change anything (cheap: no exhibition is read). */
export async function hallsNeedSync(store: Store, programme: ProgrammeRecord, now: number): Promise<boolean> {
  if (phaseIndex(phaseAt(programme.schedule, now)) < phaseIndex('voting')) return false;
  const nominees = await nomineeWorks(store, programme);
  return programme.categories.some((category) => hallStale(category, nominees.get(category.id) ?? []));
}
